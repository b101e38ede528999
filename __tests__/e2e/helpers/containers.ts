// Runs the example image on the local engine (foreign platforms under qemu) and asks it over HTTP.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import { join } from 'node:path'
import { programOutput, runProgram } from '../../../scripts/lib/program.js'
import { listenOnLoopback } from '../../helpers/loopback.js'
import { httpGet } from '../../helpers/http.js'

/** An HTTPS server on 127.0.0.1 whose certificate only the bench's test CA vouches for. */
export async function startTlsPeer(tlsDir: string): Promise<{ url: string; server: Server }> {
  const server = createServer(
    { key: readFileSync(join(tlsDir, 'server-key.pem')), cert: readFileSync(join(tlsDir, 'server.pem')) },
    (_req, res) => res.end('ok\n')
  )
  return { url: `https://127.0.0.1:${await listenOnLoopback(server)}/`, server }
}

export interface Served {
  status: number
  body: Record<string, string>
}

/** Starts the image for one platform on the host network and returns what its "/" answers. */
export async function serveOnce(
  image: string,
  platform: string,
  port: number,
  args: string[]
): Promise<Served> {
  const name = `e2e-hello-${port}`
  await runProgram('docker', ['rm', '-f', name])
  await programOutput('docker', [
    'run',
    '-d',
    '--name',
    name,
    '--platform',
    platform,
    '--network',
    'host',
    image,
    `-addr=127.0.0.1:${port}`,
    ...args
  ])
  try {
    const deadline = Date.now() + 60_000
    for (;;) {
      try {
        const response = await httpGet(`http://127.0.0.1:${port}/`)
        return { status: response.status, body: response.json() as Record<string, string> }
      } catch (error) {
        const state = (await programOutput('docker', ['inspect', '-f', '{{.State.Status}}', name])).trim()
        if (state !== 'running' || Date.now() > deadline) {
          const logs = await runProgram('docker', ['logs', name])
          throw new Error(`the ${platform} container did not serve (${state}): ${logs.output}`, {
            cause: error
          })
        }
        await new Promise(r => setTimeout(r, 250))
      }
    }
  } finally {
    await runProgram('docker', ['rm', '-f', name])
  }
}
