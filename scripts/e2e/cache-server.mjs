#!/usr/bin/env node
// A loopback stand-in for the GitHub Actions results service: its artifact half is artifact-service.mjs;
// this is the cache service, speaking the subset of the v2 protocol
// that @actions/cache 6 uses: twirp JSON calls CreateCacheEntry, FinalizeCacheEntryUpload and
// GetCacheEntryDownloadURL, with protobuf field names (restore_keys, size_bytes…); uploads as Azure block-blob PUTs (one shot, or blocks + block list) to
// the signed URL it hands out; downloads as plain GETs. Entries live on disk, so that separate runs
// see each other's saves. Any path under /fail/ answers 500, to play a broken service.
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

/** @type {{id: string, key: string, version: string, size: number, finalized: boolean, created: number}[]} */
let entries = existsSync(store) ? JSON.parse(readFileSync(store, 'utf8')) : []
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

/** GitHub's rule: the key exactly, else each restore key as an exact key, then as a prefix (newest first). */
/**
 * @param {string} key
 * @param {string[] | undefined} restoreKeys
 * @param {string} version
 */
function lookup(key, restoreKeys, version) {
  const usable = entries
    .filter(e => e.finalized && e.version === version)
    .sort((a, b) => b.created - a.created)
  const exact = usable.find(e => e.key === key)
  if (exact) return exact
  for (const prefix of restoreKeys ?? []) {
    const match = usable.find(e => e.key === prefix) ?? usable.find(e => e.key.startsWith(prefix))
    if (match) return match
  }
  return undefined
}

/**
 * The cache service's twirp methods, by name.
 * @typedef {{ key: string, version: string, restore_keys?: string[], size_bytes?: string }} TwirpRequest
 * @type {Record<string, (request: TwirpRequest) => Record<string, unknown>>}
 */
const twirp = {
  CreateCacheEntry({ key, version }) {
    if (entries.some(e => e.key === key && e.version === version)) {
      return { ok: false, message: `cache entry ${key} already exists` }
    }
    const entry = { id: randomUUID(), key, version, size: 0, finalized: false, created: Date.now() }
    entries.push(entry)
    save()
    return { ok: true, signed_upload_url: `${base}/blob/${entry.id}?sig=loopback` }
  },
  FinalizeCacheEntryUpload({ key, version, size_bytes: sizeBytes }) {
    const entry = entries.find(e => e.key === key && e.version === version && !e.finalized)
    if (!entry || !existsSync(join(blobs, entry.id))) return { ok: false, message: `no upload for ${key}` }
    Object.assign(entry, { finalized: true, size: Number(sizeBytes), created: Date.now() })
    save()
    return { ok: true, entry_id: String(entries.indexOf(entry) + 1) }
  },
  GetCacheEntryDownloadURL({ key, restore_keys: restoreKeys, version }) {
    const entry = lookup(key, restoreKeys, version)
    return entry
      ? { ok: true, signed_download_url: `${base}/blob/${entry.id}?sig=loopback`, matched_key: entry.key }
      : { ok: false }
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

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', base)
  appendFileSync(
    join(dir, 'requests.log'),
    `${new Date().toISOString()} ${req.method} ${url.pathname}${url.search}\n`
  )
  try {
    if (url.pathname.startsWith('/fail/')) {
      await readBody(req)
      return void res
        .writeHead(500, { 'content-type': 'text/plain' })
        .end('the cache service is broken on purpose\n')
    }
    if (req.method === 'POST' && url.pathname.startsWith(ARTIFACTS)) {
      const body = JSON.parse((await readBody(req)).toString() || '{}')
      const answer = artifacts(url.pathname.slice(ARTIFACTS.length), body, req.headers.authorization)
      return void json(res, answer.status, answer.body)
    }
    if (req.method === 'POST' && url.pathname.startsWith(TWIRP)) {
      const method = twirp[url.pathname.slice(TWIRP.length)]
      if (!method) return void json(res, 404, { code: 'bad_route', msg: `no method ${url.pathname}` })
      return void json(res, 200, method(JSON.parse((await readBody(req)).toString() || '{}')))
    }
    const blob = /^\/blob\/([0-9a-f-]+)$/.exec(url.pathname)
    if (blob && req.method === 'PUT') {
      const id = blob[1]
      const body = await readBody(req)
      const comp = url.searchParams.get('comp')
      if (comp === 'block') {
        const blocks = staged.get(id) ?? new Map()
        blocks.set(url.searchParams.get('blockid'), body)
        staged.set(id, blocks)
      } else if (comp === 'blocklist') {
        const ids = [...body.toString().matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)<\//g)].map(
          m => m[1]
        )
        const blocks = staged.get(id) ?? new Map()
        writeFileSync(join(blobs, id), Buffer.concat(ids.map(b => blocks.get(b) ?? Buffer.alloc(0))))
        staged.delete(id)
      } else {
        writeFileSync(join(blobs, id), body)
      }
      return void res.writeHead(201, azureHeaders()).end()
    }
    if (blob && (req.method === 'GET' || req.method === 'HEAD')) {
      const file = join(blobs, blob[1])
      if (!existsSync(file)) return void res.writeHead(404).end()
      res.writeHead(200, {
        'content-length': statSync(file).size,
        'content-type': 'application/octet-stream'
      })
      return void (req.method === 'HEAD' ? res.end() : createReadStream(file).pipe(res))
    }
    res.writeHead(404).end()
  } catch (error) {
    res.writeHead(500).end(String(error))
  }
}).listen(Number(port), '127.0.0.1')
