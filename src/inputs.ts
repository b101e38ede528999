// The action's inputs, read once into one typed, validated configuration. Bad input fails here,
// before any download, build or push, with the input's name, the bad value and what is accepted.
import { existsSync, statSync } from 'node:fs'
import { basename, isAbsolute, relative, resolve } from 'node:path'
import { NONROOT, type Tzdata } from './image/dockerfile.js'
import { registryOf } from './image/login.js'
import { parseAnnotation } from './image/metadata.js'
import { parsePlatforms, type Platform } from './platform.js'
import { versionRange } from './go/versions.js'
import { parseReference } from './reference.js'

/** mode: merge — only what the merge step needs. */
export interface MergeConfig {
  mode: 'merge'
  tags: string[]
  platforms: Platform[]
  annotations: string[]
}

export interface Config {
  mode: 'build'
  /** Push to the repositories of `tags` by digest, without tags, and hand the digest to the merge step. */
  pushByDigest: boolean
  /** Absolute folder in which Go runs: the module (or a workspace member). */
  workingDirectory: string
  /** The Go version requested, or "" when a version file says it. */
  goVersion: string
  /** Absolute path of the file naming the Go version, or "". */
  goVersionFile: string
  goDownloadBaseUrl: string
  /** The go.dev-style release list (?mode=json&include=all). */
  goVersionIndexUrl: string
  /** Ask the release list even when a Go here would satisfy the request. */
  checkLatest: boolean
  /** Bearer token for go-download-base-url and go-version-index-url (a private mirror); "" for none. */
  token: string
  /** The main package as `go build` takes it: "./cmd/server" or ".". */
  mainPackage: string
  binaryName: string
  platforms: Platform[]
  /** Extra `go build` arguments, one argument each. */
  buildFlags: string[]
  buildTags: string[]
  /** Extra linker flags, appended after the action's own. */
  ldflags: string
  /** The version stamped into the binary; "" means: from the git tag or commit. */
  version: string
  versionVariable: string
  tags: string[]
  labels: string[]
  /** "[types:]key=value" lines. */
  annotations: string[]
  push: boolean
  /** Load a single-platform image into the local engine instead of pushing or exporting. */
  load: boolean
  builderImage: string
  /** USER of the image ("uid:gid"), or "" for root. */
  user: string
  tzdata: Tzdata
  certs: boolean
  /** KEY=VALUE lines for ENV. */
  env: string[]
  expose: string[]
  workdir: string
  /** The image's default arguments (CMD), one per line of the input. */
  args: string[]
  provenance: string
  sbom: string
  /** Seconds since 1970, or undefined to take the commit time. */
  sourceDateEpoch?: number
  /** The buildx builder named by the input, or "" for the current one. */
  builder: string
  /** Registry credentials to log in with, or undefined to use the runner's docker config as it is. */
  credentials?: { registry: string; username: string; password: string }
  /** Restore and save the Go module and build caches. */
  cache: boolean
  /** Globs (relative to the workspace) whose contents key the module cache; [] = every go.sum. */
  cacheDependencyPath: string[]
  cacheKeyPrefix: string
  cacheSaveModules: 'auto' | 'true' | 'false'
}

/** Reads one input by its name, as core.getInput does: trimmed, "" when not given. */
export type InputReader = (name: string) => string

export const DEFAULTS = {
  'go-download-base-url': 'https://go.dev/dl',
  platforms: 'linux/amd64,linux/arm64',
  'version-variable': 'main.version',
  'builder-image':
    'gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab',
  'cache-key-prefix': 'go-mini',
  'cache-save-modules': 'auto',
  user: '65532:65532',
  tzdata: 'zip',
  provenance: 'false',
  sbom: 'false'
}

/** Splits a list input on commas and new lines (as build-push-action does), dropping blanks. */
export function splitList(text: string, separators = /[\n,]/): string[] {
  return text
    .split(separators)
    .map(s => s.trim())
    .filter(Boolean)
}

export function parseBoolean(input: string, text: string, fallback: boolean): boolean {
  if (text === '') return fallback
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true'
  throw new Error(`${input}: "${text}" is not a boolean; accepted: true, false`)
}

/** A path given relative to `base` that must stay inside it. */
function insidePath(input: string, base: string, text: string, what: string): string {
  const path = resolve(base, text)
  const rel = relative(base, path)
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(`${input}: "${text}" points outside ${what} (${base}); give a path inside it`)
  }
  return path
}

