#!/usr/bin/env node
// A loopback stand-in for the GitHub Actions results service: its artifact half is artifact-service.mjs;
// this is the cache service, speaking the subset of the v2 protocol
// that @actions/cache 6 uses: twirp JSON calls CreateCacheEntry, FinalizeCacheEntryUpload and
// GetCacheEntryDownloadURL, with protobuf field names (restore_keys, size_bytes…); uploads as Azure block-blob PUTs (one shot, or blocks + block list) to
// the signed URL it hands out; downloads as plain GETs. Entries live on disk, so that separate runs
// see each other's saves. Any path under /fail/ answers 500, to play a broken service.
//
// It chooses entries as GitHub's documentation says the real service does (dependency caching reference:
// "Cache key matching", "Restrictions for accessing a cache"), tested against
// __fixtures__/service-cases/actions-cache.json: per scope, in the order the runtime token's `ac` claim lists
// them (the run's own ref, a pull request's base, the default branch), the key exactly, then an entry
// whose key starts with the key (newest first), then each restore key in turn (newest entry starting
// with it); the same version only, finalized only. Saves go into the scope the token may write (permission
// 3), one entry per key and version per scope. The v1 lookup (GitHub Enterprise Server's
// `GET /_apis/artifactcache/cache?keys=…&version=…`) chooses the same way. As GitHub's REST API, `DELETE
// /repos/{owner}/{repo}/actions/caches?key=…[&ref=…]` deletes entries: what an attacker holding the
// repository's token does before planting one under the same key.
// Usage: cache-server.mjs <dir> <port>
import { randomUUID } from 'node:crypto'
import {
  appendFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { artifactService } from './artifact-service.mjs'

const [dir, port] = process.argv.slice(2)
if (!dir || !port) {
  console.error('usage: cache-server.mjs <dir> <port>')
  process.exit(2)
}
const blobs = join(dir, 'blobs')
mkdirSync(blobs, { recursive: true })
const store = join(dir, 'entries.json')
const base = `http://127.0.0.1:${port}`
const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/'
const ARTIFACTS = '/twirp/github.actions.results.api.v1.ArtifactService/'
const artifacts = artifactService(dir, base)

/** @typedef {{id: string, key: string, version: string, scope: string, size: number, finalized: boolean, created: number}} Entry */
/** @type {Entry[]} */
let entries = existsSync(store) ? JSON.parse(readFileSync(store, 'utf8')) : []
/** Creation order: later entries are newer even within one millisecond. */
let clock = Math.max(Date.now(), ...entries.map(e => e.created))
const now = () => (clock = Math.max(clock + 1, Date.now()))
const save = () => {
  writeFileSync(`${store}.tmp`, JSON.stringify(entries, null, 1))
  renameSync(`${store}.tmp`, store)
}
/** Blocks staged per entry until their block list commits them. */
const staged = new Map()

/** @param {import('node:http').IncomingMessage} req @returns {Promise<Buffer>} */
const readBody = req =>
  new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
const json = (res, status, body) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))

/**
 * The scopes a runtime token may read, in the service's search order, and the one it may write: its
 * `ac` claim, a JSON list of {"Scope": "refs/heads/main", "Permission": 1 (read) | 3 (read and write)}.
 * @param {string | undefined} authorization
 * @returns {{ read: string[], write: string | undefined } | undefined} undefined: no usable token
 */
function tokenScopes(authorization) {
  const payload = /^Bearer [^.]+\.([^.]+)\./.exec(authorization ?? '')?.[1]
  try {
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())
    /** @type {{ Scope: string, Permission: number }[]} */
    const ac = JSON.parse(claims.ac)
    return {
      read: ac.filter(a => a.Permission & 1).map(a => a.Scope),
      write: ac.find(a => (a.Permission & 2) !== 0)?.Scope
    }
  } catch {
    return undefined
  }
}

/**
 * The entry a lookup gets, as GitHub's documentation describes it: scope by scope, the key exactly, then
 * a partial match of the key, then each restore key; newest first within each.
 * @param {Entry[]} all
 * @param {{ key: string, restoreKeys: string[], version: string, scopes: string[] }} lookup
 * @returns {Entry | undefined}
 */
