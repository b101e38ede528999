// GitHub's Actions cache service, as far as the action speaks it itself: which entry a key finds (v2:
// twirp JSON on github.com; v1: the artifactcache REST API that GitHub Enterprise Server still serves),
// asked without downloading anything, so that an entry is fetched only when it is the one
// the run may use, and its archive checked (archive.ts) before anything is unpacked. @actions/cache
// restores in one call that downloads and unpacks whatever the service matched, printing the matched key
// as it is; saving stays with it. The entry's version is @actions/cache's: the hash of the paths, the
// compression and its salt, so that what it saved is found here.
import { createHash } from 'node:crypto'
import { messageOf } from '../errors.js'
import { run } from '../exec.js'
import { HttpFailure, readText, request } from '../http/client.js'
import type { Compression } from './archive.js'

const CACHE_SERVICE = 'twirp/github.actions.results.api.v1.CacheService/'

/** Where the cache service is, which protocol it speaks, and the job's token for it. */
export interface CacheService {
  protocol: 'v1' | 'v2'
  /** ACTIONS_RESULTS_URL (v2), ACTIONS_CACHE_URL (v1) */
  url: string
  /** ACTIONS_RUNTIME_TOKEN */
  token: string
}

/** The service of this job as @actions/cache chooses it, or undefined when the job has none. */
export function cacheServiceOf(env: NodeJS.ProcessEnv): CacheService | undefined {
  const token = env.ACTIONS_RUNTIME_TOKEN ?? ''
  if (env.ACTIONS_CACHE_SERVICE_V2)
    return env.ACTIONS_RESULTS_URL ? { protocol: 'v2', url: env.ACTIONS_RESULTS_URL, token } : undefined
  const url = env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL
  return url ? { protocol: 'v1', url, token } : undefined
}

/** @actions/cache's version of an entry of these paths (getCacheVersion, Linux, no cross-OS archive). */
export function cacheVersion(paths: string[], compression: Compression): string {
  return createHash('sha256')
    .update([...paths, compression, '1.0'].join('|'))
    .digest('hex')
}

/** @actions/cache's choice: zstd (without long-distance matching) when `zstd` runs, else gzip. */
export async function compressionMethod(): Promise<Compression> {
  const zstd = await run('zstd', ['--quiet', '--version']).catch(() => undefined)
  return zstd?.code === 0 && zstd.stdout.trim() ? 'zstd-without-long' : 'gzip'
}

/** Where a twirp method of the service is. */
const methodUrl = (service: CacheService, method: string) =>
  new URL(`${CACHE_SERVICE}${method}`, service.url).href

/** One twirp call, with a short time-out: a dead service must not cost minutes. */
async function call(service: CacheService, method: string, body: object, timeoutMs: number) {
  const url = methodUrl(service, method)
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${service.token}` },
    body: JSON.stringify(body),
    timeouts: { connectMs: timeoutMs, idleMs: timeoutMs, totalMs: timeoutMs }
  })
  return { url, status: response.status, text: await readText(response.body) }
}

/**
 * Why the cache service cannot be used now, or undefined when it answers. One request with a short
 * time-out: the toolkit retries each call 5 times with back-off, so a dead service would otherwise
 * cost minutes over the restores and saves of a job.
 */
export async function cacheServiceProblem(service: CacheService | undefined): Promise<string | undefined> {
  if (service?.protocol !== 'v2') return undefined
  try {
    const probe = { key: 'go-mini-action-probe', restore_keys: [], version: '0'.repeat(64) }
    const answer = await call(service, 'GetCacheEntryDownloadURL', probe, 10_000)
    return answer.status >= 500 ? `${answer.url} answered HTTP ${answer.status}` : undefined
  } catch (error) {
    const url = methodUrl(service, 'GetCacheEntryDownloadURL')
    return `${url} did not answer (${error instanceof HttpFailure ? (error.code ?? error.message) : messageOf(error)})`
  }
}

/** What the service found for a lookup: the key it matched (any writer's text) and where to get it. */
export interface FoundEntry {
  matchedKey: string
  downloadUrl: string
}

/** The entry the service would restore for these keys, or undefined when it has none. */
export async function findEntry(
  service: CacheService,
  lookup: { key: string; restoreKeys: string[]; version: string }
): Promise<FoundEntry | undefined> {
  return service.protocol === 'v2' ? findV2(service, lookup) : findV1(service, lookup)
}

function parsed(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    if (value && typeof value === 'object') return value as Record<string, unknown>
  } catch {
    // said below
  }
  throw new Error('the cache service answered something other than a JSON object')
}

/** A hit's two strings, checked: anything else is the service failing. */
function foundOf(matchedKey: unknown, downloadUrl: unknown): FoundEntry {
  if (typeof matchedKey !== 'string' || typeof downloadUrl !== 'string')
    throw new Error('the cache service answered a hit without a key or a download URL')
  return { matchedKey, downloadUrl }
}

async function findV2(
  service: CacheService,
  lookup: { key: string; restoreKeys: string[]; version: string }
) {
  const body = { key: lookup.key, restore_keys: lookup.restoreKeys, version: lookup.version }
  const answer = await call(service, 'GetCacheEntryDownloadURL', body, 30_000)
  if (answer.status !== 200) throw new Error(`the cache service answered HTTP ${answer.status}`)
  const found = parsed(answer.text)
  // Twirp answers with the proto's field names; protobuf JSON may also use their lowerCamelCase forms.
  if (found.ok !== true) return undefined
  return foundOf(found.matched_key ?? found.matchedKey, found.signed_download_url ?? found.signedDownloadUrl)
}

/** The v1 lookup, as @actions/cache's getCacheEntry asks it: 204 is a miss. */
async function findV1(
  service: CacheService,
  lookup: { key: string; restoreKeys: string[]; version: string }
) {
  const keys = encodeURIComponent([lookup.key, ...lookup.restoreKeys].join(','))
  const url = `${service.url}_apis/artifactcache/cache?keys=${keys}&version=${lookup.version}`
  const response = await request(url, {
    headers: {
      accept: 'application/json;api-version=6.0-preview.1',
      authorization: `Bearer ${service.token}`
    },
    timeouts: { connectMs: 30_000, idleMs: 30_000, totalMs: 30_000 }
  })
  const text = await readText(response.body)
  if (response.status === 204) return undefined
  if (response.status !== 200) throw new Error(`the cache service answered HTTP ${response.status}`)
  const found = parsed(text)
  return foundOf(found.cacheKey, found.archiveLocation)
}
