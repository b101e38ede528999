// Puts the requested Go on PATH. Without check-latest, a Go that is already here and satisfies the
// request is used with no network at all: the one on PATH, else the runner's tool cache. Otherwise
// the release list decides, and the archive is downloaded, checked against its sha256, and cached.
import * as core from '@actions/core'
import { which } from '@actions/io'
import * as tc from '@actions/tool-cache'
import { createHash } from 'node:crypto'
import { createReadStream, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { arch as hostArch } from 'node:os'
import { join } from 'node:path'
import semver from 'semver'
import { onCancel } from '../cancel.js'
import { runChecked } from '../exec.js'
import { oneLine } from '../untrusted.js'
import { ServiceError } from '../errors.js'
import { downloadFile, fetchJson } from '../http/retry.js'
import {
  checkSupportedGo,
  isAlias,
  isPrerelease,
  newerPatch,
  resolveVersion,
  toSemver,
  versionFromFile,
  versionRange,
  type GoRelease
} from './versions.js'

/** What the Go stage takes: which Go, and where to get it. */
export interface GoRequest {
  /** The Go version requested, or "" when a version file says it. */
  goVersion: string
  /** Absolute path of the file naming the Go version, or "". */
  goVersionFile: string
  goDownloadBaseUrl: string
  /** The go.dev-style release list (?mode=json&include=all). */
  goVersionIndexUrl: string
  /** Ask the release list even when a Go here would satisfy the request. */
  checkLatest: boolean
  /** Bearer token for goDownloadBaseUrl and goVersionIndexUrl (a private mirror); "" for none. */
  token: string
}

export interface GoToolchain {
  /** "go1.24.4", as `go env GOVERSION` says it. */
  version: string
  goroot: string
  /** Where this Go keeps downloaded modules and build outputs (go env GOMODCACHE, GOCACHE). */
  gomodcache: string
  gocache: string
  /** Absolute path of the `go` binary. */
  go: string
  source: 'path' | 'tool-cache' | 'download'
}

/** A Go binary and where it came from; `go env` tells the rest. */
type Found = Pick<GoToolchain, 'go' | 'source'>

// The runner's own machine, as Node and as go.dev name it: the toolchain runs here, whatever is built.
const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' }

/** The version request, from go-version or else the version file. */
export function requestedSpec(request: Pick<GoRequest, 'goVersion' | 'goVersionFile'>): string {
  if (request.goVersion) return request.goVersion
  return versionFromFile(request.goVersionFile, readFileSync(request.goVersionFile, 'utf8'))
}

/** What `go env` says of a Go binary; GOTOOLCHAIN=local so that it answers for itself. */
const GO_ENV = ['GOVERSION', 'GOROOT', 'GOPATH', 'GOMODCACHE', 'GOCACHE'] as const

async function describeGo(go: string): Promise<Record<(typeof GO_ENV)[number], string>> {
  const names = GO_ENV
  const json = await runChecked(`${go} env`, go, ['env', '-json', ...names], {
    env: { GOTOOLCHAIN: 'local' }
  })
  const said = JSON.parse(json) as Record<string, unknown>
  const missing = names.filter(name => typeof said[name] !== 'string')
  if (missing.length) throw new Error(`${go} env -json did not say ${missing.join(', ')}`)
  return said as Record<(typeof GO_ENV)[number], string>
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** A Go already on this machine that satisfies the range: on PATH, else in the tool cache. */
async function findLocal(range: string, includePrerelease: boolean): Promise<Found | undefined> {
  const onPath = await which('go', false)
  if (onPath) {
    const { GOVERSION } = await describeGo(onPath).catch(() => ({ GOVERSION: '' }))
    if (/^go\d/.test(GOVERSION) && semver.satisfies(toSemver(GOVERSION), range, { includePrerelease })) {
      return { go: onPath, source: 'path' }
    }
  }
  const cached = tc.find('go', range, hostArch())
  return cached ? { go: join(cached, 'bin', 'go'), source: 'tool-cache' } : undefined
}

/** Extracts the archive into a folder of its own, removed whatever happens, and caches its go/. */
async function extractToToolCache(archive: string, version: string, tempDir: string): Promise<string> {
  const extracted = await mkdtemp(join(tempDir, 'go-extract-'))
  onCancel(() => rm(extracted, { recursive: true, force: true }))
  try {
    await tc.extractTar(archive, extracted)
    return await tc.cacheDir(join(extracted, 'go'), 'go', version, hostArch())
  } finally {
    await rm(extracted, { recursive: true, force: true })
  }
}

async function install(spec: string, request: GoRequest, tempDir: string): Promise<Found> {
  const goArch = GO_ARCH[hostArch()]
  if (!goArch)
    throw new Error(
      `this runner's architecture (${hostArch()}) has no Go release; use an x64 or arm64 runner`
    )
  const headers: Record<string, string> = request.token ? { authorization: `Bearer ${request.token}` } : {}
  const releases = await fetchJson<GoRelease[]>(request.goVersionIndexUrl, headers)
  const resolved = resolveVersion(spec, releases, 'linux', goArch)
  const newer = newerPatch(resolved.version, releases)
  if (newer) {
    const minor = resolved.version.split('.').slice(0, 2).join('.')
    core.notice(
      `Go ${resolved.version} is not the newest ${minor} release: ${newer} is, and patch releases carry security ` +
        `fixes. Float to the newest patch with go-version: '${minor}', or pin one with a toolchain line in go.mod ` +
        `(toolchain go${newer})`
    )
  }
  const cached = tc.find('go', resolved.version, hostArch())
  if (cached) return { go: join(cached, 'bin', 'go'), source: 'tool-cache' }

  const url = `${request.goDownloadBaseUrl}/${resolved.file.filename}`
  const archive = join(tempDir, `${resolved.file.filename}.${process.pid}`)
  core.info(`Downloading ${oneLine(resolved.file.version)} from ${oneLine(url)}`)
  onCancel(() => rm(archive, { force: true }))
  try {
    await downloadFile(url, archive, headers)
    const digest = await sha256Of(archive)
    if (digest !== resolved.file.sha256) {
      throw new ServiceError(
        new URL(url).host,
        `the Go archive ${url} has sha256 ${digest}, but the release list says ${resolved.file.sha256}; ` +
          'nothing was installed'
      )
    }
    const goroot = await extractToToolCache(archive, resolved.version, tempDir)
    return { go: join(goroot, 'bin', 'go'), source: 'download' }
  } finally {
    await rm(archive, { force: true })
  }
}

/** Sets Go up; `tempDir` (the runner's) holds the download and its extraction meanwhile. */
export async function setupGo(request: GoRequest, tempDir: string): Promise<GoToolchain> {
  const spec = requestedSpec(request)
  core.info(`Go requested: ${spec}${request.checkLatest ? ' (check-latest)' : ''}`)
  checkSupportedGo(spec, request.goVersion ? 'go-version' : `go-version-file (${request.goVersionFile})`)
  const local =
    isAlias(spec) || request.checkLatest ? undefined : await findLocal(versionRange(spec), isPrerelease(spec))
  const found = local ?? (await install(spec, request, tempDir))

  const env = await describeGo(found.go)
  const where = {
    path: `found on PATH at ${found.go}`,
    'tool-cache': 'from the tool cache',
    download: 'downloaded'
  }
  core.info(`Using ${env.GOVERSION} ${where[found.source]}`)
  // For later steps: this Go and the tools it installs on PATH, and never another toolchain. GOROOT is
  // left alone, as setup-go leaves it (for Go 1.9 and later): a Go finds its own root, and an exported
  // one would break every other Go a later step runs ("compile: version … does not match go tool").
  core.addPath(join(env.GOROOT, 'bin'))
  if (env.GOPATH) core.addPath(join(env.GOPATH.split(':')[0], 'bin'))
  core.exportVariable('GOTOOLCHAIN', 'local')
  return {
    ...found,
    version: env.GOVERSION,
    goroot: env.GOROOT,
    gomodcache: env.GOMODCACHE,
    gocache: env.GOCACHE
  }
}
