// The downloader against a loopback server that misbehaves on purpose.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../../__fixtures__/core.js'
import { closedPort, listenOnLoopback } from '../../helpers/loopback.js'

jest.unstable_mockModule('@actions/core', () => core)
const { downloadFile, fetchJson, isTransientStatus } = await import('../../../src/http/retry.js')

const fast = { attempts: 3, firstDelayMs: 5 }
const body = Buffer.alloc(100_000, 'g')
const hits = new Map<string, number>()
let server: Server
let base: string

beforeAll(async () => {
  server = createServer((req, res) => {
    const n = (hits.get(req.url ?? '') ?? 0) + 1
    hits.set(req.url ?? '', n)
    const [, behaviour, times] = /^\/(\w+)\/(\d+)/.exec(req.url ?? '') ?? []
    const faulty = n <= Number(times)
    if (behaviour === 'status' && faulty) return void res.writeHead(503).end()
    if (behaviour === 'missing') return void res.writeHead(404).end()
    if (behaviour === 'html') return void res.writeHead(200).end('<html>\n::warning::planted</html>')
    if (behaviour === 'cut' && faulty) {
      res.writeHead(200, { 'content-length': body.length })
      res.write(body.subarray(0, 1000))
      return void res.socket?.destroy()
    }
    if (behaviour === 'hang') return // accepts, never answers
    if (behaviour === 'trickle') {
      res.writeHead(200, { 'content-length': body.length })
      const drip = setInterval(() => res.write('g'), 20) // never idle, never done
      return void res.on('close', () => clearInterval(drip))
    }
    if (req.url?.endsWith('.json'))
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('[{"version":"go1.24.4"}]')
    res.writeHead(200, { 'content-length': body.length }).end(body)
  })
  base = `http://127.0.0.1:${await listenOnLoopback(server)}`
})
afterAll(() => {
  server.close()
})

const dest = () => join(mkdtempSync(join(tmpdir(), 'dl-')), 'file')

describe('downloadFile', () => {
  it('survives a server that answers 503 twice', async () => {
    const file = dest()
    await downloadFile(`${base}/status/2/a.tar.gz`, file, {}, fast)
    expect(readFileSync(file).equals(body)).toBe(true)
    expect(hits.get('/status/2/a.tar.gz')).toBe(3)
  })

  it('retries a body cut short, then gets it whole', async () => {
    const file = dest()
    await downloadFile(`${base}/cut/1/b.tar.gz`, file, {}, fast)
    expect(readFileSync(file).equals(body)).toBe(true)
    expect(hits.get('/cut/1/b.tar.gz')).toBe(2)
  })

  it('gives up after the last attempt, naming the URL and the status', async () => {
    await expect(downloadFile(`${base}/status/9/c.tar.gz`, dest(), {}, fast)).rejects.toThrow(
      `cannot download ${base}/status/9/c.tar.gz: HTTP 503 Service Unavailable (after 3 attempts)`
    )
  })

  it('does not retry a 404', async () => {
    await expect(downloadFile(`${base}/missing/0/d.tar.gz`, dest(), {}, fast)).rejects.toThrow(
      `cannot download ${base}/missing/0/d.tar.gz: HTTP 404 Not Found`
    )
    expect(hits.get('/missing/0/d.tar.gz')).toBe(1)
  })

  it('says when nothing listens', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/e.tar.gz`
    await expect(downloadFile(url, dest(), {}, fast)).rejects.toThrow(
      `cannot download ${url}: ECONNREFUSED (after 3 attempts)`
    )
  })
})

describe('time-outs', () => {
  const quick = { attempts: 2, firstDelayMs: 5, timeouts: { idleMs: 200, totalMs: 600 } }

  it('give up on a mirror that accepts and never answers, naming the URL and the time', async () => {
    const started = Date.now()
    await expect(fetchJson(`${base}/hang/0/list.json`, {}, quick)).rejects.toThrow(
      `cannot download ${base}/hang/0/list.json: nothing received for 0.2 s (after 2 attempts)`
    )
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('bound a download that trickles forever', async () => {
    await expect(downloadFile(`${base}/trickle/0/t.tar.gz`, dest(), {}, quick)).rejects.toThrow(
      `cannot download ${base}/trickle/0/t.tar.gz: did not finish within 0.6 s (after 2 attempts)`
    )
  })
})

describe('a request that could never be sent', () => {
  it('fails at once, without the header value (a token with a new line)', async () => {
    const token = 'half-one\nhalf-two'
    const error = await downloadFile(
      `${base}/ok/0/f.tar.gz`,
      dest(),
      { authorization: `Bearer ${token}` },
      fast
    ).catch((e: Error) => e)
    expect(String(error)).toMatch(
      /^ServiceError: cannot download .*: Invalid character in header content \["authorization"\]$/
    )
    expect(String(error)).not.toMatch(/half-/)
    expect(hits.get('/ok/0/f.tar.gz')).toBeUndefined()
  })
})

describe('fetchJson', () => {
  it('retries, then parses', async () => {
    await expect(fetchJson(`${base}/status/1/list.json`, {}, fast)).resolves.toEqual([
      { version: 'go1.24.4' }
    ])
  })

  it('fails once on an answer that is not JSON, quoting its start on one line', async () => {
    const url = `${base}/html/0/index`
    await expect(fetchJson(url, {}, fast)).rejects.toThrow(
      `cannot download ${url}: the answer is not JSON (it begins "<html> : :warning: :planted</html>")`
    )
    expect(hits.get('/html/0/index')).toBe(1)
  })
})

describe('isTransientStatus', () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [404, false]
  ])('%s → %s', (status, transient) => {
    expect(isTransientStatus(status)).toBe(transient)
  })
})
