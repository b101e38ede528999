// Servers of the tests on 127.0.0.1, on a port the system chooses.
import { createServer, type Server } from 'node:net'

/** Starts `server` on 127.0.0.1 and resolves with its port. */
export async function listenOnLoopback(server: Pick<Server, 'listen' | 'address'>): Promise<number> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the loopback server has no port')
  return address.port
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago): a connection is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  const port = await listenOnLoopback(server)
  await new Promise(resolve => server.close(resolve))
  return port
}
