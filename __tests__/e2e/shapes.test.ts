// Project shapes real repositories have: a go.work workspace, a vendored module built with no
// network, a go.mod naming a Go patch the mirror lacks, and a binary over 30 MB.
import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { programOutput, runProgram } from '../../scripts/lib/program.js'
import type { ActionRun } from '../../scripts/run-action.js'
import { bench, runBundledAction, uniqueRepo } from './helpers/bench.js'
import { readIndex } from './helpers/registry.js'

const runnerDir = mkdtempSync(join(tmpdir(), 'e2e-shapes-'))

function ok(run: ActionRun): ActionRun {
  if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
  return run
}

/** What the linux/amd64 binary prints (the step's post, which removes it, has not run). */
async function amd64Output(run: ActionRun, name: string): Promise<string> {
  const binaries = JSON.parse(run.outputs.binaries) as Record<string, Record<string, { path: string }>>
  return (await programOutput(binaries['linux/amd64'][name].path, [])).trim()
}

/** A fresh workspace holding `files` (path → content) as a module of its own. */
function module(files: Record<string, string | Buffer>): string {
  const workspace = mkdtempSync(join(tmpdir(), 'shape-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(workspace, path, '..'), { recursive: true })
    writeFileSync(join(workspace, path), content)
  }
  return workspace
}

/** The action on the module at the root of `workspace`, its binary named `name`. */
const runOnModule = (workspace: string, name: string, inputs: Record<string, string>, post = false) =>
  runBundledAction(
    { 'working-directory': '.', main: '.', 'binary-name': name, ...inputs },
    { GITHUB_WORKSPACE: workspace },
    { runnerDir, post }
  )

describe('project shapes', () => {
  it('a go.work workspace whose main module is in a subfolder', async () => {
    const run = ok(
      await runBundledAction(
        {
          'working-directory': '__tests__/e2e/fixtures/workspace',
          main: './app/cmd/hi',
          platforms: 'linux/amd64,linux/arm64',
          push: 'false'
        },
        {},
        { runnerDir, post: false }
      )
    )
    expect(await amd64Output(run, 'hi')).toBe('hello from the workspace')
  }, 300_000)

  it('a module with a vendor/ folder, built with no network (GOPROXY=off, empty module cache)', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'vendored-'))
    cpSync('__tests__/e2e/fixtures/withdeps', workspace, { recursive: true })
    const goEnv = {
      ...process.env,
      GOPROXY: bench().goproxy,
      GOSUMDB: 'off',
      GOFLAGS: '-modcacherw',
      GOTOOLCHAIN: 'local',
      GOMODCACHE: join(workspace, '..', `${workspace.split('/').pop()}-modcache`)
    }
    await programOutput(bench().goBinary, ['mod', 'tidy'], { cwd: workspace, env: goEnv })
    await programOutput(bench().goBinary, ['mod', 'vendor'], { cwd: workspace, env: goEnv })
    const run = ok(
      await runBundledAction(
        {
          'working-directory': '.',
          main: './cmd/app',
          platforms: 'linux/amd64',
          push: 'false',
          cache: 'false'
        },
        {
          GITHUB_WORKSPACE: workspace,
          GOPROXY: 'off',
          GOMODCACHE: mkdtempSync(join(tmpdir(), 'empty-modcache-')),
          GOFLAGS: '-modcacherw'
        },
        { runnerDir, post: false }
      )
    )
    expect(await amd64Output(run, 'app')).toMatch(/^hello req-[0-9a-f-]{36}$/)
  }, 300_000)

  it('a go.mod whose go line names a patch the mirror lacks: refused before compiling, naming the nearest', async () => {
    const workspace = module({
      'go.mod': 'module example.com/patch\n\ngo 1.24.99\n',
      'main.go': 'package main\n\nfunc main() {}\n'
    })
    const run = await runOnModule(workspace, 'patch', { platforms: 'linux/amd64', push: 'false' }, true)
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(
      '::error::go-version: no Go release for linux/amd64 matches "1.24.99"; the nearest: 1.24.4'
    )
    expect(run.log).not.toMatch(/^\[command\]\S*\/go build /m)
  }, 300_000)

  it('platform-specific files chosen by build constraints, each platform its own', async () => {
    const workspace = module({
      'go.mod': 'module example.com/tagged\n\ngo 1.24\n',
      'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(source) }\n',
      'source_arm64.go': '//go:build arm64\n\npackage main\n\nconst source = "the arm64 file"\n',
      'source_other.go': '//go:build !arm64\n\npackage main\n\nconst source = "the other file"\n'
    })
    const run = ok(
      await runOnModule(workspace, 'tagged', { platforms: 'linux/amd64,linux/arm64', push: 'false' })
    )
    const binaries = JSON.parse(run.outputs.binaries) as Record<string, Record<string, { path: string }>>
    expect(await amd64Output(run, 'tagged')).toBe('the other file')
    // The arm64 binary runs here under the bench's qemu binfmt handler.
    expect((await programOutput(binaries['linux/arm64'].tagged.path, [])).trim()).toBe('the arm64 file')
  }, 300_000)

  it('a binary over 30 MB', async () => {
    const workspace = module({
      'go.mod': 'module example.com/big\n\ngo 1.24\n',
      'main.go':
        'package main\n\nimport (\n\t_ "embed"\n\t"fmt"\n)\n\n//go:embed big.bin\nvar data []byte\n\nfunc main() { fmt.Println(len(data)) }\n',
      'big.bin': randomBytes(31 * 2 ** 20)
    })
    const repo = uniqueRepo(bench().registry, 'big')
    const run = ok(
      await runOnModule(workspace, 'big', { platforms: 'linux/amd64', tags: `${repo}:1`, push: 'true' })
    )
    expect(await amd64Output(run, 'big')).toBe(String(31 * 2 ** 20))
    const manifests = JSON.parse(run.outputs.manifests) as Record<string, { size: number }>
    expect(manifests['linux/amd64'].size).toBeGreaterThan(30 * 2 ** 20)
    // The last line: what the program printed (docker's pull progress comes first).
    const ran = (await runProgram('docker', ['run', '--rm', `${repo}:1`])).output.trim().split('\n')
    expect(ran.at(-1)).toBe(String(31 * 2 ** 20))
  }, 300_000)
})

