#!/usr/bin/env node
// A loopback file server for the test bench: the Go download mirror (and later the GOPROXY).
// A path ending in "/" serves that folder's index.json, so "/dl/?mode=json&include=all" answers like go.dev.
// Every request is appended to the log file, so tests can prove that a run made no request at all.
// Usage: serve-static.mjs <root> <port> <request-log>
import { createReadStream, appendFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { join, normalize } from 'node:path'

const [root, port, requestLog] = process.argv.slice(2)
if (!root || !port || !requestLog) {
  console.error('usage: serve-static.mjs <root> <port> <request-log>')
  process.exit(2)
}

const contentTypes = { '.json': 'application/json', '.gz': 'application/gzip', '.zip': 'application/zip' }

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://loopback')
  let path = normalize(decodeURIComponent(url.pathname))
  if (path.endsWith('/')) path += 'index.json'
  const file = join(root, path)
  let status = 404
  try {
    const stat = statSync(file)
    if (stat.isFile() && file.startsWith(root)) status = 200
  } catch {
    // missing file: 404
  }
  appendFileSync(requestLog, `${new Date().toISOString()} ${req.method} ${req.url} ${status}\n`)
  if (status !== 200) {
    res.writeHead(status, { 'content-type': 'text/plain' }).end('not found\n')
    return
  }
  const ext = file.slice(file.lastIndexOf('.'))
  res.writeHead(200, {
    'content-type': contentTypes[ext] ?? 'text/plain',
    'content-length': statSync(file).size
  })
  createReadStream(file).pipe(res)
}).listen(Number(port), '127.0.0.1')