function choose(all, { key, restoreKeys, version, scopes }) {
  for (const scope of scopes) {
    const usable = all
      .filter(e => e.scope === scope && e.finalized && e.version === version)
      .sort((a, b) => b.created - a.created)
    const match =
      usable.find(e => e.key === key) ??
      [key, ...restoreKeys].map(prefix => usable.find(e => e.key.startsWith(prefix))).find(Boolean)
    if (match) return match
  }
  return undefined
}

/** A twirp error, as the real service answers a call it refuses. */
class TwirpError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message)
    this.status = status
    this.code = code
  }
}

/**
 * The cache service's twirp methods, by name.
 * @typedef {{ key: string, version: string, restore_keys?: string[], size_bytes?: string }} TwirpRequest
 * @type {Record<string, (request: TwirpRequest, scopes: { read: string[], write: string | undefined }) => Record<string, unknown>>}
 */
const twirp = {
  CreateCacheEntry({ key, version }, { write }) {
    if (!write) throw new TwirpError(403, 'permission_denied', 'this token may not write any cache scope')
    if (entries.some(e => e.key === key && e.version === version && e.scope === write)) {
      return { ok: false, message: `cache entry ${key} already exists` }
    }
    const entry = { id: randomUUID(), key, version, scope: write, size: 0, finalized: false, created: now() }
    entries.push(entry)
    save()
    return { ok: true, signed_upload_url: `${base}/blob/${entry.id}?sig=loopback` }
  },
  FinalizeCacheEntryUpload({ key, version, size_bytes: sizeBytes }, { write }) {
    const entry = entries.find(
      e => e.key === key && e.version === version && e.scope === write && !e.finalized
    )
    if (!entry || !existsSync(join(blobs, entry.id))) return { ok: false, message: `no upload for ${key}` }
    Object.assign(entry, { finalized: true, size: Number(sizeBytes), created: now() })
    save()
    return { ok: true, entry_id: String(entries.indexOf(entry) + 1) }
  },
  GetCacheEntryDownloadURL({ key, restore_keys: restoreKeys, version }, { read }) {
    if (!read.length) throw new TwirpError(403, 'permission_denied', 'cache read denied: no readable scope')
    const entry = choose(entries, { key, restoreKeys: restoreKeys ?? [], version, scopes: read })
    return entry
      ? { ok: true, signed_download_url: `${base}/blob/${entry.id}?sig=loopback`, matched_key: entry.key }
      : { ok: false }
  }
}

/**
 * GitHub's REST API for caches, the part an attacker with the repository's token uses: `DELETE
 * /repos/{owner}/{repo}/actions/caches?key=…[&ref=…]`, answered as GitHub does (the deleted entries).
 * @param {URL} url
 */
function deleteByKey(url) {
  const key = url.searchParams.get('key')
  const ref = url.searchParams.get('ref')
  const gone = entries.filter(e => e.key === key && (!ref || e.scope === ref))
  entries = entries.filter(e => !gone.includes(e))
  save()
  return {
    total_count: gone.length,
    actions_caches: gone.map(e => ({
      id: e.id,
      key: e.key,
      ref: e.scope,
      version: e.version,
      size_in_bytes: e.size
    }))
  }
}

const azureHeaders = () => ({
  etag: `"0x${Date.now().toString(16)}"`,
  'last-modified': new Date().toUTCString(),
  'x-ms-request-id': randomUUID(),
  'x-ms-version': '2024-11-04',
  'x-ms-request-server-encrypted': 'true',
  date: new Date().toUTCString()
})

/**
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 */

/** The twirp methods, each with the scopes of the caller's token. @param {Request} req @param {Response} res @param {URL} url */
async function twirpCall(req, res, url) {
  const method = twirp[url.pathname.slice(TWIRP.length)]
  if (!method) return json(res, 404, { code: 'bad_route', msg: `no method ${url.pathname}` })
  const body = JSON.parse((await readBody(req)).toString() || '{}')
  const scopes = tokenScopes(req.headers.authorization)
  if (!scopes) return json(res, 401, { code: 'unauthenticated', msg: 'no runtime token with an ac claim' })
  try {
    return json(res, 200, method(body, scopes))
  } catch (error) {
    if (!(error instanceof TwirpError)) throw error
    return json(res, error.status, { code: error.code, msg: error.message })
  }
}

