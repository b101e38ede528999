// The action's one HTTP client, on node:http and node:https: Node's fetch would run on the undici
// that dist/ bundles (through @actions/http-client), whose HTTP/1 parser crashes the process when a
// server closes the connection while a slow consumer holds the body (nodejs/undici#5360); and
// @actions/http-client's own node:http path has only an idle time-out. So this one is written here,
// and takes from the ecosystem what it can: the proxy decision is @actions/http-client's (proxy.ts),
// the redirect rules are its rules. Every request has a connect time-out, an idle time-out and a bound
// on the whole exchange, each of which fails naming the time; a GET follows up to MAX_REDIRECTS
// redirects, never from https to http, and carries its authorization only within its own origin.
import {
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage
} from 'node:http'
import { request as httpsRequest } from 'node:https'
import { proxyFor, viaProxy } from './proxy.js'
import { messageOf } from '../errors.js'

export interface Timeouts {
  /** Until the connection is open (TCP, and TLS for https). */
  connectMs: number
  /** The longest silence once connected, while waiting for the answer or its body. */
  idleMs: number
  /** The whole exchange, body included. */
  totalMs: number
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 30_000, idleMs: 60_000, totalMs: 15 * 60_000 }

export interface HttpOptions {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
  timeouts?: Partial<Timeouts>
  /** Of a GET; other methods return a redirect as it is. */
  maxRedirects?: number
}

/** As many as a browser's or curl's defaults would never need; go.dev takes one. */
export const MAX_REDIRECTS = 10

const REDIRECTS = new Set([301, 302, 303, 307, 308])

export interface HttpResponse {
  /** Where the answer came from: the request's URL, or the last redirect's. */
  url: string
  status: number
  statusText: string
  headers: IncomingHttpHeaders
  /** The body, to be read or destroyed. */
  body: IncomingMessage
}

/** A time-out or a refused request: `code` says which ("ETIMEDOUT", "ECONNREFUSED", …), when known. */
export class HttpFailure extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    /** Another attempt may succeed (not a request this process could never send). */
    readonly transient: boolean
  ) {
    super(message)
  }
}

const seconds = (ms: number) => `${ms / 1000} s`

/** Arms the three time-outs on a request; returns what disarms them. */
function armTimeouts(req: ClientRequest, timeouts: Timeouts, fail: (error: HttpFailure) => void): () => void {
  const timeout = (what: string) => fail(new HttpFailure(what, 'ETIMEDOUT', true))
  const total = setTimeout(
    () => timeout(`did not finish within ${seconds(timeouts.totalMs)}`),
    timeouts.totalMs
  )
  const connect = setTimeout(
    () => timeout(`no connection within ${seconds(timeouts.connectMs)}`),
    timeouts.connectMs
  )
  req.on('socket', socket => {
    const connected = () => clearTimeout(connect)
    // A kept-alive socket is connected already: a listener on it would never fire, and pile up.
    if (socket.connecting) socket.once('connect', connected)
    else connected()
  })
  req.setTimeout(timeouts.idleMs, () => timeout(`nothing received for ${seconds(timeouts.idleMs)}`))
  return () => {
    clearTimeout(total)
    clearTimeout(connect)
  }
}

/** Opens the request, directly or through the proxy the environment names for it. */
function open(url: URL, method: string, headers: Record<string, string>): ClientRequest {
  const proxy = proxyFor(url)
  if (!proxy) return (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers })
  const options = { ...viaProxy(url, proxy, headers), method }
  return url.protocol === 'https:' ? httpsRequest(url, options) : httpRequest(options)
}

/** Sends one request; resolves with the answer once its head is in (the body is the caller's to read). */
function sendOnce(url: URL, options: HttpOptions): Promise<HttpResponse> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  return new Promise((resolve, reject) => {
    let req: ClientRequest
    try {
      req = open(url, options.method ?? 'GET', options.headers ?? {})
    } catch (error) {
      // An invalid URL or header (a token with a new line): no attempt could ever send it.
      const code = (error as { code?: string }).code
      return reject(new HttpFailure(messageOf(error), code, false))
    }
    let response: IncomingMessage | undefined
    const fail = (error: HttpFailure) => {
      response?.destroy(error)
      req.destroy(error)
    }
    const disarm = armTimeouts(req, timeouts, fail)
    req.on('error', error => {
      disarm()
      const code = (error as { code?: string }).code
      reject(error instanceof HttpFailure ? error : new HttpFailure(code ?? error.message, code, true))
    })
    req.on('response', res => {
      response = res
      res.on('close', disarm)
      const { statusCode: status = 0, statusMessage: statusText = '', headers } = res
      resolve({ url: url.href, status, statusText, headers, body: res })
    })
    req.end(options.body)
  })
}

/**
 * Where a redirect from `from` goes, and with which headers: never from https to http, and without
 * the authorization header once it leaves the origin it was given for (a mirror's token never reaches
 * the host its redirect names).
 */
export function redirectTarget(
  from: URL,
  location: string | undefined,
  headers: Record<string, string>
): { url: URL; headers: Record<string, string> } {
  if (!location) throw new HttpFailure(`${from.href} redirected without a Location`, 'EREDIRECT', false)
  const url = new URL(location, from)
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new HttpFailure(`${from.href} redirected to ${url.protocol}, not http(s)`, 'EREDIRECT', false)
  if (from.protocol === 'https:' && url.protocol !== 'https:') {
    throw new HttpFailure(
      `${from.href} redirected to ${url.href}: a redirect from https to plain http is refused`,
      'EREDIRECT',
      false
    )
  }
  if (url.origin === from.origin) return { url, headers }
  return {
    url,
    headers: Object.fromEntries(
      Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization')
    )
  }
}

/** The URL, or a failure no attempt could ever get past. */
function parseUrl(url: string): URL {
  try {
    return new URL(url)
  } catch (error) {
    throw new HttpFailure(messageOf(error), (error as { code?: string }).code, false)
  }
}

/**
 * Sends a request; a GET follows redirects (up to `maxRedirects`), by redirectTarget's rules.
 * Resolves with the answer once its head is in (the body is the caller's to read).
 */
export async function request(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  let target = { url: parseUrl(url), headers: options.headers ?? {} }
  const limit = options.maxRedirects ?? MAX_REDIRECTS
  for (let hops = 0; ; hops++) {
    const response = await sendOnce(target.url, { ...options, headers: target.headers })
    if ((options.method ?? 'GET') !== 'GET' || !REDIRECTS.has(response.status)) return response
    response.body.resume()
    if (hops >= limit) {
      throw new HttpFailure(
        `${url} redirected more than ${limit} times (last to ${target.url.href})`,
        'EREDIRECT',
        false
      )
    }
    target = redirectTarget(target.url, response.headers.location, target.headers)
  }
}

/**
 * A GET of `path` from a server on a Unix socket (the Docker engine's API): nothing of the proxy or
 * redirect rules applies there; one time-out bounds the whole exchange.
 */
export function getFromSocket(
  socketPath: string,
  path: string,
  timeoutMs: number
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath, path, headers: { host: 'localhost' } }, response => {
      readText(response).then(text => resolve({ status: response.statusCode ?? 0, text }), reject)
    })
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    req.on('close', () => clearTimeout(timer))
    req.on('error', reject)
    req.end()
  })
}

/** Reads a whole body as text. */
export async function readText(body: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString()
}
