// Requests for the tests, through the action's own HTTP client (never fetch: see src/http/client.ts).
import { request, type HttpOptions } from '../../src/http/client.js'

export interface Got {
  status: number
  ok: boolean
  header: (name: string) => string | undefined
  body: Buffer
  json: () => unknown
}

export function httpGet(url: string, headers: Record<string, string> = {}): Promise<Got> {
  return httpSend(url, { headers })
}

/** Sends a request and reads its whole answer. */
export async function httpSend(url: string, options: HttpOptions): Promise<Got> {
  const response = await request(url, options)
  const chunks: Buffer[] = []
  for await (const chunk of response.body) chunks.push(chunk as Buffer)
  const body = Buffer.concat(chunks)
  return {
    status: response.status,
    ok: response.status >= 200 && response.status < 300,
    header: name => {
      const value = response.headers[name.toLowerCase()]
      return Array.isArray(value) ? value.join(', ') : value
    },
    body,
    json: () => JSON.parse(body.toString())
  }
}
