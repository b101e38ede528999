// HTTP GETs that survive transient faults: refused, dropped or timed-out connections, 408/429/5xx
// answers and bodies cut short are retried with exponential back-off; anything else (another status, a
// request that could never be sent) fails at once, naming the URL.
import * as core from '@actions/core'
import { createWriteStream } from 'node:fs'
import { Transform, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { oneLine } from '../untrusted.js'
import { HttpFailure, readText, request, type HttpResponse, type Timeouts } from './client.js'
import { messageOf, ServiceError } from '../errors.js'

export interface RetryPolicy {
  attempts: number
  /** Wait before the second attempt; doubled before each later one. */
  firstDelayMs: number
  /** Of each attempt; the defaults of http.ts where not given. */
  timeouts?: Partial<Timeouts>
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, firstDelayMs: 500 }

/** An answer worth asking again: the server may well give the right one next time. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

async function withRetry<T>(url: string, policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt()
    } catch (error) {
      const transient = !(error instanceof HttpFailure) || error.transient
      const message = messageOf(error)
      if (!transient || n >= policy.attempts) {
        const tries = n > 1 ? ` (after ${n} attempts)` : ''
        throw new ServiceError(hostOf(url), `cannot download ${url}: ${message}${tries}`, { cause: error })
      }
      const delay = policy.firstDelayMs * 2 ** (n - 1)
      core.info(`${url}: ${message}; trying again in ${delay} ms`)
      await new Promise(resolve => setTimeout(resolve, delay))
    }
  }
}

async function get(
  url: string,
  headers: Record<string, string>,
  timeouts?: Partial<Timeouts>
): Promise<HttpResponse> {
  const response = await request(url, { headers, timeouts })
  if (response.status < 200 || response.status > 299) {
    response.body.destroy()
    const redirected = response.url === new URL(url).href ? '' : ` from ${response.url}`
    throw new HttpFailure(
      `HTTP ${response.status} ${response.statusText}`.trim() + redirected,
      undefined,
      isTransientStatus(response.status)
    )
  }
  return response
}

/** A body that is not JSON is the server's answer, not a fault: it fails at once, quoted safely. */
function parseJson<T>(text: string): T {
  try {
    return JSON.parse(text) as T
  } catch {
    const start = JSON.stringify(oneLine(text, 60))
    throw new HttpFailure(`the answer is not JSON (it begins ${start})`, 'EJSON', false)
  }
}

/** GETs a JSON document. */
export function fetchJson<T>(
  url: string,
  headers: Record<string, string> = {},
  policy = DEFAULT_RETRY
): Promise<T> {
  return withRetry(url, policy, async () =>
    parseJson<T>(await readText((await get(url, headers, policy.timeouts)).body))
  )
}

/**
 * Streams a body into a fresh `sink` per attempt (a writable, or transforms ending in one); a body
 * shorter than its Content-Length is retried like a failed answer, one longer than `maxBytes` fails at once.
 */
export function downloadTo(
  url: string,
  sink: () => Writable | [...Transform[], Writable],
  headers: Record<string, string> = {},
  policy = DEFAULT_RETRY,
  maxBytes = Infinity
): Promise<void> {
  return withRetry(url, policy, async () => {
    const response = await get(url, headers, policy.timeouts)
    const expected = Number(response.headers['content-length'] ?? NaN)
    let received = 0
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length
        if (received <= maxBytes) return done(null, chunk)
        done(new HttpFailure(`the body is larger than ${maxBytes} bytes`, 'ETOOBIG', false))
      }
    })
    const streams = sink()
    await pipeline([response.body, count, ...(Array.isArray(streams) ? streams : [streams])])
    if (Number.isFinite(expected) && received !== expected) {
      throw new Error(`the connection closed after ${received} of ${expected} bytes`)
    }
  })
}

/** Streams a file to `dest`, as downloadTo does. */
export function downloadFile(
  url: string,
  dest: string,
  headers: Record<string, string> = {},
  policy = DEFAULT_RETRY,
  maxBytes = Infinity
): Promise<void> {
  return downloadTo(url, () => createWriteStream(dest), headers, policy, maxBytes)
}

/** The host a URL names, for a message; the URL itself where it is not one. */
function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url
}
