// Go set-up against the loopback mirror: ranges resolved to the right release, downloaded and
// verified once, then served from the tool cache with no request at all; a corrupt archive, a flaky
// server and a release that does not exist.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runProgram } from '../../scripts/lib/program.js'
import type { ActionRun } from '../../scripts/run-action.js'
import { bench, BUILDX_BUILD, cachedGoVersions, runWatched, RUNNER_USER } from './helpers/bench.js'

/** The action as GitHub's runners run steps: as their non-root user, whose tool cache it fills. */
const runAsRunner = (
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: { runnerDir?: string; post?: boolean } = {}
) => runWatched(inputs, env, { ...options, user: RUNNER_USER })

// Each run builds one platform into an OCI archive: the Go set-up is what is under test here.
const quick = { platforms: 'linux/amd64', push: 'false' }
const ok = (run: ActionRun) => {
  if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
}
const archiveRequests = (requests: string[], version: string) =>
  requests.filter(l => l.includes(`/${version}.linux-amd64.tar.gz `))

describe('a range, downloaded once, then from the tool cache', () => {
  const runnerDir = mkdtempSync(join(tmpdir(), 'e2e-runner-'))
  let first: { run: ActionRun; requests: string[] }
  beforeAll(async () => {
    first = await runAsRunner({ ...quick, 'go-version': '1.x' }, {}, { runnerDir })
    ok(first.run)
  }, 300_000)

  it('resolves 1.x to the newest release, downloads and verifies it', () => {
    expect(first.run.outputs['go-version']).toBe('1.25.12')
    expect(first.run.outputs['go-tool-cache-hit']).toBe('false')
    expect(first.run.log).toContain('Using go1.25.12 downloaded')
    // As go.dev: the mirror redirects the archive to another host, which serves it.
    expect(archiveRequests(first.requests, 'go1.25.12').map(l => l.split(' ').at(-1))).toEqual(['302', '200'])
    expect(cachedGoVersions(join(runnerDir, 'tool-cache'))).toEqual(['1.25.12'])
  })

  it('puts Go and GOPATH/bin on PATH, exports GOTOOLCHAIN=local and leaves GOROOT alone (as setup-go)', async () => {
    const goroot = join(runnerDir, 'tool-cache', 'go', '1.25.12', 'x64')
    expect(first.run.outputs['go-root']).toBe(goroot)
    expect(first.run.exported).toMatchObject({ GOTOOLCHAIN: 'local' })
    expect(first.run.exported).not.toHaveProperty('GOROOT')
    // A later step that runs another Go (the bench's own 1.24) with what this step exported builds.
    const later = await runProgram(bench().goBinary, ['build', '-o', '/dev/null', './cmd/hello'], {
      cwd: 'examples/hello',
      env: { ...process.env, ...first.run.exported }
    })
    expect([later.code, later.output]).toEqual([0, ''])
    expect(first.run.addedPaths).toContain(join(goroot, 'bin'))
    expect(first.run.addedPaths.some(p => p.endsWith(join('go', 'bin')) && !p.startsWith(goroot))).toBe(true)
  }, 120_000)

  it('is a tool-cache hit the second time, with no request to the mirror', async () => {
    const { run, requests } = await runAsRunner({ ...quick, 'go-version': '1.x' }, {}, { runnerDir })
    ok(run)
    expect(run.outputs['go-version']).toBe('1.25.12')
    expect(run.outputs['go-tool-cache-hit']).toBe('true')
    expect(requests).toEqual([])
  }, 300_000)

  it('asks the release list but downloads nothing with check-latest, when the newest is cached', async () => {
    const { run, requests } = await runAsRunner(
      { ...quick, 'go-version': '1.x', 'check-latest': 'true' },
      {},
      { runnerDir }
    )
    ok(run)
    expect(run.outputs['go-tool-cache-hit']).toBe('true')
    expect(requests.map(l => l.split(' ').slice(2).join(' '))).toEqual(['/dl/?mode=json&include=all 200'])
  }, 300_000)
})

describe('set-up as setup-go reads its environment', () => {
  it('downloads from GO_DOWNLOAD_BASE_URL when go-download-base-url is empty; DOCKER_BUILD_SUMMARY=false writes no summary', async () => {
    const { run, requests } = await runAsRunner(
      { ...quick, 'go-version': '1.24.4', 'go-download-base-url': '' },
      { GO_DOWNLOAD_BASE_URL: bench().goDownloadBaseUrl, DOCKER_BUILD_SUMMARY: 'false' }
    )
    ok(run)
    expect(archiveRequests(requests, 'go1.24.4').map(l => l.split(' ').at(-1))).toEqual(['302', '200'])
    expect(run.summary).toBe('')
  }, 300_000)
})

