// Which Go release a request means: pure functions over go.dev's release list.
import semver from 'semver'
import { InputError, ServiceError } from '../errors.js'

/** One entry of `<go-download-base-url>/?mode=json&include=all`. */
export interface GoRelease {
  version: string
  stable: boolean
  files: GoFile[]
}

export interface GoFile {
  filename: string
  os: string
  arch: string
  version: string
  sha256: string
  size: number
  kind: string
}

/** "go1.24.4" → "1.24.4", "go1.25rc1" → "1.25.0-rc.1", "go1.21" → "1.21.0": Go's names as semver. */
export function toSemver(goVersion: string): string {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?$/.exec(goVersion)
  if (!m) throw new Error(`"${goVersion}" is not a Go version`)
  const [, major, minor, patch = '0', pre, preNumber] = m
  return `${major}.${minor}.${patch}${pre ? `-${pre}.${preNumber}` : ''}`
}

/** "1.24.4" → "go1.24.4", "1.25.0-rc.1" → "go1.25rc1", "1.21.0" → "go1.21.0". */
export function toGoName(version: string): string {
  const v = semver.parse(version)
  if (!v) throw new Error(`"${version}" is not a semantic version`)
  if (v.prerelease.length) return `go${v.major}.${v.minor}${v.prerelease.join('')}`
  return `go${v.major}.${v.minor}.${v.patch}`
}

/** "stable" and "oldstable": the newest release, and the newest of the minor before it. */
export const isAlias = (spec: string) => spec === 'stable' || spec === 'oldstable'

/** A pre-release request (1.25rc1, 1.25beta2): only then are pre-releases candidates. */
export const isPrerelease = (spec: string) => /rc|beta/.test(spec)

/** Checks the syntax of a go-version request (an alias or a version or range), naming `input`. */
export function checkVersionSpec(spec: string): void {
  if (!isAlias(spec)) versionRange(spec)
}

/**
 * Refuses a request no Go the action builds with satisfies (setup-go would still install it); `from`
 * says where the request came from (the input, or the version file).
 */
export function checkSupportedGo(spec: string, from: string): void {
  if (isAlias(spec)) return
  if (!semver.intersects(versionRange(spec), `>=${OLDEST_GO}`, { includePrerelease: true }))
    throw new InputError(
      `${from}: Go "${spec}" is older than ${OLDEST_GO}, the oldest this action builds with (it reads ` +
        '`go env GOVERSION` and builds in module mode); setup-go still installs such a Go (and exports GOROOT for ' +
        'Go < 1.9), this action does not: ask for 1.16 or newer'
    )
}

/** The oldest Go the action sets up: the first with `go env GOVERSION`, and module mode by default. */
export const OLDEST_GO = '1.16.0'

/** A go-version request as a semver range: "1.24" and "1.24.x" mean the newest 1.24 patch. */
export function versionRange(spec: string): string {
  const text = spec.trim().replace(/^v|^go(?=\d)/, '')
  if (/^\d+\.\d+$/.test(text)) return `${text}.x`
  if (/^\d+\.\d+(\.\d+)?(rc|beta)\d+$/.test(text)) return toSemver(text)
  if (semver.validRange(text) === null) {
    throw new InputError(
      `go-version: "${spec}" is not a Go version; accepted: 1.24.4, 1.24, 1.24.x, ranges like ^1.23, ` +
        `stable, oldstable, pre-releases like 1.25rc1`
    )
  }
  return text
}

/** The go-version request a version file states (go.mod, go.work, .go-version, .tool-versions). */
export function versionFromFile(fileName: string, content: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  const lines = content.split(/\r?\n/).map(l => l.replace(/\/\/.*$/, '').trim())
  const directive = (word: string) =>
    lines.map(l => new RegExp(`^${word}\\s+(\\S+)$`).exec(l)?.[1]).find(Boolean)
  let found: string | undefined
  if (base === 'go.mod' || base === 'go.work') {
    // The toolchain directive names the exact Go to build with; `go` only the language minimum.
    found = directive('toolchain')?.replace(/^go/, '') ?? directive('go')
  } else if (base === '.tool-versions') {
    found = lines.map(l => /^(?:golang|go)\s+(\S+)/.exec(l)?.[1]).find(Boolean)
  } else {
    found = lines.find(Boolean)?.replace(/^go(?=\d)/, '')
  }
  if (!found) throw new InputError(`go-version-file: ${fileName} names no Go version`)
  // Checked here, without echoing the file: it may be anything (a link to /etc/passwd, say).
  try {
    checkVersionSpec(found)
  } catch {
    throw new InputError(
      `go-version-file: ${fileName} does not name a Go version where one is expected ` +
        '(go.mod/go.work: the go or toolchain line; .go-version: the first line; .tool-versions: the golang line)'
    )
  }
  return found
}

