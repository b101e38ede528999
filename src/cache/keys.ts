// Cache keys for the two Go caches: pure, so that every part of them is table-tested.
//
//   modules  <prefix>-<OS>-go<version>-mod-<hash of the dependency files>
//   build    <prefix>-<OS>-<runner arch>-go<version>-build-<targets hash>-<hash of the dependency files>
//
// Both are restored by their exact key only (GitHub's service also answers a key that misses with a
// partial match of it, which restore.ts does not use): Go trusts GOCACHE and GOMODCACHE
// without checking them, and any workflow of the repository that holds its runtime token (one that
// runs a pull request's code included) can save an entry under any key, so a restore by prefix would
// take whatever was planted under it. With cache-fallback the stem (the key without its last part) is
// the restore-key, for users who trust every writer of their cache.
//
// The build cache is keyed by what decides most of its contents (Go, the compile jobs' arguments and
// environment, dependencies) and not by the sources: the next commit restores the exact entry, Go recompiles only what changed,
// and nothing new is saved. Module downloads are the same for every target and runner, so all
// matrix jobs share one module cache; each target set gets its own build cache.
import { createHash } from 'node:crypto'
import type { CompileIdentity } from '../compile/plan.js'

export interface CacheKey {
  key: string
  restoreKeys: string[]
}

/** What a cache key is made of. */
export interface CacheKeyRequest {
  prefix: string
  /** RUNNER_OS, e.g. Linux. */
  os: string
  /** RUNNER_ARCH, e.g. X64. */
  arch: string
  /** "1.24.4" */
  goVersion: string
  dependencyHash: string
  /** Also restore the newest entry of the same stem when the exact key misses. */
  fallback: boolean
  /** What is compiled: every job's `go build` arguments and environment (compileIdentity). */
  jobs: CompileIdentity
}

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16)

/** The same jobs in any order (platforms listed otherwise) give the same hash. */
export function jobsHash(jobs: CompileIdentity): string {
  const sortedEnv = (env: Record<string, string>) =>
    Object.entries(env).sort(([a], [b]) => a.localeCompare(b))
  return short(JSON.stringify(jobs.map(job => JSON.stringify([job.args, sortedEnv(job.env)])).sort()))
}

export function modulesCacheKey(request: CacheKeyRequest): CacheKey {
  const stem = `${request.prefix}-${request.os}-go${request.goVersion}-mod-`
  return { key: `${stem}${request.dependencyHash}`, restoreKeys: request.fallback ? [stem] : [] }
}

export function buildCacheKey(request: CacheKeyRequest): CacheKey {
  const { prefix, os, arch, goVersion, jobs, dependencyHash, fallback } = request
  const stem = `${prefix}-${os}-${arch}-go${goVersion}-build-${jobsHash(jobs)}-`
  return { key: `${stem}${dependencyHash}`, restoreKeys: fallback ? [stem] : [] }
}

/**
 * The key a cache restored by a restore-key is saved under (cache-fallback): its stem, "fallback-", then
 * its last part. It starts with the stem, so fallback runs find it, and with no exact key of any run
 * (stem + a hex hash), so that neither the exact key nor GitHub's partial match of it ever finds it.
 */
export function fallbackKey(key: string): string {
  const last = key.lastIndexOf('-') + 1
  return `${key.slice(0, last)}fallback-${key.slice(last)}`
}

/**
 * Whether this job saves the module cache. "auto": every job but a matrix leg (push-by-digest) that
 * builds no amd64 platform, so that in the usual matrix exactly one leg (amd64) writes it.
 */
export function savesModules(
  setting: 'auto' | 'true' | 'false',
  platforms: string[],
  matrixLeg: boolean
): boolean {
  if (setting !== 'auto') return setting === 'true'
  return !matrixLeg || platforms.some(p => p.startsWith('linux/amd64'))
}
