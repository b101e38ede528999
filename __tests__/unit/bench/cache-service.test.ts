// The bench's cache service (scripts/e2e/cache-server.mjs) against every case of
// __fixtures__/service-cases/actions-cache.json (GitHub's documented behaviour, copied from the shared
// service cases), over HTTP as @actions/cache talks to it: a stand-in kinder than the real service would
// hide what real runners meet.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import type { CacheScopes } from '../../../scripts/lib/bench-env.js'
import { lookupEntry, saveEntry, startCacheService, twirpCall } from '../../helpers/cache-service.js'

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

const cases = JSON.parse(readFileSync('__fixtures__/service-cases/actions-cache.json', 'utf8')) as Cases

let service = ''
let stop = () => undefined as void

beforeAll(async () => {
  const started = await startCacheService()
  service = started.url
  stop = started.stop
})
afterAll(() => stop())

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

/** What a lookup got: the key (without the case's namespace) and the scope its archive came from. */
async function found(n: string, lookup: Lookup): Promise<{ key: string; scope: string } | null> {
  const got = await lookupEntry(service, namespaced(n).lookup(lookup))
  if (!got) return null
  const [key, scope] = got.archive.toString().split('@')
  return { key: key.slice(`case${n}/`.length), scope }
}

/** A case's expectation in found's terms: a bare key may come from any scope. */
const expected = (e: Expected) =>
  e === null ? null : typeof e === 'string' ? { key: e, scope: expect.any(String) } : e

describe('lookups', () => {
  it.each(cases.cases.map((c, i) => [c.name, i, c] as const))('%s', async (_name, i, c) => {
    await seed(`L${i}`, c.entries)
    expect(await found(`L${i}`, c.lookup)).toEqual(expected(c.expect))
  })
})

describe('saves', () => {
  it.each(cases.saves.map((c, i) => [c.name, i, c] as const))('%s', async (_name, i, c) => {
    const n = `S${i}`
    await seed(n, c.entries)
    const key = namespaced(n).key(c.save.key)
    const outcome = (await saveEntry(service, { ...c.save, key }, archiveOf({ ...c.save, key })))
      ? 'saved'
      : 'refused (already exists)'
    expect(outcome).toBe(c.expect ?? outcome)
    expect(c.then ? await found(n, c.then.lookup) : null).toEqual(c.then ? expected(c.then.expect) : null)
  })
})

describe('tokens', () => {
  it('refuses a call without a runtime token that has an ac claim, as GitHub does', async () => {
    await expect(twirpCall(service, 'CreateCacheEntry', { key: 'k', version: 'v' }, 'x.y.z')).rejects.toThrow(
      /HTTP 401/
    )
  })
})
