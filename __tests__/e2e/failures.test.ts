// Failures: bad input stops before anything runs; a platform that does not compile stops the
// build with Go's own message and pushes nothing.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { programOutput, runProgram } from '../../scripts/lib/program.js'
import { bench, BUILDX_BUILD, runWatched, uniqueRepo } from './helpers/bench.js'
import { httpGet } from '../helpers/http.js'

describe('bad input', () => {
  it('fails before any download, build or push, naming the input and what is accepted', async () => {
    const { run, requests } = await runWatched({ platforms: 'linux/amd64,windows/amd64', push: 'false' })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain('::error::platforms: "windows/amd64" is not supported')
    expect(run.log).toContain('accepted: linux/amd64')
    // Whose fix it is: the step's, not a service's (the runner reads %0A as a new line of the annotation).
    expect(run.log).toMatch(/::error::platforms: .*%0AChange the input named above; nothing was pushed\.$/m)
    expect(run.summary).toContain('## go-mini-action: an input was refused')
    expect(run.log).not.toContain('[command]')
    expect(requests).toEqual([])
  })
  it('an input the action does not have: a green job that pushed nothing, were it only warned about', async () => {
    const { run, requests } = await runWatched({ platforms: 'linux/amd64', tags: 'r/app:1', pushh: 'true' })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(
      '::error::this action has no input "pushh" (did you mean push?): nothing was done'
    )
    expect(run.log).not.toContain('[command]')
    expect(requests).toEqual([])
  })

  // image-workdir is a path inside the image: one outside the context would have created folders on the
  // runner (and made RUNNER_TEMP 0755); one over the binary gives an image no docker run can start.
  it.each([
    ['/../../runner', 'image-workdir: "/../../runner" has "." or ".." parts'],
    ['/hello/data', 'image-workdir: "/hello/data" would be over the binary /hello'],
    ['/etc/passwd', 'image-workdir: "/etc/passwd" would replace /etc/passwd']
  ])('image-workdir %j is refused before anything runs', async (workdir, message) => {
    const { run, requests } = await runWatched({
      platforms: 'linux/amd64',
      push: 'false',
      'image-workdir': workdir
    })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(`::error::${message}`)
    expect(run.log).not.toContain('[command]')
    expect(requests).toEqual([])
  })
})

describe('a platform that does not compile', () => {
  it('fails naming the platform and the package, with Go’s own message, and pushes nothing', async () => {
    const repo = uniqueRepo(bench().registry, 'broken')
    const runnerDir = mkdtempSync(join(tmpdir(), 'e2e-broken-'))
    const { run } = await runWatched(
      {
        'working-directory': '__tests__/e2e/fixtures/broken',
        main: './cmd/broken',
        platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
        tags: `${repo}:1`,
        push: 'true'
      },
      {},
      { runnerDir }
    )
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain('::error::go build for linux/arm64 failed in ./cmd/broken:')
    expect(run.log).toMatch(/greeting_arm64\.go:3:\d+: undefined: notDefinedAnywhere/)
    // A line the problem matcher turns into an annotation on the file, from the workspace root.
    expect(run.log).toMatch(/::add-matcher::\S+go-mini-action-go\.json/)
    expect(run.log).toMatch(
      /^__tests__\/e2e\/fixtures\/broken\/cmd\/broken\/greeting_arm64\.go:3:\d+: undefined: notDefinedAnywhere$/m
    )
    expect(run.log).toContain('::remove-matcher owner=go-mini-action-go::')
    // The job summary says what failed and the stages so far.
    expect(run.summary).toContain('## go-mini-action: failed')
    expect(run.summary).toContain('go build for linux/arm64 failed in ./cmd/broken:')
    expect(run.summary).toMatch(/\| Set up Go \| [\d.]+ s \|/)
    // Go's words are shown with workflow commands off, the matcher still sees them.
    expect(run.log).toMatch(/::stop-commands::[0-9a-f-]{36}\n(# .*\n)?__tests__\/e2e\/fixtures\/broken\//)
    // The post step (which runs after a success only) would have removed the build context: main did.
    expect(readdirSync(join(runnerDir, 'temp')).filter(name => name.startsWith('go-mini-action-'))).toEqual(
      []
    )
    expect(run.log).not.toMatch(BUILDX_BUILD)
    const response = await httpGet(
      `http://${repo.split('/')[0]}/v2/${repo.split('/').slice(1).join('/')}/tags/list`
    )
    expect(response.status).toBe(404)
  }, 300_000)
})

describe('a builder that does not exist', () => {
  it('fails naming it, before compiling anything', async () => {
    const { run } = await runWatched({ platforms: 'linux/amd64', push: 'false', builder: 'no-such-builder' })
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(
      /::error::reading the builder no-such-builder \(docker buildx inspect\) failed \(exit code 1\):.*no builder .no-such-builder. found/
    )
  }, 300_000)
})

/** Whether the run started a `go build` (the compile stage logs each as a [command] line). */
const compiled = (log: string) => /^\[command\]\S*\/go build /m.test(log)

describe('what is knowable without compiling fails before the compile', () => {
  it('a tag that names a digest', async () => {
    const { run } = await runWatched({
      platforms: 'linux/amd64',
      tags: `${bench().registry}/e2e/digest@sha256:${'a'.repeat(64)}`,
      push: 'true'
    })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain('names a digest, which cannot be pushed to; give repository:tag')
    expect(compiled(run.log)).toBe(false)
  })

  it('a builder that cannot start stops the compile at once, naming the builder', async () => {
    const name = `e2e-unstartable-${Date.now().toString(36)}`
    // A docker-container builder whose BuildKit image does not exist (in the local registry).
    await programOutput('docker', [
      'buildx',
      'create',
      '--name',
      name,
      '--driver',
      'docker-container',
      '--driver-opt',
      `image=${bench().registry}/e2e/no-such-buildkit:1`
    ])
    try {
      const { run } = await runWatched({
        platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
        builder: name,
        push: 'false'
      })
      expect(run.exitCode).toBe(1)
      expect(run.log).toContain(
        `::error::starting the builder ${name} (docker buildx inspect --bootstrap) failed`
      )
      expect(run.log).not.toContain('Build the image')
      expect(run.outputs.binaries).toBeUndefined()
    } finally {
      await runProgram('docker', ['buildx', 'rm', '--force', name])
    }
  }, 300_000)
})