describe('a program that keeps state (image-workdir, volumes)', () => {
  // As the Distribution registry stores pushed images under /var/lib/registry, and cfssl writes its
  // certificates where it runs: the image's user (65532) writes both, with no mount given at run time.
  it('writes its working directory and its volume as the image user, with no mount given', async () => {
    const workspace = module({
      'go.mod': 'module example.com/stateful\n\ngo 1.24\n',
      'main.go': [
        'package main',
        '',
        'import (',
        '\t"fmt"',
        '\t"os"',
        ')',
        '',
        'func main() {',
        '\tfor _, path := range []string{"ca.pem", "/var/lib/store/docker/blob"} {',
        '\t\tif err := os.MkdirAll("/var/lib/store/docker", 0o755); err != nil {',
        '\t\t\tpanic(err)',
        '\t\t}',
        '\t\tif err := os.WriteFile(path, []byte("x"), 0o600); err != nil {',
        '\t\t\tpanic(err)',
        '\t\t}',
        '\t}',
        '\twd, _ := os.Getwd()',
        '\tfmt.Println("wrote", wd, "as", os.Getuid())',
        '}',
        ''
      ].join('\n')
    })
    const repo = uniqueRepo(bench().registry, 'stateful')
    ok(
      await runOnModule(workspace, 'stateful', {
        platforms: 'linux/amd64',
        'image-workdir': '/srv/pki',
        volumes: '/var/lib/store',
        tags: `${repo}:1`,
        push: 'true'
      })
    )
    const ran = await runProgram('docker', ['run', '--rm', `${repo}:1`])
    expect(ran.output.trim().split('\n').at(-1)).toBe('wrote /srv/pki as 65532')
    const inspected = await programOutput('docker', [
      'image',
      'inspect',
      '--format',
      '{{json .Config.Volumes}}',
      `${repo}:1`
    ])
    expect(JSON.parse(inspected)).toEqual({ '/var/lib/store': {} })
  }, 300_000)
})