/** The quote Go's flag splitting (cmd/internal/quoted) would find unterminated, if any. */
export function unbalancedQuote(text: string): string | undefined {
  let open: string | undefined
  for (const c of text) {
    if (open) {
      if (c === open) open = undefined
    } else if (c === '"' || c === "'") {
      open = c
    }
  }
  return open === '"' ? 'double' : open === "'" ? 'single' : undefined
}

function httpUrl(input: string, text: string): string {
  if (!/^https?:\/\/[^\s/]+[^\s]*$/.test(text)) throw new Error(`${input}: "${text}" is not an http(s) URL`)
  return text
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory()
}

// `go build` flags that the action sets itself, and the input that controls each instead.
const OWNED_BUILD_FLAGS: Record<string, string> = {
  '-o': 'binary-name',
  '-ldflags': 'ldflags',
  '-tags': 'build-tags',
  '-trimpath': '(always set)'
}

function parseBuildFlags(text: string): string[] {
  const flags = splitList(text, /\s+/)
  for (const flag of flags) {
    const name = flag.split('=')[0].replace(/^--/, '-')
    const owner = OWNED_BUILD_FLAGS[name]
    if (owner) throw new Error(`build-flags: "${flag}" is set by the action; use the input ${owner} instead`)
    if (!flag.startsWith('-')) {
      throw new Error(`build-flags: "${flag}" is not a flag; packages are chosen with the input main`)
    }
  }
  return flags
}

function parseVersion(text: string): string {
  if (text !== '' && !/^[0-9A-Za-z][0-9A-Za-z._+~-]{0,127}$/.test(text)) {
    throw new Error(
      `version: "${text}" cannot be stamped into the binary; use up to 128 letters, digits, ".", "_", "+", "~" or "-"`
    )
  }
  return text
}

function parseLabels(lines: string[]): string[] {
  for (const line of lines) {
    if (!/^[^=\s]+=/.test(line)) throw new Error(`labels: "${line}" is not of the form key=value`)
  }
  return lines
}

const ANNOTATION_LEVELS = ['index', 'manifest', 'index-descriptor', 'manifest-descriptor']

function parseAnnotations(lines: string[], multiPlatform: boolean): string[] {
  for (const line of lines) {
    const { types, key } = parseAnnotation(line)
    if (!line.includes('=') || !/^[^\s=]+$/.test(key)) {
      throw new Error(
        `annotations: "${line}" is not of the form [levels:]key=value (levels: ${ANNOTATION_LEVELS.join(', ')})`
      )
    }
    for (const level of types ? types.split(',') : []) {
      if (!ANNOTATION_LEVELS.includes(level.replace(/\[.*\]$/, ''))) {
        throw new Error(
          `annotations: "${line}" names the level "${level}"; accepted: ${ANNOTATION_LEVELS.join(', ')}`
        )
      }
      if (level.startsWith('index') && !multiPlatform) {
        throw new Error(
          `annotations: "${line}" is for the index, but a single platform gives no index; use manifest:`
        )
      }
    }
  }
  return lines
}

function parseBuilder(text: string): string {
  if (text && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(text)) {
    throw new Error(`builder: "${text}" is not a builder name (letters, digits, "_", "." or "-")`)
  }
  return text
}

function readTags(input: InputReader): string[] {
  const tags = splitList(input('tags'))
  for (const tag of tags) parseReference('tags', tag)
  return tags
}

function readMergeConfig(input: InputReader): MergeConfig {
  const tags = readTags(input)
  if (tags.length === 0) throw new Error('mode: merge needs tags: the index is created under each of them')
  const platforms = parsePlatforms(splitList(input('platforms') || DEFAULTS.platforms))
  const annotations = parseAnnotations(splitList(input('annotations'), /\n/), true)
  for (const line of annotations) {
    if (
      parseAnnotation(line)
        .types.split(',')
        .some(t => t && t !== 'index')
    ) {
      throw new Error(
        `annotations: "${line}" cannot be set by the merge step, which only writes the index; use index: or no level`
      )
    }
  }
  return {
    mode: 'merge',
    tags,
    platforms,
    annotations: annotations.map(l => {
      const a = parseAnnotation(l)
      return `${a.key}=${a.value}`
    })
  }
}

/** "nonroot" and "65532" mean 65532:65532; "root" and "0" mean no USER at all. */
function parseUser(text: string): string {
  if (text === 'root' || text === '0' || text === '0:0') return ''
  if (text === 'nonroot') return NONROOT
  const m = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(text)
  if (!m)
    throw new Error(
      `user: "${text}" is not accepted; accepted: uid[:gid] (e.g. 65532:65532), nonroot, root or 0`
    )
  return `${m[1]}:${m[2] ?? m[1]}`
}

