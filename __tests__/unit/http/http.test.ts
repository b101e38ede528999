// The HTTP client's redirect and proxy rules, against loopback servers that log what reaches them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { readText, redirectTarget, request } from '../../../src/http/client.js'
import { proxyFor } from '../../../src/http/proxy.js'
import { listenOnLoopback } from '../../helpers/loopback.js'

/** What one server saw: each request's URL as sent (absolute through a proxy) and its headers. */
interface Seen {
  url: string
  headers: IncomingHttpHeaders
}

let mirror: Server
let port: number
const seen: Seen[] = []

beforeAll(async () => {
  mirror = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers })
    const url = new URL(req.url ?? '/', 'http://x')
    const to = url.searchParams.get('to')
    if (url.pathname === '/redirect' && to) return void res.writeHead(302, { location: to }).end()
    if (url.pathname === '/loop') return void res.writeHead(307, { location: '/loop' }).end()
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`served ${url.pathname}`)
  })
  port = await listenOnLoopback(mirror)
})
afterAll(() => {
  mirror.close()
})
afterEach(() => {
  seen.length = 0
})

const token = { authorization: 'Bearer s3cret' }

describe('redirects', () => {
  it('follows one on the same host, with the token: the mirror gave it for its own origin', async () => {
    const target = encodeURIComponent(`http://127.0.0.1:${port}/file`)
    const response = await request(`http://127.0.0.1:${port}/redirect?to=${target}`, { headers: token })
    expect(await readText(response.body)).toBe('served /file')
    expect(response.url).toBe(`http://127.0.0.1:${port}/file`)
    expect(seen.map(s => s.headers.authorization)).toEqual(['Bearer s3cret', 'Bearer s3cret'])
  })

  it('follows one to another host (as go.dev to dl.google.com) without the token', async () => {
    const target = encodeURIComponent(`http://localhost:${port}/file`)
    const response = await request(`http://127.0.0.1:${port}/redirect?to=${target}`, { headers: token })
    expect(await readText(response.body)).toBe('served /file')
    expect(seen.map(s => [s.headers.host, s.headers.authorization])).toEqual([
      [`127.0.0.1:${port}`, 'Bearer s3cret'],
      [`localhost:${port}`, undefined]
    ])
  })

  it('drops the token on another port of the same host too: another origin', () => {
    const { headers } = redirectTarget(new URL('http://127.0.0.1:1/a'), 'http://127.0.0.1:2/b', token)
    expect(headers).toEqual({})
  })

  it.each([
    [
      'https to http',
      'https://mirror.example/a',
      'http://mirror.example/b',
      'from https to plain http is refused'
    ],
    ['no Location', 'https://mirror.example/a', undefined, 'redirected without a Location'],
    ['another scheme', 'https://mirror.example/a', 'file:///etc/passwd', 'not http(s)']
  ])('refuses %s', (_name, from, location, said) => {
    expect(() => redirectTarget(new URL(from), location, token)).toThrow(said)
  })

  it('stops after too many hops, naming the URL', async () => {
    await expect(request(`http://127.0.0.1:${port}/loop`, { maxRedirects: 3 })).rejects.toThrow(
      `http://127.0.0.1:${port}/loop redirected more than 3 times`
    )
    expect(seen).toHaveLength(4)
  })

  it('returns the redirect of a POST as it is', async () => {
    const response = await request(`http://127.0.0.1:${port}/redirect?to=%2Ffile`, { method: 'POST' })
    response.body.resume()
    expect(response.status).toBe(302)
  })
})

describe('kept-alive connections', () => {
  it('add no listener per request to a reused socket (Node warned after 10)', async () => {
    const sockets = new Set<import('node:net').Socket>()
    for (let i = 0; i < 15; i++) {
      const response = await request(`http://127.0.0.1:${port}/file`)
      sockets.add(response.body.socket)
      await readText(response.body)
    }
    expect(sockets.size).toBeLessThan(15) // reused, as the agent keeps them alive
    for (const socket of sockets) expect(socket.listenerCount('connect')).toBeLessThanOrEqual(1)
  })
})

describe('proxies', () => {
  const saved = { ...process.env }
  const names = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })
  const withEnv = (env: Record<string, string>) => {
    for (const name of names) delete process.env[name]
    Object.assign(process.env, env)
  }

  it.each([
    [
      'an http URL, HTTP_PROXY',
      { HTTP_PROXY: 'http://proxy:3128' },
      'http://go.dev/dl/',
      'http://proxy:3128/'
    ],
    [
      'an https URL, HTTPS_PROXY',
      { HTTPS_PROXY: 'http://proxy:3128' },
      'https://go.dev/dl/',
      'http://proxy:3128/'
    ],
    ['an https URL, only HTTP_PROXY', { HTTP_PROXY: 'http://proxy:3128' }, 'https://go.dev/dl/', undefined],
    ['the lower-case form', { https_proxy: 'proxy:8080' }, 'https://go.dev/', 'http://proxy:8080/'],
    ['loopback, never', { HTTP_PROXY: 'http://proxy:3128' }, 'http://127.0.0.1:8090/dl/', undefined],
    ['localhost, never', { HTTP_PROXY: 'http://proxy:3128' }, 'http://localhost:8090/dl/', undefined]
  ])('%s', (_name, env, url, proxy) => {
    withEnv(env)
    expect(proxyFor(new URL(url))?.href).toBe(proxy)
  })

  it.each([
    ['go.dev', 'https://go.dev/', false],
    // A host name covers its subdomains, as in curl and the toolkit.
    ['google.com', 'https://dl.google.com/', false],
    ['.google.com', 'https://dl.google.com/', false],
    ['example.com', 'https://go.dev/', true],
    ['*', 'https://go.dev/', false],
    ['mirror:8090', 'http://mirror:8090/', false],
    ['mirror:8090', 'http://mirror:80/', true],
    ['a, mirror ,b', 'http://mirror/', false]
  ])('NO_PROXY=%j, %s: proxied %s', (noProxy, url, proxied) => {
    withEnv({ HTTP_PROXY: 'http://p:1', HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy })
    expect(proxyFor(new URL(url))?.href).toBe(proxied ? 'http://p:1/' : undefined)
  })

  it('asks an http URL of the proxy in absolute form, with the proxy credentials of its URL', async () => {
    // mirror.invalid resolves nowhere: only a request that went through the proxy reaches an answer.
    withEnv({ HTTP_PROXY: `http://user:pa%40ss@127.0.0.1:${port}` })
    const response = await request('http://mirror.invalid:8090/dl/?mode=json', { headers: token })
    expect(await readText(response.body)).toBe('served /dl/')
    expect(seen).toEqual([
      {
        url: 'http://mirror.invalid:8090/dl/?mode=json',
        headers: expect.objectContaining({
          host: 'mirror.invalid:8090',
          authorization: 'Bearer s3cret',
          'proxy-authorization': `Basic ${Buffer.from('user:pa@ss').toString('base64')}`
        })
      }
    ])
  })
})
