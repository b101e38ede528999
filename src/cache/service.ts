// GitHub's Actions cache service (v2, twirp JSON), as far as the action speaks it itself: which entry a
// key finds, asked without downloading anything, so that an entry is fetched only when it is the one
// the run may use, and its archive checked (archive.ts) before anything is unpacked. @actions/cache
// restores in one call that downloads and unpacks whatever the service matched, printing the matched key
// as it is; saving stays with it. The entry's version is @actions/cache's: the hash of the paths, the
// compression and its salt, so that what it saved is found here.
import { createHash } from 'node:crypto'
import { run } from '../exec.js'
import { HttpFailure, readText, request } from '../http/client.js'
import type { Compression } from './archive.js'

const CACHE_SERVICE = 'twirp/github.actions.results.api.v1.CacheService/'

/** Where the cache service is and the job's token for it. */
export interface CacheService {
  /** ACTIONS_RESULTS_URL */
  url: string
  /** ACTIONS_RUNTIME_TOKEN */
  token: string
}

/** The service of this job, or undefined when it has none the action can speak to (v2 only). */
export function cacheServiceOf(env: NodeJS.ProcessEnv): CacheService | undefined {
  if (!env.ACTIONS_CACHE_SERVICE_V2 || !env.ACTIONS_RESULTS_URL) return undefined
  return { url: env.ACTIONS_RESULTS_URL, token: env.ACTIONS_RUNTIME_TOKEN ?? '' }
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

/** One twirp call, with a short time-out: a dead service must not cost minutes. */
async function call(service: CacheService, method: string, body: object, timeoutMs: number) {
  const url = new URL(`${CACHE_SERVICE}${method}`, service.url).href
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
  if (!service) return undefined
  try {
    const probe = { key: 'go-mini-action-probe', restore_keys: [], version: '0'.repeat(64) }
    const answer = await call(service, 'GetCacheEntryDownloadURL', probe, 10_000)
    return answer.status >= 500 ? `${answer.url} answered HTTP ${answer.status}` : undefined
  } catch (error) {
    const url = new URL(`${CACHE_SERVICE}GetCacheEntryDownloadURL`, service.url).href
    return `${url} did not answer (${error instanceof HttpFailure ? (error.code ?? error.message) : String(error)})`
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
  const body = { key: lookup.key, restore_keys: lookup.restoreKeys, version: lookup.version }
  const answer = await call(service, 'GetCacheEntryDownloadURL', body, 30_000)
  if (answer.status !== 200) throw new Error(`the cache service answered HTTP ${answer.status}`)
  let parsed: unknown
  try {
    parsed = JSON.parse(answer.text)
  } catch {
    throw new Error('the cache service answered something other than JSON')
  }
  const found = parsed as { ok?: unknown; signed_download_url?: unknown; matched_key?: unknown }
  if (found.ok !== true) return undefined
  if (typeof found.matched_key !== 'string' || typeof found.signed_download_url !== 'string')
    throw new Error('the cache service answered a hit without a key or a download URL')
  return { matchedKey: found.matched_key, downloadUrl: found.signed_download_url }
}
