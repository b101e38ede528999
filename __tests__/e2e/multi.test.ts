// Images real programs need: two binaries, a folder of assets and a workdir, still FROM scratch, only
// COPY layers, and reproducible (also with the build cache gone).
import { describe, expect, it, jest } from '@jest/globals'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { programOutput } from '../../scripts/lib/program.js'
import type { ActionRun } from '../../scripts/run-action.js'
import { bench, runBundledAction, uniqueRepo } from './helpers/bench.js'
import { blob, manifest } from './helpers/registry.js'
import { compileRequest } from '../helpers/requests.js'

jest.unstable_mockModule('@actions/core', () => core)
const { compileAll } = await import('../../src/compile/compile.js')
const { compileJobs } = await import('../../src/compile/plan.js')
const { parsePlatforms } = await import('../../src/platform.js')

const runnerDir = mkdtempSync(join(tmpdir(), 'e2e-multi-'))
const GIT = {
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REF_TYPE: 'branch',
  GITHUB_REF_NAME: 'main'
}
const PLATFORMS = ['linux/amd64', 'linux/arm64']

/** The action on the fixture: both binaries and the assets, unless `inputs` say otherwise. */
const runOnFixture = (inputs: Record<string, string>) =>
  runBundledAction(
    {
      'working-directory': '__tests__/e2e/fixtures/multi',
      main: './cmd/web\n./cmd/reader',
      files: 'assets:/srv/assets',
      platforms: PLATFORMS.join(','),
      ...inputs
    },
    GIT,
    { runnerDir }
  )

async function build(repo: string, tag: string): Promise<ActionRun> {
  // cmd in build-push-action's list syntax: a quoted argument keeps its comma (the quote opens the item).
  const run = await runOnFixture({
    tags: `${repo}:${tag}`,
    push: 'true',
    cmd: 'serve,"--greeting=hi, there"',
    'image-workdir': '/srv/work'
  })
  if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
  return run
}

describe('two binaries and a folder of assets', () => {
  it('runs the first by default with cmd, the second by --entrypoint, with the files; reproducibly; only COPY layers', async () => {
    const repo = uniqueRepo(bench().registry, 'multi')
    const first = await build(repo, 'a')
    const binaries = JSON.parse(first.outputs.binaries) as Record<string, Record<string, { size: number }>>
    expect(Object.keys(binaries)).toEqual(PLATFORMS)
    for (const platform of PLATFORMS) expect(Object.keys(binaries[platform])).toEqual(['web', 'reader'])
    expect(first.summary).toMatch(/Extra files \(input files\): \d+ B in each image\./)

    const image = `${repo}:a`
    const docker = (args: string[]) =>
      programOutput('docker', ['run', '--rm', '--platform', 'linux/amd64', ...args])
    expect(await docker([image])).toContain('web: the first binary ["serve" "--greeting=hi, there"]')
    const listed = await docker(['--entrypoint', '/reader', image])
    expect(listed).toContain('/srv/assets/hello.txt -rw-r--r-- "hello from the assets\\n"')
    expect(listed).toContain('/srv/assets/tools/run.sh -rwxr-xr-x "#!/bin/sh\\necho tool\\n"')

    // Nothing but COPY (and metadata, and WORKDIR's empty layer) went into any layer.
    const index = (await manifest(image)).body
    for (const entry of index.manifests ?? []) {
      const body = (await manifest(`${repo}@${entry.digest}`)).body
      const config = JSON.parse((await blob(repo, body.config?.digest ?? '')).toString()) as {
        history: { created_by?: string; empty_layer?: boolean }[]
      }
      const steps = config.history.filter(h => !h.empty_layer).map(h => (h.created_by ?? '').split(' ')[0])
      // WORKDIR's layer is empty: its folder comes with the COPY of rootfs/, with the commit's time.
      expect([...new Set(steps)]).toEqual(['COPY', 'WORKDIR'])
    }

    // Reproducible on a fresh runner too: no build cache, another second on the clock.
    await programOutput('docker', ['buildx', 'prune', '--all', '--force'])
    await new Promise(resolve => setTimeout(resolve, 1100))
    const second = await build(repo, 'b')
    expect(second.outputs.digest).toBe(first.outputs.digest)
  }, 600_000)
})

describe('a main that is not a main package', () => {
  it('is refused by name before anything is compiled', async () => {
    const run = await runOnFixture({ main: './cmd/web,./lib', platforms: 'linux/amd64', push: 'false' })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain('::error::main: ./lib is not a main package')
    expect(run.log).not.toMatch(/^\[command\]\S*\/go build /m)
  }, 300_000)
})

describe('several main packages', () => {
  const fixture = resolve('__tests__/e2e/fixtures/multi')
  const request = {
    ...compileRequest(fixture),
    mains: [
      { package: './cmd/web', name: 'web' },
      { package: './cmd/reader', name: 'reader' }
    ],
    platforms: parsePlatforms(PLATFORMS)
  }
  const importPaths = {
    './cmd/web': 'example.com/multi/cmd/web',
    './cmd/reader': 'example.com/multi/cmd/reader'
  }
  const built = async (batch: boolean) => {
    const contextDir = mkdtempSync(join(tmpdir(), 'ctx-'))
    const jobs = compileJobs(request, 'v1.0.0', contextDir, {}, batch)
    expect(jobs).toHaveLength(batch ? PLATFORMS.length : PLATFORMS.length * 2)
    const binaries = await compileAll(bench().goBinary, fixture, jobs, { sourcePrefix: '', importPaths })
    return binaries.map(b => [b.platform, b.name, readFileSync(b.path).toString('base64')])
  }

  it('are built in one go build per platform, into the same bytes as separate builds', async () => {
    expect(await built(true)).toEqual(await built(false))
  }, 300_000)

  it('run one go build per platform in the action, and a compile error names its package', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'e2e-multi-broken-'))
    cpSync(fixture, workspace, { recursive: true })
    writeFileSync(
      join(workspace, 'cmd/reader/broken.go'),
      'package main\n\nvar broken int = "not a number"\n'
    )
    const run = await runBundledAction(
      { 'working-directory': '.', main: './cmd/web\n./cmd/reader', platforms: 'linux/amd64', push: 'false' },
      { ...GIT, GITHUB_WORKSPACE: workspace },
      { runnerDir }
    )
    expect(run.exitCode).toBe(1)
    const builds = run.log.split('\n').filter(line => /^\[command\]\S*\/go build /.test(line))
    expect(builds).toHaveLength(1)
    expect(builds[0]).toMatch(/ -o \S+\/\.go-build\/ \.\/cmd\/web \.\/cmd\/reader$/)
    expect(run.log).toContain('::error::go build for linux/amd64 failed in ./cmd/reader:')
  }, 300_000)
})