describe('resolution against the real release list', () => {
  it('picks 1.24.4 for ">=1.24 <1.25"', async () => {
    const { run } = await runAsRunner({ ...quick, 'go-version': '>=1.24 <1.25' })
    ok(run)
    expect(run.outputs['go-version']).toBe('1.24.4')
  }, 300_000)

  it('fails for a release that does not exist, naming the nearest ones', async () => {
    const { run } = await runAsRunner({ ...quick, 'go-version': '1.21' })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(
      '::error::go-version: no Go release for linux/amd64 matches "1.21"; the nearest: 1.23.5, 1.24.4, 1.25.12'
    )
  })
})

describe('faults', () => {
  it('rejects an archive whose sha256 is not the listed one, and caches nothing', async () => {
    const runnerDir = mkdtempSync(join(tmpdir(), 'e2e-runner-'))
    const corrupt = bench().goCorruptVersion
    const { run } = await runAsRunner(
      { ...quick, 'go-version': corrupt.replace(/^go/, '') },
      {},
      { runnerDir }
    )
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(
      new RegExp(
        `::error::the Go archive \\S+/${corrupt}\\.linux-amd64\\.tar\\.gz has sha256 [0-9a-f]{64}, but the release list says [0-9a-f]{64}; nothing was installed`
      )
    )
    expect(existsSync(join(runnerDir, 'tool-cache', 'go'))).toBe(false)
    // The builder was only read (beside the Go set-up); nothing was compiled or built.
    expect(run.log).not.toMatch(/\/go build /)
    expect(run.log).not.toMatch(BUILDX_BUILD)
  })

  it('gives up with a clear error naming the URL and status when the mirror keeps failing', async () => {
    const key = `k${Date.now()}`
    const { goDownloadBaseUrl } = bench()
    const { run } = await runAsRunner({
      ...quick,
      'go-version': '1.24.4',
      'go-version-index-url': `${goDownloadBaseUrl}/?mode=json&include=all`,
      'go-download-base-url': goDownloadBaseUrl.replace(/\/dl$/, `/flaky/${key}/9/dl`)
    })
    expect(run.exitCode).toBe(1)
    // The URL asked for, and the host the redirect named, which answered 503.
    const asked = `${goDownloadBaseUrl.replace(/\/dl$/, `/flaky/${key}/9/dl`)}/go1.24.4.linux-amd64.tar.gz`
    const answered = asked.replace(/^http:\/\/127\.0\.0\.1:\d+/, `http://localhost:${bench().goDownloadPort}`)
    expect(run.log).toContain(
      `::error::cannot download ${asked}: HTTP 503 Service Unavailable from ${answered} (after 4 attempts)`
    )
  }, 300_000)

  it('survives a download cut off half-way, by trying again', async () => {
    const key = `k${Date.now()}`
    const { goDownloadBaseUrl } = bench()
    const { run, requests } = await runAsRunner(
      {
        ...quick,
        'go-version': '1.24.4',
        'go-version-index-url': `${goDownloadBaseUrl}/?mode=json&include=all`,
        'go-download-base-url': goDownloadBaseUrl.replace(/\/dl$/, `/cut/${key}/1/dl`)
      },
      {},
      { runnerDir: mkdtempSync(join(tmpdir(), 'e2e-runner-')) }
    )
    ok(run)
    // Each attempt asks the mirror again, which redirects it; the archives' host cuts the first.
    expect(requests.filter(l => l.includes(`/cut/${key}/`)).map(l => l.split(' ').at(-1))).toEqual([
      '302',
      'cut',
      '302',
      '200'
    ])
    expect(run.log).toMatch(/go1\.24\.4\.linux-amd64\.tar\.gz: .*; trying again in 500 ms/)
    expect(run.outputs['go-version']).toBe('1.24.4')
  }, 300_000)

  it('survives a mirror that answers 503 twice to each request', async () => {
    const key = `k${Date.now()}`
    const flakyBase = bench().goDownloadBaseUrl.replace(/\/dl$/, `/flaky/${key}/2/dl`)
    const { run, requests } = await runAsRunner({
      ...quick,
      'go-version': '1.24.4',
      'go-download-base-url': flakyBase
    })
    ok(run)
    expect(run.outputs['go-version']).toBe('1.24.4')
    const statuses = (path: string) =>
      requests.filter(l => l.includes(`/flaky/${key}/2/dl/${path}`)).map(l => l.split(' ').at(-1))
    expect(statuses('?mode=json')).toEqual(['503', '503', '200'])
    expect(statuses('go1.24.4.linux-amd64.tar.gz')).toEqual(['302', '503', '302', '503', '302', '200'])
    expect(run.log).toContain('HTTP 503 Service Unavailable; trying again in')
  }, 300_000)
})