function parseEnv(lines: string[]): string[] {
  for (const line of lines) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(line)) {
      throw new Error(
        `env: "${line}" is not of the form NAME=value (NAME: letters, digits and "_", not starting with a digit)`
      )
    }
  }
  return lines
}

function oneOf<T extends string>(input: string, text: string, accepted: readonly T[]): T {
  if (!(accepted as readonly string[]).includes(text)) {
    throw new Error(`${input}: "${text}" is not accepted; accepted: ${accepted.join(', ')}`)
  }
  return text as T
}

/**
 * Builds the configuration from the inputs. `workspace` is GITHUB_WORKSPACE: every path input is
 * relative to it and must stay inside it.
 */
export function readConfig(input: InputReader, workspace: string): Config | MergeConfig {
  const get = (name: keyof typeof DEFAULTS) => input(name) || DEFAULTS[name]
  if (oneOf('mode', input('mode') || 'build', ['build', 'merge'] as const) === 'merge')
    return readMergeConfig(input)

  const workingDirectory = insidePath(
    'working-directory',
    workspace,
    input('working-directory') || '.',
    'the workspace'
  )
  if (!isDirectory(workingDirectory)) {
    throw new Error(
      `working-directory: "${input('working-directory')}" is not a directory (${workingDirectory})`
    )
  }

  const goVersion = input('go-version')
  // The syntax is checked now; whether such a release exists, once the release list is read.
  if (goVersion && goVersion !== 'stable' && goVersion !== 'oldstable') versionRange(goVersion)
  let goVersionFile = ''
  if (input('go-version-file')) {
    goVersionFile = insidePath('go-version-file', workspace, input('go-version-file'), 'the workspace')
    if (!existsSync(goVersionFile)) {
      throw new Error(`go-version-file: "${input('go-version-file')}" does not exist (${goVersionFile})`)
    }
  } else if (!goVersion) {
    // Neither given: the module's own go.mod says which Go it needs.
    goVersionFile = resolve(workingDirectory, 'go.mod')
    if (!existsSync(goVersionFile)) {
      throw new Error(
        `go-version: not given, and there is no go.mod in ${workingDirectory} to read it from; ` +
          `set go-version (e.g. 1.24) or go-version-file`
      )
    }
  }

  const goDownloadBaseUrl = httpUrl('go-download-base-url', get('go-download-base-url')).replace(/\/+$/, '')
  const goVersionIndexUrl = input('go-version-index-url')
    ? httpUrl('go-version-index-url', input('go-version-index-url'))
    : `${goDownloadBaseUrl}/?mode=json&include=all`

  const mainText = input('main') || '.'
  const mainDir = insidePath('main', workingDirectory, mainText, 'working-directory')
  if (!isDirectory(mainDir)) {
    throw new Error(`main: "${mainText}" is not a directory inside working-directory (${mainDir})`)
  }
  const mainRel = relative(workingDirectory, mainDir)
  const mainPackage = mainRel ? `./${mainRel.split('\\').join('/')}` : '.'

  const binaryName = input('binary-name') || basename(mainDir)
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(binaryName)) {
    throw new Error(
      `binary-name: "${binaryName}" is not a file name; use letters, digits, ".", "_" or "-" (not starting with "." or "-")`
    )
  }

  const versionVariable = get('version-variable')
  if (!/^[A-Za-z0-9_./-]+\.[A-Za-z_][A-Za-z0-9_]*$/.test(versionVariable)) {
    throw new Error(
      `version-variable: "${versionVariable}" is not a Go package path and variable, e.g. main.version`
    )
  }

  const ldflags = input('ldflags')
  if (/[\n\r\0]/.test(ldflags)) throw new Error('ldflags: new lines and NUL characters are not accepted')
  const openQuote = unbalancedQuote(ldflags)
  if (openQuote) {
    throw new Error(
      `ldflags: the ${openQuote} quote in "${ldflags}" is never closed; Go splits -ldflags on spaces outside quotes`
    )
  }

  const buildTags = splitList(input('build-tags'), /[\s,]+/)
  for (const tag of buildTags) {
    if (!/^[A-Za-z0-9_.!-]+$/.test(tag)) throw new Error(`build-tags: "${tag}" is not a build tag`)
  }

  const tags = readTags(input)
  const pushByDigest = parseBoolean('push-by-digest', input('push-by-digest'), false)
  const push = parseBoolean('push', input('push'), false) || pushByDigest
  if (push && tags.length === 0) {
    throw new Error(
      pushByDigest
        ? 'push-by-digest: true needs tags to name the repositories (the leg pushes there by digest, untagged)'
        : 'push: true needs at least one image name in tags (e.g. ghcr.io/acme/server:1.2.3)'
    )
  }

  const cacheKeyPrefix = get('cache-key-prefix')
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(cacheKeyPrefix)) {
    throw new Error(`cache-key-prefix: "${cacheKeyPrefix}" must be 1 to 64 letters, digits, ".", "_" or "-"`)
  }
  const cacheSaveModules = oneOf('cache-save-modules', get('cache-save-modules'), [
    'auto',
    'true',
    'false'
  ] as const)
  const cacheDependencyPath = splitList(input('cache-dependency-path'), /\n/)
  for (const pattern of cacheDependencyPath)
    insidePath('cache-dependency-path', workspace, pattern.replace(/^!/, ''), 'the workspace')

  const builderImage = get('builder-image')
  parseReference('builder-image', builderImage)

  const platforms = parsePlatforms(splitList(get('platforms')))
  const load = parseBoolean('load', input('load'), false)
  if (load && push) throw new Error('load: true and push: true exclude each other; choose one')
  if (load && platforms.length > 1) {
    throw new Error(
      `load: true needs exactly one platform (the engine keeps one image per tag); platforms has ${platforms.length}`
    )
  }

  const expose = splitList(input('expose'), /[\s,]+/)
  for (const port of expose) {
    if (!/^\d{1,5}(\/(tcp|udp|sctp))?$/.test(port) || Number(port.split('/')[0]) > 65535) {
      throw new Error(`expose: "${port}" is not a port; accepted: 8080, 8080/tcp, 53/udp`)
    }
  }
  const workdir = input('workdir')
  if (workdir && !/^\/[A-Za-z0-9._/-]*$/.test(workdir)) {
    throw new Error(
      `workdir: "${workdir}" must be an absolute path of letters, digits, ".", "_", "-" and "/"`
    )
  }
  const sourceDateEpoch = input('source-date-epoch')
  if (sourceDateEpoch && !/^\d{1,12}$/.test(sourceDateEpoch)) {
    throw new Error(`source-date-epoch: "${sourceDateEpoch}" is not a number of seconds since 1970`)
  }
  const attestation = (name: 'provenance' | 'sbom') => {
    const value = get(name)
    if (!/^(true|false|mode=(min|max))$/.test(value) && !/^[a-z-]+=[^\s,]+(,[a-z-]+=[^\s,]+)*$/.test(value)) {
      throw new Error(
        `${name}: "${value}" is not accepted; accepted: true, false, mode=min, mode=max, or key=value,… as buildx takes`
      )
    }
    return value
  }

  const username = input('username')
  const password = input('password')
  if (Boolean(username) !== Boolean(password)) {
    throw new Error(
      `${username ? 'password' : 'username'}: needed too when ${username ? 'username' : 'password'} is given`
    )
  }
  const registry = input('registry') || (tags.length ? registryOf(tags[0]) : 'docker.io')
  if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(registry)) {
    throw new Error(`registry: "${registry}" is not a registry host[:port] (e.g. ghcr.io, 127.0.0.1:5000)`)
  }

  return {
    mode: 'build',
    credentials: username ? { registry, username, password } : undefined,
    builder: parseBuilder(input('builder')),
    pushByDigest,
    workingDirectory,
    goVersion,
    goVersionFile,
    goDownloadBaseUrl,
    goVersionIndexUrl,
    checkLatest: parseBoolean('check-latest', input('check-latest'), false),
    token: input('token'),
    mainPackage,
    binaryName,
    platforms,
    buildFlags: parseBuildFlags(input('build-flags')),
    buildTags,
    ldflags,
    version: parseVersion(input('version')),
    versionVariable,
    tags,
    labels: parseLabels(splitList(input('labels'), /\n/)),
    annotations: parseAnnotations(splitList(input('annotations'), /\n/), platforms.length > 1),
    push,
    load,
    builderImage,
    user: parseUser(get('user')),
    tzdata: oneOf('tzdata', get('tzdata'), ['zip', 'full', 'embed', 'none'] as const),
    certs: parseBoolean('certs', input('certs'), true),
    env: parseEnv(splitList(input('env'), /\n/)),
    expose,
    workdir,
    args: input('args') ? input('args').split('\n') : [],
    provenance: attestation('provenance'),
    sbom: attestation('sbom'),
    sourceDateEpoch: sourceDateEpoch ? Number(sourceDateEpoch) : undefined,
    cache: parseBoolean('cache', input('cache'), true),
    cacheDependencyPath,
    cacheKeyPrefix,
    cacheSaveModules
  }
}
