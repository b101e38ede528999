// The README's tags-from-the-git-ref step, run for a push of tag v1.2.3: it pushes exactly the tags
// metadata-action makes for those rules, and one version (metadata-action's 1.2.3) is in the binary,
// the version output, the image's label and its annotation.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ActionRun } from '../../scripts/run-action.js'
import { runProgram } from '../../scripts/lib/program.js'
import { httpGet } from '../helpers/http.js'
import { bench, runBundledAction, uniqueRepo } from './helpers/bench.js'
import { actionWith, readmeYaml, type Step } from './helpers/readme.js'
import { manifest, readIndex } from './helpers/registry.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const step = actionWith(readmeYaml<{ steps: Step[] }>('## Tags from the git ref').steps)

let run: ActionRun
let repo: string

beforeAll(async () => {
  repo = uniqueRepo(bench().registry, 'tags')
  const runnerDir = mkdtempSync(join(tmpdir(), 'e2e-runner-'))
  const eventFile = join(runnerDir, 'event.json')
  const repository = { name: 'server', html_url: 'https://github.com/acme/server', default_branch: 'main' }
  writeFileSync(eventFile, JSON.stringify({ ref: 'refs/tags/v1.2.3', repository }))
  // The bench's registry takes no login: the step's credentials stay out, as a fork's would.
  const inputs = Object.fromEntries(
    Object.entries(step).filter(([name]) => name !== 'username' && name !== 'password')
  )
  const run_ = await runBundledAction(
    {
      ...inputs,
      images: inputs.images.replace('ghcr.io/acme/server', repo),
      push: inputs.push.replace("${{ github.event_name != 'pull_request' }}", 'true'),
      platforms: 'linux/amd64'
    },
    {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/tags/v1.2.3',
      GITHUB_REF_TYPE: 'tag',
      GITHUB_REF_NAME: 'v1.2.3',
      GITHUB_SHA: SHA,
      GITHUB_REPOSITORY: 'acme/server',
      GITHUB_EVENT_PATH: eventFile
    },
    { runnerDir }
  )
  if (run_.exitCode !== 0) throw new Error(`the action failed:\n${run_.log}`)
  run = run_
}, 300_000)

describe("a tag push with metadata-action's rules", () => {
  it('pushes exactly the tags metadata-action makes: the version, major.minor, the short sha and latest', async () => {
    const [registry, ...path] = repo.split('/')
    const listed = (await httpGet(`http://${registry}/v2/${path.join('/')}/tags/list`)).body
    expect((JSON.parse(listed.toString()) as { tags: string[] }).tags.sort()).toEqual([
      '1.2',
      '1.2.3',
      'latest',
      'sha-0123456'
    ])
    expect(run.log).toContain(
      `Tags from the rules: ${repo}:1.2.3, ${repo}:1.2, ${repo}:sha-0123456, ${repo}:latest`
    )
  })

  it('gives one version to the binary, the version output, the label and the annotation', async () => {
    expect(run.outputs.version).toBe('1.2.3')
    const [image] = (await readIndex(`${repo}:1.2.3`)).images
    // The binary says its version when it starts: run it until it does.
    const binary = join(mkdtempSync(join(tmpdir(), 'e2e-hello-')), 'hello')
    writeFileSync(binary, image.files.get('hello') as Buffer, { mode: 0o755 })
    const started = await runProgram(binary, ['-addr', '127.0.0.1:0'], {
      onOutput: (chunk, kill) => {
        if (chunk.includes('listening')) kill('SIGTERM')
      }
    })
    expect(started.output).toMatch(/hello 1\.2\.3 \(linux\/amd64\) listening/)
    const labels = (image.config.config as { Labels?: Record<string, string> }).Labels
    expect(labels).toMatchObject({
      'org.opencontainers.image.version': '1.2.3',
      'org.opencontainers.image.title': 'server',
      'org.opencontainers.image.url': 'https://github.com/acme/server',
      'org.opencontainers.image.revision': SHA
    })
    const top = (await manifest(`${repo}:1.2.3`)).body as { annotations?: Record<string, string> }
    expect(top.annotations).toMatchObject({ 'org.opencontainers.image.version': '1.2.3' })
  })
})
