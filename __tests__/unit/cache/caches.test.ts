// The cache service probe against loopback servers that answer, fail, or are not there.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as cache from '../../../__fixtures__/cache.js'
import * as core from '../../../__fixtures__/core.js'
import type { CacheService } from '../../../src/cache/service.js'
import { saveEntry, startCacheService } from '../../helpers/cache-service.js'
import { closedPort, listenOnLoopback } from '../../helpers/loopback.js'
import { cacheRequest } from '../../helpers/requests.js'

jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('@actions/cache', () => cache)
const { restoreGoCaches } = await import('../../../src/cache/caches.js')
const { readRunner } = await import('../../../src/runner.js')
const {
  cacheServiceOf,
  cacheServiceProblem: problemOf,
  findEntry
} = await import('../../../src/cache/service.js')
const cacheServiceProblem = (env: NodeJS.ProcessEnv) => problemOf(cacheServiceOf(env))

let server: Server
let base: string
const seen: { url?: string; auth?: string }[] = []
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url, auth: req.headers.authorization })
    // Under /camel/, a hit in protobuf JSON's lowerCamelCase field names.
    const camel = '{"ok":true,"matchedKey":"k-1","signedDownloadUrl":"http://127.0.0.1:1/blob?sig=s"}'
    res
      .writeHead(req.url?.startsWith('/broken/') ? 500 : 200, { 'content-type': 'application/json' })
      .end(req.url?.startsWith('/camel/') ? camel : '{"ok":false}')
  })
  base = `http://127.0.0.1:${await listenOnLoopback(server)}/`
})
afterAll(() => {
  server.close()
})

/** The bench's cache service, for what restores. */
let service: Awaited<ReturnType<typeof startCacheService>>
beforeAll(async () => {
  service = await startCacheService()
})
afterAll(() => service.stop())

const env = (url: string) => ({
  ACTIONS_CACHE_SERVICE_V2: 'true',
  ACTIONS_RESULTS_URL: url,
  ACTIONS_RUNTIME_TOKEN: 't0ken'
})

describe('cacheServiceProblem', () => {
  it('is undefined when the service answers, asking it as the toolkit does', async () => {
    await expect(cacheServiceProblem(env(base))).resolves.toBeUndefined()
    expect(seen.at(-1)).toEqual({
      url: '/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL',
      auth: 'Bearer t0ken'
    })
  })

  it('names the status of a failing service', async () => {
    await expect(cacheServiceProblem(env(`${base}broken/`))).resolves.toBe(
      `${base}broken/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL answered HTTP 500`
    )
  })

  it('says when nothing answers', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`
    await expect(cacheServiceProblem(env(url))).resolves.toMatch(/did not answer \(ECONNREFUSED\)$/)
  })

  it('does not probe the v1 service', async () => {
    await expect(cacheServiceProblem({ ACTIONS_RESULTS_URL: `${base}broken/` })).resolves.toBeUndefined()
  })
})

describe('the dependency hash', () => {
  const request = cacheRequest
  const keysOf = async (workspace: string) => {
    const targets = { workingDirectory: workspace, platforms: ['linux/amd64'], jobs: [] }
    const go = { version: 'go1.24.4', gomodcache: '/m', gocache: '/c' }
    const runner = readRunner({ ...service.env, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace })
    return (await restoreGoCaches(request, targets, go, runner)).caches.map(c => c.key)
  }

  it('does not follow a committed link out of the workspace (link -> / would walk the whole disk)', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ws-'))
    writeFileSync(join(workspace, 'go.sum'), 'example.com/a v1.0.0 h1:x=\n')
    const before = await keysOf(workspace)
    const outside = mkdtempSync(join(tmpdir(), 'outside-'))
    mkdirSync(join(outside, 'deep'))
    writeFileSync(join(outside, 'deep', 'go.sum'), 'example.com/planted v6.6.6 h1:y=\n')
    symlinkSync(outside, join(workspace, 'link'))
    symlinkSync('/', join(workspace, 'root'))
    expect(before).toHaveLength(2)
    expect(await keysOf(workspace)).toEqual(before)
  }, 10_000)
})

describe('findEntry, as the service of github.com (v2) and of GitHub Enterprise Server (v1) answer', () => {
  beforeAll(async () => {
    for (const key of ['find-exact', 'find-partial-x'])
      await saveEntry(service.url, { key, version: 'v1', scope: 'refs/heads/main' }, Buffer.from(key))
  })

  const v2 = () => cacheServiceOf(service.env) as CacheService
  const v1 = () =>
    cacheServiceOf({
      ...service.env,
      ACTIONS_CACHE_SERVICE_V2: '',
      ACTIONS_CACHE_URL: service.url
    }) as CacheService

  it('reads a hit in lowerCamelCase field names too', async () => {
    const camel = cacheServiceOf(env(`${base}camel/`)) as CacheService
    await expect(findEntry(camel, { key: 'k-1', restoreKeys: [], version: 'v' })).resolves.toEqual({
      matchedKey: 'k-1',
      downloadUrl: 'http://127.0.0.1:1/blob?sig=s'
    })
  })

  it.each([
    ['the exact key', 'find-exact', 'find-exact'],
    ['a partial match of the key, which the caller must not take for it', 'find-partial', 'find-partial-x'],
    ['nothing', 'find-none', undefined]
  ])('finds %s', async (_name, key, matched) => {
    for (const protocol of [v2(), v1()]) {
      const found = await findEntry(protocol, { key, restoreKeys: [], version: 'v1' })
      expect([protocol.protocol, found?.matchedKey]).toEqual([protocol.protocol, matched])
    }
    expect(v1().protocol).toBe('v1')
  })
})