/** Up to five releases closest to what was asked (by minor series, then newest first). */
export function nearestVersions(spec: string, versions: string[]): string[] {
  const asked = /^(?:go)?(\d+)\.(\d+)/.exec(spec.replace(/^[^\d]*/, ''))
  const series = (v: string) => semver.major(v) * 1000 + semver.minor(v)
  const target = asked ? Number(asked[1]) * 1000 + Number(asked[2]) : Infinity
  const distance = (v: string) => (Number.isFinite(target) ? Math.abs(series(v) - target) : -series(v))
  return [...versions].sort((a, b) => distance(a) - distance(b) || semver.rcompare(a, b)).slice(0, 5)
}

export interface ResolvedGo {
  /** As semver, as the tool cache names it: "1.24.4". */
  version: string
  /** The archive for this machine. */
  file: GoFile
}

/** The release a request means, and its archive for os/arch; throws naming the nearest releases. */
export function resolveVersion(spec: string, releases: GoRelease[], os: string, arch: string): ResolvedGo {
  const available = releases
    .map(r => ({
      release: r,
      file: r.files.find(f => f.os === os && f.arch === arch && f.kind === 'archive')
    }))
    .filter((c): c is { release: GoRelease; file: GoFile } => c.file !== undefined)
    .map(c => ({ ...c, version: toSemver(c.release.version) }))
    .sort((a, b) => semver.rcompare(a.version, b.version))

  let chosen: (typeof available)[number] | undefined
  const stable = available.filter(c => c.release.stable)
  if (spec === 'stable') {
    chosen = stable[0]
  } else if (spec === 'oldstable') {
    const newest = stable[0]
    chosen = newest && stable.find(c => semver.minor(c.version) < semver.minor(newest.version))
  } else {
    const range = versionRange(spec)
    const includePrerelease = isPrerelease(spec)
    chosen = available.find(c => semver.satisfies(c.version, range, { includePrerelease }))
  }
  if (!chosen) {
    const nearest = nearestVersions(
      spec,
      available.map(c => c.version)
    ).map(toGoName)
    throw new InputError(
      `go-version: no Go release for ${os}/${arch} matches "${spec}"; ` +
        (nearest.length
          ? `the nearest: ${nearest.map(v => v.replace(/^go/, '')).join(', ')}`
          : 'the release list has none for this machine')
    )
  }
  const expected = `${chosen.release.version}.${os}-${arch}.tar.gz`
  if (chosen.file.filename !== expected) {
    // The name decides where the archive is written: only the one name go.dev gives it is accepted.
    throw new ServiceError(
      'the Go release list',
      `the release list names the archive of ${chosen.release.version} for ${os}/${arch} ` +
        `${JSON.stringify(chosen.file.filename)}; only ${expected} is accepted`
    )
  }
  return { version: chosen.version, file: chosen.file }
}

/**
 * A newer patch release of `version`'s minor in the list, when there is one (patch releases carry
 * security fixes): the newest, as semver; undefined when `version` is the newest or a pre-release.
 */
export function newerPatch(version: string, releases: GoRelease[]): string | undefined {
  const current = semver.parse(version)
  if (!current || current.prerelease.length) return undefined
  const patches = releases.flatMap(release => {
    try {
      const candidate = semver.parse(toSemver(release.version))
      const sameMinor = candidate && candidate.major === current.major && candidate.minor === current.minor
      return release.stable && sameMinor && !candidate.prerelease.length ? [candidate.version] : []
    } catch {
      return []
    }
  })
  const newest = patches.sort(semver.rcompare)[0]
  return newest && semver.gt(newest, version) ? newest : undefined
}
