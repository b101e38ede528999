// Cache keys for the two Go caches: pure, so that every part of them is table-tested.
//
//   modules  <prefix>-<OS>-go<version>-mod-<hash of the dependency files>
//            restore-key <prefix>-<OS>-go<version>-mod-       (newest module cache of this Go)
//   build    <prefix>-<OS>-<runner arch>-go<version>-build-<targets hash>-<sources hash>
//            restore-key <prefix>-<OS>-<runner arch>-go<version>-build-<targets hash>-
//
// Module downloads are the same for every target and runner, so all matrix jobs share one module
// cache. Build outputs depend on the runner's toolchain binary and on everything that changes Go's
// build IDs (targets, CGO, tags, flags), so each target set gets its own build cache, and an edit
// restores the newest cache of the same targets: Go then rebuilds only what changed.
import { createHash } from 'node:crypto'

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
  sourceHash: string
  /** What changes build IDs: platform names, CGO, tags, flags. */
  targets: TargetSet
}

export interface TargetSet {
  platforms: string[]
  cgo: string
  buildTags: string[]
  buildFlags: string[]
}

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16)

/** The same set in any order gives the same hash; tags are a set too, flags keep their order. */
export function targetsHash(targets: TargetSet): string {
  return short(
    JSON.stringify({
      platforms: [...targets.platforms].sort(),
      cgo: targets.cgo,
      buildTags: [...targets.buildTags].sort(),
      buildFlags: targets.buildFlags
    })
  )
}

export function modulesCacheKey(request: CacheKeyRequest): CacheKey {
  const stem = `${request.prefix}-${request.os}-go${request.goVersion}-mod-`
  return { key: `${stem}${request.dependencyHash}`, restoreKeys: [stem] }
}

export function buildCacheKey(request: CacheKeyRequest): CacheKey {
  const { prefix, os, arch, goVersion, targets, sourceHash } = request
  const stem = `${prefix}-${os}-${arch}-go${goVersion}-build-${targetsHash(targets)}-`
  return { key: `${stem}${sourceHash}`, restoreKeys: [stem] }
}

/**
 * Whether this job saves the module cache. "auto": every job but a matrix leg that builds one
 * non-amd64 platform, so that in the usual matrix (amd64 first) exactly one leg writes it.
 */
export function savesModules(setting: 'auto' | 'true' | 'false', platforms: string[]): boolean {
  if (setting !== 'auto') return setting === 'true'
  return platforms.length > 1 || platforms.some(p => p.startsWith('linux/amd64'))
}
