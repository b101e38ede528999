// Puts the requested Go on PATH: the Go already there when it fits, else the tool cache, else a
// download from the configured mirror, checked against the release list's sha256.
import * as core from '@actions/core'
import { which } from '@actions/io'
import * as tc from '@actions/tool-cache'
import { createHash } from 'node:crypto'
import { createReadStream, readFileSync } from 'node:fs'
import { arch as hostArch } from 'node:os'
import { join } from 'node:path'
import semver from 'semver'
import { run } from '../exec.js'
import {
  resolveVersion,
  toGoName,
  toSemver,
  versionFromFile,
  versionRange,
  type GoRelease
} from './versions.js'

export interface GoToolchain {
  /** "go1.24.4", as `go version` says it. */
  version: string
  /** Absolute path of the `go` binary. */
  go: string
  source: 'path' | 'tool-cache' | 'download'
}

export interface GoRequest {
  goVersion: string
  goVersionFile: string
  goDownloadBaseUrl: string
}

// The runner's own machine, as Node and as go.dev name it: the toolchain runs here, whatever is built.
const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' }

/** The version request, from go-version or else the version file. */
export function requestedSpec(request: GoRequest): string {
  if (request.goVersion) return request.goVersion
  return versionFromFile(request.goVersionFile, readFileSync(request.goVersionFile, 'utf8'))
}

async function goOnPath(): Promise<{ version: string; go: string } | undefined> {
  const goBinary = await which('go', false)
  if (!goBinary) return undefined
  const result = await run(goBinary, ['env', 'GOVERSION'], { env: { ...process.env, GOTOOLCHAIN: 'local' } })
  const version = result.stdout.trim()
  return result.code === 0 && version ? { version, go: goBinary } : undefined
}

async function fetchReleases(baseUrl: string): Promise<GoRelease[]> {
  const url = `${baseUrl}/?mode=json&include=all`
  const response = await fetch(url)
  if (!response.ok) throw new Error(`cannot read the Go release list from ${url}: HTTP ${response.status}`)
  return (await response.json()) as GoRelease[]
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk)
  return hash.digest('hex')
}

export async function setupGo(request: GoRequest): Promise<GoToolchain> {
  const spec = requestedSpec(request)
  const isAlias = spec === 'stable' || spec === 'oldstable'
  const range = isAlias ? '' : versionRange(spec)
  const includePrerelease = /rc|beta/.test(spec)
  core.info(`Go requested: ${spec}`)

  const onPath = isAlias ? undefined : await goOnPath()
  if (onPath && semver.satisfies(toSemver(onPath.version), range, { includePrerelease })) {
    core.info(`Using ${onPath.version} found on PATH at ${onPath.go}`)
    return finish({ version: onPath.version, go: onPath.go, source: 'path' })
  }

  const cacheArch = hostArch()
  const goArch = GO_ARCH[cacheArch]
  if (!goArch)
    throw new Error(`this runner's architecture (${cacheArch}) has no Go release; use an x64 or arm64 runner`)

  const cached = range ? tc.find('go', range, cacheArch) : ''
  if (cached) {
    const version = toGoName(cached.split(/[\\/]/).at(-2) ?? '')
    core.info(`Using ${version} from the tool cache`)
    return finish({ version, go: join(cached, 'bin', 'go'), source: 'tool-cache' })
  }

  const resolved = resolveVersion(spec, await fetchReleases(request.goDownloadBaseUrl), 'linux', goArch)
  const exact = tc.find('go', resolved.version, cacheArch)
  if (exact) {
    core.info(`Using ${resolved.file.version} from the tool cache`)
    return finish({ version: resolved.file.version, go: join(exact, 'bin', 'go'), source: 'tool-cache' })
  }

  const url = `${request.goDownloadBaseUrl}/${resolved.file.filename}`
  core.info(`Downloading ${resolved.file.version} from ${url}`)
  const archive = await tc.downloadTool(url)
  const digest = await sha256Of(archive)
  if (digest !== resolved.file.sha256) {
    throw new Error(
      `the Go archive ${url} has sha256 ${digest}, but the release list says ${resolved.file.sha256}; ` +
        `nothing was installed`
    )
  }
  const extracted = await tc.extractTar(archive)
  const goroot = await tc.cacheDir(join(extracted, 'go'), 'go', resolved.version, cacheArch)
  return finish({ version: resolved.file.version, go: join(goroot, 'bin', 'go'), source: 'download' })
}

/** Puts the toolchain on PATH for later steps; GOTOOLCHAIN=local so Go never fetches another one. */
function finish(toolchain: GoToolchain): GoToolchain {
  core.addPath(join(toolchain.go, '..'))
  core.exportVariable('GOTOOLCHAIN', 'local')
  return toolchain
}