describe('a release list with workflow commands in it', () => {
  /** Serves `content` as the index.json of a folder of its own on the bench's mirror. */
  function servedList(content: string): string {
    const folder = `list-${Date.now().toString(36)}`
    mkdirSync(join(bench().home, 'go-mirror', folder), { recursive: true })
    writeFileSync(join(bench().home, 'go-mirror', folder, 'index.json'), content)
    return `${bench().goDownloadBaseUrl.replace(/\/dl$/, `/${folder}`)}/?mode=json&include=all`
  }
  const commandLines = (log: string) =>
    log.split('\n').filter(line => /^::(warning|error|notice)[ :]/.test(line))

  it('prints its fields on one line: no line of it is read as a command', async () => {
    const real = JSON.parse(readFileSync(join(bench().home, 'go-mirror', 'dl', 'index.json'), 'utf8')) as {
      version: string
      files: { version: string }[]
    }[]
    for (const release of real)
      for (const file of release.files)
        file.version = `${file.version}\n::warning title=planted::from the list`
    const { run } = await runAsRunner(
      { ...quick, 'go-version': '1.24.4', 'go-version-index-url': servedList(JSON.stringify(real)) },
      {},
      { runnerDir: mkdtempSync(join(tmpdir(), 'e2e-runner-')) }
    )
    ok(run)
    expect(run.log).toContain('Downloading go1.24.4 : :warning title=planted: :from the list from')
    expect(commandLines(run.log)).toEqual([])
  }, 300_000)

  it('says when a newer patch of the same minor exists, and how to float or pin', async () => {
    const real = JSON.parse(readFileSync(join(bench().home, 'go-mirror', 'dl', 'index.json'), 'utf8')) as {
      version: string
      files: { version: string; filename: string }[]
    }[]
    const newer = JSON.parse(JSON.stringify(real.find(r => r.version === 'go1.24.4')))
    newer.version = 'go1.24.9'
    for (const file of newer.files)
      [file.version, file.filename] = ['go1.24.9', 'go1.24.9.linux-amd64.tar.gz']
    const { run } = await runAsRunner(
      {
        ...quick,
        'go-version': '1.24.4',
        'go-version-index-url': servedList(JSON.stringify([newer, ...real]))
      },
      {},
      { runnerDir: mkdtempSync(join(tmpdir(), 'e2e-runner-')) }
    )
    ok(run)
    expect(run.log).toContain(
      "::notice::Go 1.24.4 is not the newest 1.24 release: 1.24.9 is, and patch releases carry security fixes. Float to the newest patch with go-version: '1.24', or pin one with a toolchain line in go.mod (toolchain go1.24.9)"
    )
  }, 300_000)

  it('an archive that passes its checksum but does not extract leaves nothing in RUNNER_TEMP', async () => {
    // The list names, for go1.24.9, a file the mirror serves (its own index.json) with its true sha256.
    const served = readFileSync(join(bench().home, 'go-mirror', 'dl', 'index.json'))
    const sha256 = createHash('sha256').update(served).digest('hex')
    const file = {
      filename: 'index.json',
      os: 'linux',
      arch: 'amd64',
      version: 'go1.24.9',
      sha256,
      size: served.length,
      kind: 'archive'
    }
    const runnerDir = mkdtempSync(join(tmpdir(), 'e2e-runner-'))
    const { run } = await runAsRunner(
      {
        ...quick,
        'go-version': '1.24.9',
        'go-version-index-url': servedList(
          JSON.stringify([{ version: 'go1.24.9', stable: true, files: [file] }])
        )
      },
      {},
      { runnerDir }
    )
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(/::error::.*tar/)
    expect(readdirSync(join(runnerDir, 'temp')).filter(name => name.startsWith('go-extract-'))).toEqual([])
    expect(cachedGoVersions(join(runnerDir, 'tool-cache'))).toEqual([])
  }, 300_000)

  it('that is not JSON fails once, naming the URL and its first bytes safely', async () => {
    const url = servedList('<html>\n::warning title=planted::not a list</html>')
    const { run, requests } = await runAsRunner(
      { ...quick, 'go-version': '1.24.4', 'go-version-index-url': url },
      {},
      { runnerDir: mkdtempSync(join(tmpdir(), 'e2e-runner-')) }
    )
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(
      `::error::cannot download ${url}: the answer is not JSON (it begins "<html> : :warning`
    )
    expect(commandLines(run.log).filter(line => !line.startsWith('::error::cannot download'))).toEqual([])
    expect(requests.filter(line => line.includes('/list-'))).toHaveLength(1)
  }, 300_000)
})