/** The v1 lookup GitHub Enterprise Server serves: keys = the key, then the restore keys. @param {Request} req @param {Response} res @param {URL} url */
function lookupV1(req, res, url) {
  const scopes = tokenScopes(req.headers.authorization)
  if (!scopes) return json(res, 401, { message: 'no runtime token with an ac claim' })
  const [key, ...restoreKeys] = (url.searchParams.get('keys') ?? '').split(',')
  const version = url.searchParams.get('version') ?? ''
  const entry = choose(entries, { key, restoreKeys, version, scopes: scopes.read })
  if (!entry) return res.writeHead(204).end()
  const archiveLocation = `${base}/blob/${entry.id}?sig=loopback`
  return json(res, 200, { cacheKey: entry.key, scope: entry.scope, archiveLocation })
}

/** An Azure block-blob upload: one shot, or blocks then their list. @param {Request} req @param {Response} res @param {URL} url @param {string} id */
async function putBlob(req, res, url, id) {
  const body = await readBody(req)
  const comp = url.searchParams.get('comp')
  if (comp === 'block') {
    const blocks = staged.get(id) ?? new Map()
    blocks.set(url.searchParams.get('blockid'), body)
    staged.set(id, blocks)
  } else if (comp === 'blocklist') {
    const ids = [...body.toString().matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)<\//g)].map(m => m[1])
    const blocks = staged.get(id) ?? new Map()
    writeFileSync(join(blobs, id), Buffer.concat(ids.map(b => blocks.get(b) ?? Buffer.alloc(0))))
    staged.delete(id)
  } else {
    writeFileSync(join(blobs, id), body)
  }
  res.writeHead(201, azureHeaders()).end()
}

/** A download of a signed URL, as a plain GET (or HEAD). @param {Request} req @param {Response} res @param {string} id */
function getBlob(req, res, id) {
  const file = join(blobs, id)
  if (!existsSync(file)) return res.writeHead(404).end()
  res.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/octet-stream' })
  return req.method === 'HEAD' ? res.end() : createReadStream(file).pipe(res)
}

/** Which handler answers a request. @param {Request} req @param {Response} res @param {URL} url */
async function route(req, res, url) {
  if (url.pathname.startsWith('/fail/')) {
    await readBody(req)
    return res
      .writeHead(500, { 'content-type': 'text/plain' })
      .end('the cache service is broken on purpose\n')
  }
  if (req.method === 'POST' && url.pathname.startsWith(ARTIFACTS)) {
    const body = JSON.parse((await readBody(req)).toString() || '{}')
    const answer = artifacts(url.pathname.slice(ARTIFACTS.length), body, req.headers.authorization)
    return json(res, answer.status, answer.body)
  }
  if (req.method === 'POST' && url.pathname.startsWith(TWIRP)) return twirpCall(req, res, url)
  if (req.method === 'GET' && url.pathname === '/_apis/artifactcache/cache') return lookupV1(req, res, url)
  if (req.method === 'DELETE' && /^\/repos\/[^/]+\/[^/]+\/actions\/caches$/.test(url.pathname))
    return json(res, 200, deleteByKey(url))
  const blob = /^\/blob\/([0-9a-f-]+)$/.exec(url.pathname)
  if (blob && req.method === 'PUT') return putBlob(req, res, url, blob[1])
  if (blob && (req.method === 'GET' || req.method === 'HEAD')) return getBlob(req, res, blob[1])
  return res.writeHead(404).end()
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', base)
  appendFileSync(
    join(dir, 'requests.log'),
    `${new Date().toISOString()} ${req.method} ${url.pathname}${url.search}\n`
  )
  try {
    await route(req, res, url)
  } catch (error) {
    res.writeHead(500).end(String(error))
  }
})
server.listen(Number(port), '127.0.0.1')
