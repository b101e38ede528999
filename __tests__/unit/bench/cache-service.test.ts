// The bench's cache service (scripts/e2e/cache-server.mjs) against every case of
// shared/service-cases/actions-cache.json, GitHub's documented behaviour, over HTTP as @actions/cache
// talks to it: a stand-in kinder than the real service would hide what real runners meet.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CacheScopes } from '../../../scripts/lib/bench-env.js'
import { lookupEntry, saveEntry, twirpCall } from '../../helpers/cache-service.js'
import { closedPort } from '../../helpers/loopback.js'

interface Entry {
  key: string
  version: string
  scope: string
  created: number
  finalized?: boolean
}
interface Lookup {
  key: string
  restoreKeys: string[]
  version: string
  scopes: CacheScopes
}
type Expected = string | { key: string; scope: string } | null
interface Cases {
  cases: { name: string; entries: Entry[]; lookup: Lookup; expect: Expected }[]
  saves: {
    name: string
    entries: Entry[]
    save: Omit<Entry, 'created'>
    expect?: 'saved' | 'refused (already exists)'
    then?: { lookup: Lookup; expect: Expected }
  }[]
}

const cases = JSON.parse(readFileSync('../shared/service-cases/actions-cache.json', 'utf8')) as Cases

const dir = mkdtempSync(join(tmpdir(), 'cache-service-'))
let server: ChildProcess
let service = ''

beforeAll(async () => {
  const port = await closedPort()
  server = spawn(process.execPath, ['scripts/e2e/cache-server.mjs', dir, String(port)], { stdio: 'inherit' })
  service = `http://127.0.0.1:${port}/`
  for (let tries = 0; ; tries++) {
    try {
      await twirpCall(service, 'GetCacheEntryDownloadURL', { key: 'k', version: 'v' }, 'none')
    } catch (error) {
      if (/HTTP 401/.test(String(error))) return
      if (tries > 100) throw error
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }
})
afterAll(() => {
  server.kill()
  rmSync(dir, { recursive: true, force: true })
})

/** Each case gets keys of its own, so that the cases share one service without seeing each other. */
const namespaced = (n: string) => ({
  key: (key: string) => `case${n}/${key}`,
  lookup: (l: Lookup): Lookup => ({
    ...l,
    key: `case${n}/${l.key}`,
    restoreKeys: l.restoreKeys.map(k => `case${n}/${k}`)
  })
})
/** Every archive says which entry it is, so that a lookup shows the scope it came from too. */
const archiveOf = (e: { key: string; scope: string }) => Buffer.from(`${e.key}@${e.scope}`)

async function seed(n: string, entries: Entry[]): Promise<void> {
  const ns = namespaced(n)
  for (const e of [...entries].sort((a, b) => a.created - b.created)) {
    const entry = { ...e, key: ns.key(e.key), finalize: e.finalized !== false }
    expect(await saveEntry(service, entry, archiveOf(entry))).toBe(true)
  }
}

async function expectLookup(n: string, lookup: Lookup, expected: Expected): Promise<void> {
  const ns = namespaced(n)
  const got = await lookupEntry(service, ns.lookup(lookup))
  if (expected === null) return void expect(got).toBeUndefined()
  const key = ns.key(typeof expected === 'string' ? expected : expected.key)
  expect(got?.key).toBe(key)
  if (typeof expected !== 'string') expect(got?.archive.toString()).toBe(`${key}@${expected.scope}`)
}

describe('lookups', () => {
  it.each(cases.cases.map((c, i) => [c.name, i, c] as const))('%s', async (_name, i, c) => {
    await seed(`L${i}`, c.entries)
    await expectLookup(`L${i}`, c.lookup, c.expect)
  })
})

describe('saves', () => {
  it.each(cases.saves.map((c, i) => [c.name, i, c] as const))('%s', async (_name, i, c) => {
    const n = `S${i}`
    await seed(n, c.entries)
    const key = namespaced(n).key(c.save.key)
    const saved = await saveEntry(service, { ...c.save, key }, archiveOf({ ...c.save, key }))
    if (c.expect) expect(saved ? 'saved' : 'refused (already exists)').toBe(c.expect)
    if (c.then) await expectLookup(n, c.then.lookup, c.then.expect)
  })
})

describe('tokens', () => {
  it('refuses a call without a runtime token that has an ac claim, as GitHub does', async () => {
    await expect(twirpCall(service, 'CreateCacheEntry', { key: 'k', version: 'v' }, 'x.y.z')).rejects.toThrow(
      /HTTP 401/
    )
  })
})
