// HTTP GETs that survive transient faults: refused or dropped connections, 408/429/5xx answers and
// bodies cut short are retried with exponential back-off; anything else fails at once, naming the URL.
import * as core from '@actions/core'
import { createWriteStream } from 'node:fs'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'

export interface RetryPolicy {
  attempts: number
  /** Wait before the second attempt; doubled before each later one. */
  firstDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, firstDelayMs: 500 }

/** An answer worth asking again: the server may well give the right one next time. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

class HttpError extends Error {
  constructor(
    message: string,
    readonly transient: boolean
  ) {
    super(message)
  }
}

async function withRetry<T>(url: string, policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt()
    } catch (error) {
      const transient = !(error instanceof HttpError) || error.transient
      const message = (error as Error).message
      if (!transient || n >= policy.attempts) {
        throw new Error(`cannot download ${url}: ${message}${n > 1 ? ` (after ${n} attempts)` : ''}`, {
          cause: error
        })
      }
      const delay = policy.firstDelayMs * 2 ** (n - 1)
      core.info(`${url}: ${message}; trying again in ${delay} ms`)
      await new Promise(resolve => setTimeout(resolve, delay))
    }
  }
}

async function get(url: string, headers: Record<string, string>): Promise<Response> {
  let response: Response
  try {
    response = await fetch(url, { headers })
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    throw new Error(cause?.code ?? cause?.message ?? (error as Error).message, { cause: error })
  }
  if (!response.ok) {
    await response.body?.cancel()
    throw new HttpError(
      `HTTP ${response.status} ${response.statusText}`.trim(),
      isTransientStatus(response.status)
    )
  }
  return response
}

/** GETs a JSON document. */
export function fetchJson<T>(
  url: string,
  headers: Record<string, string> = {},
  policy = DEFAULT_RETRY
): Promise<T> {
  return withRetry(url, policy, async () => (await (await get(url, headers)).json()) as T)
}

/** Streams a file to `dest`; a body shorter than its Content-Length is retried like a failed answer. */
export function downloadFile(
  url: string,
  dest: string,
  headers: Record<string, string> = {},
  policy = DEFAULT_RETRY
): Promise<void> {
  return withRetry(url, policy, async () => {
    const response = await get(url, headers)
    const expected = Number(response.headers.get('content-length') ?? NaN)
    let received = 0
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length
        done(null, chunk)
      }
    })
    if (!response.body) throw new Error('the answer has no body')
    await pipeline(Readable.fromWeb(response.body as WebReadableStream), count, createWriteStream(dest))
    if (Number.isFinite(expected) && received !== expected) {
      throw new Error(`the connection closed after ${received} of ${expected} bytes`)
    }
  })
}
