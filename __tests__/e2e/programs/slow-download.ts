// Downloads from a loopback server that sends the whole answer and closes the connection at once
// (HTTP/1.0, as python's http.server and many artifact proxies do), into a consumer slower than the
// network, `count` times; prints "survived <count>". Run as its own process (npx tsx): the crash it
// guards against (nodejs/undici#5360, an uncatchable `assert(!this.paused)`) kills the process, and
// Jest's module sandbox would hide it. dist/ bundles undici through @actions/http-client, and loading
// it makes Node's fetch use that undici's dispatcher: the import below puts this run in the same state.
import 'undici'
import { createServer } from 'node:net'
import { Writable } from 'node:stream'
import { downloadTo } from '../../../src/http/retry.js'
import { listenOnLoopback } from '../../helpers/loopback.js'

const count = Number(process.argv[2] ?? 200)
const body = Buffer.alloc(1_000_000, 'g')
const server = createServer(socket => {
  socket.once('data', () => {
    socket.end(
      Buffer.concat([Buffer.from(`HTTP/1.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body])
    )
  })
})

/** A sink that takes a moment over every chunk, and counts what it got. */
function slowSink(received: { bytes: number }): Writable {
  return new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      received.bytes += chunk.length
      setTimeout(done, 1)
    }
  })
}

const url = `http://127.0.0.1:${await listenOnLoopback(server)}/go.tar.gz`
for (let i = 0; i < count; i++) {
  const received = { bytes: 0 }
  await downloadTo(url, () => slowSink(received), {}, { attempts: 1, firstDelayMs: 0 })
  if (received.bytes !== body.length)
    throw new Error(`download ${i}: ${received.bytes} of ${body.length} bytes`)
}
server.close()
console.log(`survived ${count}`)
