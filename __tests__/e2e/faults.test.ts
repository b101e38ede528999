// Faults on purpose: a registry that refuses the push or drops it mid-way (through a misbehaving
// proxy in front of the bench's registry), a full disk, and cancellation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { programOutput } from '../../scripts/lib/program.js'
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { bench, pathWithoutGo, runBundledAction } from './helpers/bench.js'
import { closedPort } from '../helpers/loopback.js'
import { processesWithEnv } from '../helpers/processes.js'
import { httpGet } from '../helpers/http.js'

async function startProxy(mode: string): Promise<{ address: string; child: ChildProcess }> {
  const port = await closedPort()
  const child = spawn(
    process.execPath,
    ['scripts/e2e/faulty-proxy.mjs', bench().registry, String(port), mode],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  await new Promise<void>(resolve => child.stdout?.once('data', () => resolve()))
  return { address: `127.0.0.1:${port}`, child }
}

/** The tags the bench's registry holds for a repository (none when it never heard of it). */
async function tagsOf(repository: string): Promise<string[]> {
  const response = await httpGet(`http://${bench().registry}/v2/${repository}/tags/list`)
  return response.ok ? ((response.json() as { tags: string[] | null }).tags ?? []) : []
}

// The bench's own Go on PATH: these runs need no download.
const withBenchGo = () => ({ PATH: [dirname(bench().goBinary), pathWithoutGo()].join(delimiter) })

describe('a registry that fails the push', () => {
  it.each([
    ['refuses every upload', 'refuse-push'],
    ['drops the connection when the tag is written', 'drop-tag']
  ])(
    '%s: a clear error naming it, and no tag',
    async (_name, mode) => {
      const proxy = await startProxy(mode)
      try {
        const repository = `faults/${mode}-${Date.now().toString(36)}`
        const run = await runBundledAction(
          { platforms: 'linux/amd64,linux/arm64', tags: `${proxy.address}/${repository}:1`, push: 'true' },
          withBenchGo()
        )
        expect(run.exitCode).toBe(1)
        expect(run.log).toContain(
          `::error::pushing to ${proxy.address}/${repository} (docker buildx build) failed`
        )
        expect(await tagsOf(repository)).toEqual([])
      } finally {
        proxy.child.kill()
      }
    },
    300_000
  )
})

describe('a full disk under the build context', () => {
  const mount = mkdtempSync(join(tmpdir(), 'full-'))
  beforeAll(async () => {
    await programOutput('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount])
  })
  afterAll(async () => {
    await programOutput('umount', [mount])
  })

  it('fails the build saying the disk is full', async () => {
    const run = await runBundledAction(
      { platforms: 'linux/amd64', push: 'false' },
      { ...withBenchGo(), RUNNER_TEMP: mount }
    )
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(
      /::error::go build for linux\/amd64 failed because the disk is full \(no space left to write \S+\)/
    )
    expect(run.log).toContain('no space left on device')
  }, 300_000)
})

describe('cancellation', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s stops the builds and leaves no build context behind',
    async signal => {
      const root = mkdtempSync(join(tmpdir(), 'cancel-'))
      const runnerTemp = join(root, 'temp')
      mkdirSync(runnerTemp)
      const run = await runBundledAction(
        { platforms: 'linux/amd64,linux/arm64,linux/arm/v7', push: 'false' },
        // A cold build cache, so that the builds are still running when the signal comes.
        { ...withBenchGo(), RUNNER_TEMP: runnerTemp, GOCACHE: join(root, 'gocache') },
        { post: false, signalWhen: { logContains: ' build -trimpath', signal } }
      )
      expect(run.exitCode).toBe(1)
      expect(run.log).toContain(
        `::error::cancelled (${signal}): stopped the running programs and removed the build context`
      )
      expect(readdirSync(runnerTemp).filter(f => f.startsWith('go-mini-action-'))).toEqual([])
      // No process of this run survives it: go, compile and link all inherit this run's GOCACHE.
      await new Promise(resolve => setTimeout(resolve, 500))
      expect(processesWithEnv(`GOCACHE=${join(root, 'gocache')}`)).toEqual([])
    },
    300_000
  )
})
