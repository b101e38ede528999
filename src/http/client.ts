// The action's one HTTP client, on node:http and node:https: Node's fetch would run on the undici
// that dist/ bundles (through @actions/http-client), whose HTTP/1 parser crashes the process when a
// server closes the connection while a slow consumer holds the body (nodejs/undici#5360). Every
// request has a connect time-out, an idle time-out and a bound on the whole exchange, each of which
// fails naming the URL and the time.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'

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
  body?: string
  timeouts?: Partial<Timeouts>
}

export interface HttpResponse {
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

/** Hosts on this machine: 127.0.0.0/8, localhost and ::1 (plain http to them never leaves it). */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  )
}

const seconds = (ms: number) => `${ms / 1000} s`

/** Arms the three time-outs on a request; returns what disarms them. */
function armTimeouts(
  req: ReturnType<typeof httpRequest>,
  timeouts: Timeouts,
  fail: (error: HttpFailure) => void
): () => void {
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
    if (!socket.connecting) connected()
    socket.once('connect', connected)
  })
  req.setTimeout(timeouts.idleMs, () => timeout(`nothing received for ${seconds(timeouts.idleMs)}`))
  return () => {
    clearTimeout(total)
    clearTimeout(connect)
  }
}

/** Sends one request; resolves with the answer once its head is in (the body is the caller's to read). */
export function request(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  return new Promise((resolve, reject) => {
    let req: ReturnType<typeof httpRequest>
    try {
      const send = url.startsWith('https:') ? httpsRequest : httpRequest
      req = send(url, { method: options.method ?? 'GET', headers: options.headers })
    } catch (error) {
      // An invalid URL or header (a token with a new line): no attempt could ever send it.
      const code = (error as { code?: string }).code
      return reject(new HttpFailure((error as Error).message, code, false))
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
      resolve({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: res.headers,
        body: res
      })
    })
    req.end(options.body)
  })
}

/** Reads a whole body as text. */
export async function readText(body: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString()
}
