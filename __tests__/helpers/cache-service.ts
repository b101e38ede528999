// The Actions cache service's protocol as @actions/cache speaks it (twirp JSON over HTTP, the archive
// PUT to the signed URL it hands out), for tests that play a job or an attacker holding a runtime token.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_BRANCH_SCOPES, runtimeToken, type CacheScopes } from '../../scripts/lib/bench-env.js'
import { httpSend } from './http.js'
import { closedPort } from './loopback.js'

const TWIRP = 'twirp/github.actions.results.api.v1.CacheService/'

/** A runtime token whose `ac` claim lists these scopes (the first is the one it writes). */
export const tokenFor = (scopes: CacheScopes) => runtimeToken('cache-service', 'job', scopes)

/** One twirp call; rejects on anything but HTTP 200. */
export async function twirpCall(
  service: string,
  method: string,
  body: object,
  token: string
): Promise<Record<string, unknown>> {
  const got = await httpSend(new URL(`${TWIRP}${method}`, service).href, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body)
  })
  if (!got.ok) throw new Error(`${method}: HTTP ${got.status} ${got.body.toString()}`)
  return got.json() as Record<string, unknown>
}

/** Saves `archive` under key and version with a token that writes `scope`; false when refused. */
export async function saveEntry(
  service: string,
  entry: { key: string; version: string; scope: string; finalize?: boolean },
  archive: Buffer
): Promise<boolean> {
  const token = tokenFor([entry.scope])
  const { key, version } = entry
  const created = await twirpCall(service, 'CreateCacheEntry', { key, version }, token)
  if (!created.ok) return false
  const put = await httpSend(String(created.signed_upload_url), {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob' },
    body: archive
  })
  if (!put.ok) throw new Error(`upload of ${key}: HTTP ${put.status}`)
  if (entry.finalize === false) return true
  const size = String(archive.length)
  return (await twirpCall(service, 'FinalizeCacheEntryUpload', { key, version, size_bytes: size }, token))
    .ok as boolean
}

/** What a restore would get: the matched key and the archive, or undefined on a miss. */
export async function lookupEntry(
  service: string,
  lookup: { key: string; restoreKeys: string[]; version: string; scopes: CacheScopes }
): Promise<{ key: string; archive: Buffer } | undefined> {
  const { key, restoreKeys, version, scopes } = lookup
  const body = { key, restore_keys: restoreKeys, version }
  const answer = await twirpCall(service, 'GetCacheEntryDownloadURL', body, tokenFor(scopes))
  if (!answer.ok) return undefined
  const archive = (await httpSend(String(answer.signed_download_url), {})).body
  return { key: String(answer.matched_key), archive }
}

/** Deletes every entry of a key (in one ref, or all), as GitHub's REST API does. */
export async function deleteEntries(service: string, key: string, ref?: string): Promise<void> {
  const url = new URL('repos/owner/repo/actions/caches', service)
  url.searchParams.set('key', key)
  if (ref) url.searchParams.set('ref', ref)
  const got = await httpSend(url.href, { method: 'DELETE', headers: { authorization: 'Bearer token' } })
  if (!got.ok) throw new Error(`deleting ${key}: HTTP ${got.status}`)
}

/** The bench's cache service (scripts/e2e/cache-server.mjs) on a loopback port of its own, empty. */
export async function startCacheService(): Promise<{
  url: string
  env: Record<string, string>
  stop: () => void
}> {
  const dir = mkdtempSync(join(tmpdir(), 'cache-service-'))
  const port = await closedPort()
  const server = spawn(process.execPath, ['scripts/e2e/cache-server.mjs', dir, String(port)], {
    stdio: 'inherit'
  })
  const url = `http://127.0.0.1:${port}/`
  const stop = () => {
    server.kill()
    rmSync(dir, { recursive: true, force: true })
  }
  for (let tries = 0; ; tries++) {
    const answer = await twirpCall(url, 'GetCacheEntryDownloadURL', { key: 'k', version: 'v' }, 'none').catch(
      (error: unknown) => String(error)
    )
    if (typeof answer === 'string' && answer.includes('HTTP 401')) break
    if (tries > 100) {
      stop()
      throw new Error(`the cache service did not start: ${String(answer)}`)
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  // What a job on the default branch has in its environment.
  const env = {
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: url,
    ACTIONS_RUNTIME_TOKEN: tokenFor(DEFAULT_BRANCH_SCOPES)
  }
  return { url, env, stop }
}
