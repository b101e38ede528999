#!/usr/bin/env node
// A registry proxy on loopback that misbehaves on purpose, in front of the bench's registry.
//   refuse-push   answers 500 to every upload of data (PATCH, PUT): an upload still starts (POST),
//                 so the push check before compiling passes and the push itself fails
//   drop-tag      passes everything but cuts the connection when a manifest is PUT under a tag
// Usage: faulty-proxy.mjs <upstream host:port> <port> <mode>; prints "listening" once ready.
import { createServer, request } from 'node:http'

const [upstream, port, mode] = process.argv.slice(2)
const [upstreamHost, upstreamPort] = upstream.split(':')

createServer((req, res) => {
  const upload = ['PATCH', 'PUT'].includes(req.method ?? '')
  if (mode === 'refuse-push' && upload) {
    req.resume()
    return void res
      .writeHead(500, { 'content-type': 'application/json' })
      .end('{"errors":[{"code":"UNKNOWN","message":"refused on purpose"}]}')
  }
  const tagPut = req.method === 'PUT' && /\/manifests\/(?!sha256:)[^/]+$/.test(req.url ?? '')
  if (mode === 'drop-tag' && tagPut) return void req.socket.destroy()
  const forward = request(
    {
      host: upstreamHost,
      port: Number(upstreamPort),
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: upstream }
    },
    answer => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    }
  )
  forward.on('error', () => req.socket.destroy())
  req.pipe(forward)
}).listen(Number(port), '127.0.0.1', () => console.log('listening'))
