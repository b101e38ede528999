// The engine's classic image store (the bench's second engine, DOCKER_HOST set as a runner without
// docker/setup-buildx-action would have it), and an old engine (Docker 20.10, the bench's third). The docker driver there pushes and loads one platform;
// what it cannot write (several platforms, an OCI archive, push-by-digest legs) needs a docker-container
// builder, which the action creates beside the compile. Its BuildKit image cannot be pulled on this
// machine, so here those modes show the other half of the promise: the run ends at once with the
// action's own message naming the ways out, before any image is built or pushed.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { programOutput, runProgram } from '../../scripts/lib/program.js'
import type { ActionRun } from '../../scripts/run-action.js'
import { bench, BUILDX_BUILD, runWatched, uniqueRepo } from './helpers/bench.js'
import { serveOnce } from './helpers/containers.js'
import { manifest } from './helpers/registry.js'
import { httpGet } from '../helpers/http.js'

// One runner for the whole file: Go is downloaded once, into its tool cache.
const runnerDir = mkdtempSync(join(tmpdir(), 'e2e-classic-'))

async function runOnClassic(
  inputs: Record<string, string>,
  dockerHost = bench().classicDockerHost
): Promise<ActionRun> {
  const { run } = await runWatched(
    { platforms: 'linux/amd64', ...inputs },
    { DOCKER_HOST: dockerHost },
    { runnerDir }
  )
  return run
}

/** Whether the run started a `go build`. */
const compiled = (log: string) => /^\[command\]\S*\/go build /m.test(log)

describe('the classic image store, one platform pushed', () => {
  const repo = uniqueRepo(bench().registry, 'classic')
  const runs: ActionRun[] = []
  beforeAll(async () => {
    // Each run with its own time in metadata-action's created label, as the README's pairing passes it.
    for (const [tag, created] of [
      ['1', '2026-11-28T10:00:00.000Z'],
      ['2', '2026-11-28T10:07:31.000Z']
    ]) {
      const labels = `org.opencontainers.image.created=${created}`
      const run = await runOnClassic({ push: 'true', tags: `${repo}:${tag}`, labels })
      if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
      runs.push(run)
    }
  }, 600_000)

  it('is built by the docker driver, which says what it writes, and the summary names the store', () => {
    expect(runs[0].log).toContain(
      'Using builder default (driver docker, classic image store: Docker media types, no annotations)'
    )
    expect(runs[0].summary).toMatch(/Docker Engine 26\.[\d.]+\S* \(classic image store\)/)
  })

  it('gives the same digest twice, whatever time the created label says, under Docker media types', async () => {
    expect(runs[1].outputs.digest).toBe(runs[0].outputs.digest)
    const pushed = await manifest(`${repo}:1`)
    expect(pushed.digest).toBe(runs[0].outputs.digest)
    expect(pushed.body.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
  })

  it('runs, with its CA bundle and time zones', async () => {
    const served = await serveOnce(`${repo}:1`, 'linux/amd64', 18095, [])
    expect(served.status).toBe(200)
  }, 120_000)
})

describe('an old engine: Docker 20.10 (Debian 12), BuildKit 0.8, classic store', () => {
  it('pushes one platform, the same digest twice, and the summary names the versions', async () => {
    const repo = uniqueRepo(bench().registry, 'old-engine')
    const digests: string[] = []
    for (const tag of ['1', '2']) {
      const run = await runOnClassic({ push: 'true', tags: `${repo}:${tag}` }, bench().oldDockerHost)
      if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
      expect(run.summary).toMatch(/Docker Engine 20\.10\.\S+ \(classic image store\), BuildKit 0\.8,/)
      digests.push(run.outputs.digest)
    }
    expect(digests[1]).toBe(digests[0])
    expect((await manifest(`${repo}:1`)).digest).toBe(digests[0])
  }, 600_000)
})

describe('the classic image store, wrong registry credentials', () => {
  it('fail before anything compiles', async () => {
    const b = bench()
    const run = await runOnClassic({
      push: 'true',
      tags: `${b.authRegistry}/classic/app:x`,
      username: b.authUser,
      password: 'not-the-Pa55word'
    })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(`::error::logging in to ${b.authRegistry} as ${b.authUser} failed:`)
    expect(compiled(run.log)).toBe(false)
  }, 300_000)
})

describe('the classic image store, one platform loaded', () => {
  it('puts the image into that engine', async () => {
    const tag = `e2e-classic-load:${Date.now().toString(36)}`
    const run = await runOnClassic({ load: 'true', tags: tag })
    if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
    const id = await programOutput('docker', ['--host', bench().classicDockerHost, 'image', 'inspect', tag])
    expect(id).toContain(tag)
    await runProgram('docker', ['--host', bench().classicDockerHost, 'image', 'rm', tag])
  }, 300_000)
})

describe('the classic image store, two platforms loaded', () => {
  it('is refused before compiling: that store keeps one image per tag, whatever the builder', async () => {
    const run = await runOnClassic({
      load: 'true',
      tags: `e2e-classic-two:${Date.now().toString(36)}`,
      platforms: 'linux/amd64,linux/arm64'
    })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(
      "::error::load: true with 2 platforms needs the engine's containerd image store, which keeps several platforms under one tag"
    )
    expect(compiled(run.log)).toBe(false)
  }, 300_000)
})

describe('the classic image store, what the docker driver cannot write', () => {
  const wayOut =
    'use docker/setup-buildx-action (driver docker-container), or turn on the containerd image store'

  it.each([
    [{ push: 'false' }, 'an OCI archive (push: false, or push-by-digest)'],
    [{ push: 'true', platforms: 'linux/amd64,linux/arm64' }, 'several platforms in one image']
  ])(
    '%j: the docker-container builder made instead cannot start here, and the run ends before any image',
    async (inputs, cannot) => {
      const repo = uniqueRepo(bench().registry, 'classic-cannot')
      const run = await runOnClassic({ ...inputs, tags: `${repo}:1` })
      expect(run.exitCode).toBe(1)
      expect(run.log).toContain(
        `::error::builder: builder default uses the docker driver with the engine's classic image store, which cannot write ${cannot}, and the docker-container builder go-mini-action made in its place could not start (`
      )
      expect(run.log).toContain(wayOut)
      expect(run.log).not.toMatch(BUILDX_BUILD)
      expect(run.outputs.binaries).toBeUndefined()
      const [registry, ...path] = repo.split('/')
      expect((await httpGet(`http://${registry}/v2/${path.join('/')}/tags/list`)).status).toBe(404)
    },
    300_000
  )

  it('a builder given in the input that cannot write it fails before anything compiles', async () => {
    const run = await runOnClassic({ push: 'false', builder: 'default' })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(
      `::error::builder: builder default uses the docker driver with the engine's classic image store, which cannot write an OCI archive (push: false, or push-by-digest); ${wayOut}`
    )
    expect(compiled(run.log)).toBe(false)
  }, 300_000)
})