describe('a checkout copied into the image (files: .:/app)', () => {
  it('never carries .git, where actions/checkout keeps its token, into any layer', async () => {
    const workspace = module({
      'go.mod': 'module example.com/checkout\n\ngo 1.24\n',
      'main.go': 'package main\n\nfunc main() { println("hello") }\n',
      'static/index.html': '<h1>hi</h1>\n'
    })
    // A real repository, as actions/checkout leaves it (go build stamps its VCS state from it).
    await programOutput('git', ['init', '-q', workspace])
    await programOutput('git', [
      '-C',
      workspace,
      'config',
      'http.https://github.com/.extraheader',
      'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA=='
    ])
    await programOutput('git', [
      '-C',
      workspace,
      '-c',
      'user.name=ci',
      '-c',
      'user.email=ci@example.com',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'x'
    ])
    const repo = uniqueRepo(bench().registry, 'checkout')
    const run = ok(
      await runOnModule(workspace, 'server', {
        platforms: 'linux/amd64',
        tags: `${repo}:1`,
        push: 'true',
        files: '.:/app'
      })
    )
    expect(run.log).toContain(`::notice::files: left out of the image`)
    const [image] = (await readIndex(`${repo}:1`)).images
    const paths = [...image.files.keys()]
    expect(paths).toContain('app/static/index.html')
    expect(paths.filter(path => path.includes('.git'))).toEqual([])
    expect([...image.files.values()].some(content => content.includes('extraheader'))).toBe(false)
  }, 300_000)
})

describe("build-push-action's list syntax", () => {
  it('takes quoted platforms and a quoted label over several lines, as its users write them', async () => {
    const workspace = module({
      'go.mod': 'module example.com/lists\n\ngo 1.24\n',
      'main.go': 'package main\n\nfunc main() { println("hello") }\n'
    })
    const repo = uniqueRepo(bench().registry, 'lists')
    ok(
      await runOnModule(workspace, 'lists', {
        platforms: '"linux/amd64,linux/arm64"',
        tags: `${repo}:1`,
        push: 'true',
        labels: 'team=a, b\n"note=line one\nline two"'
      })
    )
    const index = await readIndex(`${repo}:1`)
    expect(index.images.map(i => i.platform)).toEqual(['linux/amd64', 'linux/arm64'])
    const labels = (index.images[0].config.config as { Labels?: Record<string, string> }).Labels ?? {}
    expect(labels.team).toBe('a, b')
    expect(labels.note).toBe('line one\nline two')
  }, 300_000)
})

describe('version stamping', () => {
  const stamped = () =>
    module({
      'go.mod': 'module example.com/stamped\n\ngo 1.24\n',
      'main.go':
        'package main\n\nvar version, commit, date = "dev", "none", "unknown"\n\nfunc main() { println(version, commit, date) }\n'
    })

  it("stamps goreleaser's main.commit and main.date where the package declares them", async () => {
    const sha = '0123456789abcdef0123456789abcdef01234567'
    const run = ok(
      await runBundledAction(
        {
          'working-directory': '.',
          main: '.',
          'binary-name': 'stamped',
          platforms: 'linux/amd64',
          push: 'false',
          'source-date-epoch': '1764583200'
        },
        { GITHUB_WORKSPACE: stamped(), GITHUB_SHA: sha, GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v1.2.3' },
        { runnerDir, post: false }
      )
    )
    expect(await amd64Output(run, 'stamped')).toBe(`v1.2.3 ${sha} 2025-12-01T10:00:00Z`)
  }, 300_000)

  it('fails before compiling when the version-variable given is not declared, naming it and the package', async () => {
    const run = await runOnModule(stamped(), 'stamped', {
      platforms: 'linux/amd64',
      push: 'false',
      'version-variable': 'main.Version'
    })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain('::error::version-variable: main.Version is not declared in package main of .;')
    expect(run.log).not.toMatch(/^\[command\]\S*\/go build /m)
  }, 300_000)
})
