#!/usr/bin/env node
// A loopback file server for the test bench: the Go download mirror (and later the GOPROXY).
// A path ending in "/" serves that folder's index.json, so "/dl/?mode=json&include=all" answers like go.dev.
// Every request is appended to the log file, so tests can prove that a run made no request at all.
// Faults on purpose: "/flaky/<key>/<n>/<path>" answers 503 to the first n requests for each path under
// that key, then serves <path>; "/cut/<key>/<n>/<path>" sends only the first half of the first n
// answers, then drops the connection. A test picks a fresh key so that its count starts at zero.
// As go.dev, the mirror answers every archive download under /dl/ with a 302 to another host name and
// port (go.dev sends them to dl.google.com), the release list directly: with --redirect-archives-to
// <port>, a request to 127.0.0.1 goes to localhost:<port>, to localhost to 127.0.0.1:<port>, and to any
// other name N (one only a proxy resolves) to dl.N:<port>, keeping the path, faults included. The
// target is this server again, started with --headers-log <file>: it appends each request's headers
// (JSON, one line each), so a test can prove what reached it.
// Usage: serve-static.mjs <root> <port> <request-log> [--redirect-archives-to <port>] [--headers-log <file>]
import { createReadStream, appendFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { join, normalize } from 'node:path'
import { parseArgs } from 'node:util'

const { positionals, values: options } = parseArgs({
  allowPositionals: true,
  options: { 'redirect-archives-to': { type: 'string' }, 'headers-log': { type: 'string' } }
})
const [root, port, requestLog] = positionals
if (!root || !port || !requestLog) {
  console.error(
    'usage: serve-static.mjs <root> <port> <request-log> [--redirect-archives-to <port>] [--headers-log <file>]'
  )
  process.exit(2)
}

/**
 * Where go.dev would send an archive request: another host name, on the target's port.
 * @param {string | undefined} host the request's Host header
 */
function archiveHost(host = '') {
  const name = host.replace(/:\d+$/, '')
  const other = name === '127.0.0.1' ? 'localhost' : name === 'localhost' ? '127.0.0.1' : `dl.${name}`
  return `${other}:${options['redirect-archives-to']}`
}

const contentTypes = { '.json': 'application/json', '.gz': 'application/gzip', '.zip': 'application/zip' }

const faultsServed = new Map()

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://loopback')
  let path = normalize(decodeURIComponent(url.pathname))
  const fault = /^\/(flaky|cut)\/([^/]+)\/(\d+)(\/.*)$/.exec(path)
  // Redirected before any fault is counted: the target counts them.
  if (options['headers-log'])
    appendFileSync(options['headers-log'], `${JSON.stringify({ url: req.url, headers: req.headers })}\n`)
  if (options['redirect-archives-to'] && /^\/dl\/.*\.(tar\.gz|zip)$/.test(fault ? fault[4] : path)) {
    appendFileSync(requestLog, `${new Date().toISOString()} ${req.method} ${req.url} 302\n`)
    res.writeHead(302, { location: `http://${archiveHost(req.headers.host)}${req.url}` }).end()
    return
  }
  let status = 404
  let cut = false
  if (fault) {
    path = fault[4]
    const served = faultsServed.get(`${fault[2]} ${path}`) ?? 0
    if (served < Number(fault[3])) {
      faultsServed.set(`${fault[2]} ${path}`, served + 1)
      if (fault[1] === 'flaky') status = 503
      else cut = true
    }
  }
  if (path.endsWith('/')) path += 'index.json'
  const file = join(root, path)
  try {
    if (status !== 503 && statSync(file).isFile() && file.startsWith(root)) status = 200
  } catch {
    // missing file: 404
  }
  appendFileSync(requestLog, `${new Date().toISOString()} ${req.method} ${req.url} ${cut ? 'cut' : status}\n`)
  if (status === 200 && cut) {
    const size = statSync(file).size
    res.writeHead(200, { 'content-length': size })
    const half = createReadStream(file, { end: Math.floor(size / 2) })
    half.on('end', () => req.socket.destroy())
    half.pipe(res, { end: false })
    return
  }
  if (status === 503) {
    res.writeHead(503, { 'content-type': 'text/plain' }).end('try again later\n')
    return
  }
  if (status !== 200) {
    res.writeHead(status, { 'content-type': 'text/plain' }).end('not found\n')
    return
  }
  const ext = /** @type {keyof typeof contentTypes} */ (file.slice(file.lastIndexOf('.')))
  res.writeHead(200, {
    'content-type': contentTypes[ext] ?? 'text/plain',
    'content-length': statSync(file).size
  })
  createReadStream(file).pipe(res)
}).listen(Number(port), '127.0.0.1')
