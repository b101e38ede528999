// push: false writes an OCI archive; Go on PATH is reused when it fits; another Go version is
// resolved and downloaded from the mirror.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import type { ActionRun } from '../../scripts/run-action.js'
import { programOutput } from '../../scripts/lib/program.js'
import { pathWithoutGo, runWatched } from './helpers/bench.js'
import { serveOnce } from './helpers/containers.js'
import { untar } from '../../src/docker/tar.js'
import type { Descriptor } from './helpers/registry.js'

describe('push: false', () => {
  let first: { run: ActionRun; requests: string[] }
  let runnerDir: string
  beforeAll(async () => {
    runnerDir = mkdtempSync(join(tmpdir(), 'e2e-runner-'))
    first = await runWatched(
      // A pull request's build: tagged as it would be, nothing pushed.
      {
        platforms: 'linux/amd64,linux/arm/v6',
        push: 'false',
        version: 'local-1',
        tags: 'r.example/acme/app:pr-1'
      },
      {},
      { runnerDir, post: false }
    )
    if (first.run.exitCode !== 0) throw new Error(`the action failed:\n${first.run.log}`)
  }, 300_000)

  it('writes an OCI archive holding an index of the requested platforms', () => {
    const archive = untar(readFileSync(first.run.outputs.archive))
    expect(archive.has('oci-layout')).toBe(true)
    const top = JSON.parse(archive.get('index.json')?.toString() ?? '{}') as { manifests: Descriptor[] }
    const blob = (digest: string) => archive.get(`blobs/sha256/${digest.replace('sha256:', '')}`) as Buffer
    expect(top.manifests).toHaveLength(1)
    expect(top.manifests[0].digest).toBe(first.run.outputs.digest)
    const index = JSON.parse(blob(first.run.outputs.digest).toString()) as { manifests: Descriptor[] }
    expect(index.manifests.map(m => m.platform)).toEqual([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm', variant: 'v6' }
    ])
    // Nothing was pushed: no reference to name.
    expect(first.run.outputs.image).toBe('')
    expect(first.run.outputs.version).toBe('local-1')
  })

  it('builds an image whose time zones work with a Go that has no lib/time/zoneinfo.zip (a distribution package)', async () => {
    // The runner's Go, as some distribution packages ship it: without zoneinfo.zip (hard links: quick).
    const distroGo = join(mkdtempSync(join(tmpdir(), 'distro-go-')), 'go')
    await programOutput('cp', ['-al', join(runnerDir, 'tool-cache', 'go', '1.24.4', 'x64'), distroGo])
    rmSync(join(distroGo, 'lib', 'time', 'zoneinfo.zip'))
    const tag = `e2e-distro-go:${Date.now().toString(36)}`
    const { run } = await runWatched(
      { platforms: 'linux/amd64', tags: tag, load: 'true' },
      { PATH: [join(distroGo, 'bin'), pathWithoutGo()].join(delimiter) }
    )
    if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
    expect(run.log).toMatch(
      /::notice::tzdata: this Go has no lib\/time\/zoneinfo\.zip .* goes into the binary/
    )
    try {
      // The example loads Europe/Berlin at start and answers with the time there.
      const served = await serveOnce(tag, 'linux/amd64', 18093, [])
      expect(served.status).toBe(200)
      expect(JSON.stringify(served.body)).toContain('Europe/Berlin')
    } finally {
      await programOutput('docker', ['image', 'rm', tag])
    }
  }, 300_000)

  it("loads two platforms under one tag into the engine's containerd image store, each of which runs", async () => {
    const tag = `e2e-load-two:${Date.now().toString(36)}`
    const { run } = await runWatched(
      { platforms: 'linux/amd64,linux/arm64', tags: tag, load: 'true' },
      {},
      { runnerDir, post: false }
    )
    if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
    expect(run.outputs.image).toBe('')
    try {
      // Each platform from the engine itself (nothing to pull: the tag names no registry that has it).
      for (const [platform, port] of [
        ['linux/amd64', 18094],
        ['linux/arm64', 18095]
      ] as const)
        expect((await serveOnce(tag, platform, port, [])).status).toBe(200)
    } finally {
      await programOutput('docker', ['image', 'rm', tag])
    }
  }, 300_000)

  it('reuses a Go on PATH that satisfies the request, with no request to the mirror', async () => {
    const goBin = join(runnerDir, 'tool-cache', 'go', '1.24.4', 'x64', 'bin')
    const { run, requests } = await runWatched(
      { platforms: 'linux/amd64', push: 'false' },
      { PATH: [goBin, pathWithoutGo()].join(delimiter) }
    )
    expect(run.exitCode).toBe(0)
    expect(run.log).toContain(`Using go1.24.4 found on PATH at ${join(goBin, 'go')}`)
    expect(run.outputs['go-version']).toBe('1.24.4')
    expect(requests).toEqual([])
  }, 300_000)

  it('downloads another release when the one on PATH does not satisfy go-version', async () => {
    const goBin = join(runnerDir, 'tool-cache', 'go', '1.24.4', 'x64', 'bin')
    const { run, requests } = await runWatched(
      { platforms: 'linux/arm64', push: 'false', 'go-version': '1.25' },
      { PATH: [goBin, pathWithoutGo()].join(delimiter) },
      { runnerDir }
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs['go-version']).toBe('1.25.12')
    expect(requests.some(l => l.includes('go1.25.12.linux-amd64.tar.gz') && l.endsWith(' 200'))).toBe(true)
  }, 300_000)
})
