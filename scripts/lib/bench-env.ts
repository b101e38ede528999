// The bench's environment contract, read in one place: scripts/e2e-env.sh (and bench/setup.sh for
// the benchmark) write `export NAME='value'` lines to $E2E_HOME/env.sh (and $E2E_HOME/bench/env.sh);
// the tests and the benchmark read them here, typed. A missing bench is an error, never a skip.
import { existsSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { programOutput } from './program.js'

export interface Bench {
  home: string
  registry: string
  goDownloadBaseUrl: string
  goVersions: string[]
  /** A release the list names whose archive does not match its sha256. */
  goCorruptVersion: string
  goMirrorLog: string
  /** Where the archives' host (the mirror's redirect target) logs each request's headers, as JSON lines. */
  goDownloadHeadersLog: string
  /** The port of the archives' host (localhost:<port> for the mirror on 127.0.0.1). */
  goDownloadPort: number
  /** The forward proxy (squid), its access log, and the mirror under a name only the proxy resolves. */
  proxy: string
  proxyLog: string
  proxyOnlyBaseUrl: string
  /** Debian's SPDX validator (pyspdxtools), as a command. */
  pyspdxtools: string
  /** Node 24 (Debian sid's), which GitHub runs the action with, as a command. */
  node24: string
  systemFilesImage: string
  tlsDir: string
  /** The registry that wants a login, and its user. */
  authRegistry: string
  authUser: string
  authPassword: string
  goproxy: string
  cacheUrl: string
  /** Where the loopback cache service keeps entries.json. */
  cacheDir: string
  /** DOCKER_HOST of the second engine, which keeps images in the classic store. */
  classicDockerHost: string
  /** DOCKER_HOST of an old engine (Docker 20.10, BuildKit 0.8, classic store). */
  oldDockerHost: string
  /** A Go binary of the bench, for set-up (the action installs its own). */
  goBinary: string
  /** The benchmark's golang image (bench/setup.sh), "" when the benchmark is not set up. */
  golangImage: string
  /** The module the benchmark's dependency-bump case moves, and its newer versions, oldest first. */
  bumpModule: string
  bumpVersions: string[]
}

export const E2E_HOME = process.env.E2E_HOME || '/var/lib/go-mini-e2e'

/** The `export NAME='value'` lines of a file written by the set-up scripts. */
export function parseEnvFile(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^export (\w+)='([^']*)'$/gm)].map(m => [m[1], m[2]]))
}

