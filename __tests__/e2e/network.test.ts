// The network as real runners see it: go.dev redirects every archive to another host (the bench's
// mirror does too, in every test), a company proxy is the only way out, and a mirror's token must never
// follow a redirect to the host it names.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bench, fileSize, mirrorRequestsSince, runWatched } from './helpers/bench.js'

const quick = { platforms: 'linux/amd64', push: 'false', 'go-version': '1.24.4' }
const freshRunner = () => ({ runnerDir: mkdtempSync(join(tmpdir(), 'e2e-runner-')) })

/** What the mirror and the archives' host logged of each request, since `from`. */
function headersSince(from: number): { url: string; headers: Record<string, string> }[] {
  return mirrorRequestsSince(bench().goDownloadHeadersLog, from).map(line => JSON.parse(line))
}

describe('a forward proxy (squid)', () => {
  it('carries the release list and the redirected archive, for a mirror name only it resolves', async () => {
    const before = fileSize(bench().proxyLog)
    const { run } = await runWatched(
      { ...quick, 'go-download-base-url': bench().proxyOnlyBaseUrl },
      { HTTP_PROXY: bench().proxy, NO_PROXY: '' },
      freshRunner()
    )
    if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
    expect(run.outputs['go-version']).toBe('1.24.4')
    const host = new URL(bench().proxyOnlyBaseUrl).hostname
    const seen = mirrorRequestsSince(bench().proxyLog, before).join('\n')
    expect(seen).toContain(`GET http://${host}:`)
    expect(seen).toMatch(
      new RegExp(
        `GET http://dl\\.${host.replace(/\./g, '\\.')}:\\d+/dl/go1\\.24\\.4\\.linux-amd64\\.tar\\.gz`
      )
    )
  }, 300_000)

  it('is the only way to that name: without it, the release list cannot be read', async () => {
    const { run } = await runWatched(
      { ...quick, 'go-download-base-url': bench().proxyOnlyBaseUrl },
      { HTTP_PROXY: '', http_proxy: '' },
      freshRunner()
    )
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(
      /::error::cannot download http:\/\/go-mirror\.invalid:\d+\/dl\/\?mode=json&include=all: ENOTFOUND/
    )
  }, 300_000)
})

describe('go-download-token and the redirect', () => {
  it('reaches the mirror, never the host its redirect names', async () => {
    const token = `e2e-mirror-${Date.now().toString(36)}`
    const before = fileSize(bench().goDownloadHeadersLog)
    const { run, requests } = await runWatched({ ...quick, 'go-download-token': token }, {}, freshRunner())
    if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
    expect(
      requests.filter(l => l.includes('go1.24.4.linux-amd64.tar.gz')).map(l => l.split(' ').at(-1))
    ).toEqual(['302', '200'])
    const seen = headersSince(before).map(r => [
      r.headers.host.replace(/:\d+$/, ''),
      r.url,
      r.headers.authorization
    ])
    expect(seen).toEqual([
      ['127.0.0.1', '/dl/?mode=json&include=all', `Bearer ${token}`],
      ['127.0.0.1', '/dl/go1.24.4.linux-amd64.tar.gz', `Bearer ${token}`],
      ['localhost', '/dl/go1.24.4.linux-amd64.tar.gz', undefined]
    ])
    expect(run.log.split('\n').filter(l => l.includes(token) && !l.startsWith('::add-mask::'))).toEqual([])
  }, 300_000)
})
