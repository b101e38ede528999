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

export interface KeyInputs {
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

export function modulesCacheKey(k: KeyInputs): CacheKey {
  const stem = `${k.prefix}-${k.os}-go${k.goVersion}-mod-`
  return { key: `${stem}${k.dependencyHash}`, restoreKeys: [stem] }
}

export function buildCacheKey(k: KeyInputs): CacheKey {
  const stem = `${k.prefix}-${k.os}-${k.arch}-go${k.goVersion}-build-${targetsHash(k.targets)}-`
  return { key: `${stem}${k.sourceHash}`, restoreKeys: [stem] }
}

/**
 * Whether this job saves the module cache. "auto": every job but a matrix leg that builds one
 * non-amd64 platform, so that in the usual matrix (amd64 first) exactly one leg writes it.
 */
export function savesModules(setting: 'auto' | 'true' | 'false', platforms: string[]): boolean {
  if (setting !== 'auto') return setting === 'true'
  return platforms.length > 1 || platforms.some(p => p.startsWith('linux/amd64'))
}