function readEnvFiles(home: string): Record<string, string> {
  const main = join(home, 'env.sh')
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: run the tests through scripts/test.sh, which sets up the bench`)
  }
  const benchFile = join(home, 'bench', 'env.sh')
  return {
    ...parseEnvFile(readFileSync(main, 'utf8')),
    ...(existsSync(benchFile) ? parseEnvFile(readFileSync(benchFile, 'utf8')) : {})
  }
}

let cached: Bench | undefined

export function bench(home = E2E_HOME): Bench {
  if (cached && cached.home === home) return cached
  const env = readEnvFiles(home)
  const need = (name: string) => {
    const value = env[name]
    if (!value) throw new Error(`${name} is missing from ${home}/env.sh: run scripts/e2e-env.sh again`)
    return value
  }
  cached = {
    home,
    registry: need('GO_MINI_E2E_REGISTRY'),
    goDownloadBaseUrl: need('GO_MINI_E2E_GO_DOWNLOAD_BASE_URL'),
    goVersions: need('GO_MINI_E2E_GO_VERSIONS').split(' '),
    goCorruptVersion: need('GO_MINI_E2E_GO_CORRUPT_VERSION'),
    goMirrorLog: need('GO_MINI_E2E_GO_MIRROR_LOG'),
    goDownloadHeadersLog: need('GO_MINI_E2E_GO_DL_HEADERS_LOG'),
    goDownloadPort: Number(need('GO_MINI_E2E_GO_DL_PORT')),
    proxy: need('GO_MINI_E2E_PROXY'),
    proxyLog: need('GO_MINI_E2E_PROXY_LOG'),
    proxyOnlyBaseUrl: need('GO_MINI_E2E_PROXY_ONLY_BASE_URL'),
    pyspdxtools: need('GO_MINI_E2E_PYSPDXTOOLS'),
    node24: need('GO_MINI_E2E_NODE24'),
    systemFilesImage: need('GO_MINI_E2E_BUILDER_IMAGE'),
    tlsDir: need('GO_MINI_E2E_TLS_DIR'),
    authRegistry: need('GO_MINI_E2E_AUTH_REGISTRY'),
    authUser: need('GO_MINI_E2E_AUTH_USER'),
    authPassword: need('GO_MINI_E2E_AUTH_PASSWORD'),
    goproxy: need('GO_MINI_E2E_GOPROXY'),
    cacheUrl: need('GO_MINI_E2E_CACHE_URL'),
    cacheDir: need('GO_MINI_E2E_CACHE_DIR'),
    classicDockerHost: need('GO_MINI_E2E_CLASSIC_DOCKER_HOST'),
    oldDockerHost: need('GO_MINI_E2E_OLD_DOCKER_HOST'),
    goBinary: need('GO_MINI_E2E_GO_BINARY'),
    golangImage: env.GO_MINI_BENCH_GOLANG_IMAGE ?? '',
    bumpModule: env.GO_MINI_BENCH_BUMP_MODULE ?? '',
    bumpVersions: (env.GO_MINI_BENCH_BUMP_VERSIONS ?? '').split(' ').filter(Boolean)
  }
  return cached
}

/** PATH without any folder that holds a `go`, so that the action must install its own. */
export function pathWithoutGo(path = process.env.PATH ?? ''): string {
  return path
    .split(delimiter)
    .filter(dir => !existsSync(join(dir, 'go')))
    .join(delimiter)
}

/** The refs a job's cache may read, in the service's search order; it writes the first (its own ref). */
export type CacheScopes = [own: string, ...readOnly: string[]]

/** A branch run on the default branch: it reads and writes refs/heads/main. */
export const DEFAULT_BRANCH_SCOPES: CacheScopes = ['refs/heads/main']

/**
 * A runtime token as the runner gives every job: a JWT whose scp claim names the workflow run and the
 * job ("Actions.Results:<run>:<job>"), by which the bench's results service scopes artifacts, and whose
 * ac claim lists the cache scopes it may read (permission 1) and the one it writes (3): the run's own ref,
 * then for a pull request its base branch, then the default branch.
 */
export function runtimeToken(run: string, job = 'job', scopes: CacheScopes = DEFAULT_BRANCH_SCOPES): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const ac = JSON.stringify(scopes.map((scope, i) => ({ Scope: scope, Permission: i === 0 ? 3 : 1 })))
  const claims = { scp: `Actions.Results:${run}:${job} Actions.GenericRead:0`, ac }
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.unsigned`
}

/**
 * What a job has in its environment for the Actions results service (caches v2 and artifacts): the
 * bench's service and a runtime token of the run `run` and job `job`, for the cache scopes given.
 */
export function resultsService(run: string, job = 'job', scopes: CacheScopes = DEFAULT_BRANCH_SCOPES) {
  return {
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: bench().cacheUrl,
    ACTIONS_RUNTIME_TOKEN: runtimeToken(run, job, scopes)
  }
}

/**
 * The runner's user as GitHub's runners have it: uid 1001, in the docker group (scripts/e2e-env.sh
 * creates it). The e2e tests and the bench run the action as it: root would hide permission defects,
 * as tar's over Go's read-only module folders.
 */
export const RUNNER_USER = 'runner'

/** Hands folders made as root to the runner's user. */
export async function ownedByRunner(...paths: string[]): Promise<void> {
  await programOutput('chown', ['-R', `${RUNNER_USER}:${RUNNER_USER}`, ...paths])
}
