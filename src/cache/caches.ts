// Restores the Go module and build caches in main (post saves them: save.ts). A cache service that
// fails costs a warning, never the build.
import * as core from '@actions/core'
import { hashFiles } from '@actions/glob'
import { isAbsolute, join } from 'node:path'
import type { CompileIdentity } from '../compile/plan.js'
import { oneLine } from '../untrusted.js'
import { folderHolds, recordOf } from './folder.js'
import { saveKeyOf } from './save.js'
import { buildCacheKey, modulesCacheKey, savesModules, type CacheKeyRequest } from './keys.js'
import type { Runner } from '../runner.js'
import { restoreChecked, type RestoreContext } from './restore.js'
import { cacheServiceOf, cacheServiceProblem, compressionMethod, type CacheService } from './service.js'

/** What the cache stage takes from the inputs. */
export interface CacheRequest {
  /** Restore and save the Go module and build caches. */
  enabled: boolean
  /** Globs (relative to the workspace) whose contents key the module cache; [] = every go.sum. */
  dependencyPath: string[]
  keyPrefix: string
  saveModules: 'auto' | 'true' | 'false'
  /** This job is a matrix leg (push-by-digest): with saveModules auto, only the amd64 leg saves modules. */
  matrixLeg: boolean
  /** Restore the newest entry of the same stem when the exact key misses (trusts every cache writer). */
  fallback: boolean
  /** Use the caches when building a tag (a release), which otherwise starts from empty ones. */
  onTags: boolean
}

/** What is compiled, as far as it decides the caches' keys and who saves them. */
export interface CompileTargets {
  workingDirectory: string
  /** Platform names, e.g. linux/amd64. */
  platforms: string[]
  /** Every `go build` as it runs, but for what changes per commit (compileIdentity). */
  jobs: CompileIdentity
}

/** The toolchain's version and cache folders. */
export interface GoFolders {
  version: string
  gomodcache: string
  gocache: string
}

/** One cache as main restored it, and what post needs to save it. */
export interface GoCache {
  name: 'modules' | 'build'
  path: string
  key: string
  restoreKeys: string[]
  /** The key restored from, "" on a miss. */
  matchedKey: string
  /** The folder already held the exact entry (a runner that keeps its folders): nothing was downloaded. */
  onRunner?: boolean
  /** A key the service matched that this run does not use (not the exact key, without cache-fallback). */
  ignored?: string
  /** Why the matched entry's archive was refused: nothing of it was written, nothing is saved over it. */
  refused?: string
  /** The size of the files restored (the job summary's): the archive's, or the folder's on this runner. */
  bytes?: number
  save: boolean
}

function rooted(base: string, pattern: string): string {
  const negated = pattern.startsWith('!')
  const body = negated ? pattern.slice(1) : pattern
  return `${negated ? '!' : ''}${isAbsolute(body) ? body : join(base, body)}`
}

/**
 * The hash of the files the patterns match in the workspace. Symbolic links are not followed: a
 * committed `link -> /` would otherwise walk the whole disk (and hash files outside the checkout).
 */
async function hashOf(patterns: string[], workspace: string): Promise<string> {
  return (await hashFiles(patterns.join('\n'), workspace, { followSymbolicLinks: false })).slice(0, 16)
}

/** The log line of a restored cache. Every key is printed as untrusted text: a writer of the cache named it. */
export function describeCache(goCache: GoCache): string {
  const { name, matchedKey, ignored, refused } = goCache
  const key = oneLine(goCache.key)
  if (refused) return `${name} cache: miss (${key}; the entry found was refused, see the warning)`
  if (ignored)
    return `${name} cache: miss (${key}; the service offered ${oneLine(ignored)}, which is not the exact key: not used without cache-fallback)`
  if (!matchedKey) return `${name} cache: miss (${key})`
  if (matchedKey === goCache.key)
    return `${name} cache: exact hit${goCache.onRunner ? ', already on this runner' : ''} (${key})`
  const saves = saveKeyOf(goCache)
  return `${name} cache: restored from ${oneLine(matchedKey)} (restore-key; ${saves ? `will save ${oneLine(saves)}, which only cache-fallback runs restore` : 'nothing new to save'})`
}

/** Why the caches are not used in this job by its configuration (said in the log too), or undefined. */
function cacheOff(request: CacheRequest, tag: string | undefined): string | undefined {
  if (!request.enabled) {
    core.info('Caching is off (cache: false)')
    return 'cache: false'
  }
  if (tag && !request.onTags) {
    core.info(
      `Building the tag ${tag}: caches are neither restored nor saved (cache-on-tags: false). Any workflow of ` +
        "this repository can write a cache entry, one that runs a pull request's code included, and Go trusts its caches."
    )
    return `a tag build (${tag}) with cache-on-tags: false`
  }
  return undefined
}

/** Why the cache service cannot be used now (said in the log too), or undefined when it can. */
async function serviceUnusable(service: CacheService | undefined): Promise<string | undefined> {
  if (!service) {
    core.info('The Actions cache service is not available to this job: caches are neither restored nor saved')
    return 'the Actions cache service is not available to this job'
  }
  const problem = await cacheServiceProblem(service)
  if (problem) {
    core.warning(
      `The Actions cache service is failing: ${problem}. Building without caches; nothing will be saved.`
    )
    return `the Actions cache service is failing: ${problem}`
  }
  return undefined
}

/** The caches main restored, or why there are none. */
export interface RestoredCaches<T = never> {
  caches: GoCache[]
  /** Why no cache was used (cache: false, a tag build, the service unavailable or failing). */
  unused?: string
  /** What readBeside found, when it ran and every folder held its entry. */
  read?: T
}

async function keyRequest(
  request: CacheRequest,
  targets: CompileTargets,
  goVersion: string,
  runner: Runner
): Promise<CacheKeyRequest> {
  const { workspace, env } = runner
  const dependencyPatterns = request.dependencyPath.length
    ? request.dependencyPath.map(p => rooted(workspace, p))
    : [rooted(targets.workingDirectory, '**/go.sum')]
  return {
    prefix: request.keyPrefix,
    os: env.RUNNER_OS || 'Linux',
    arch: env.RUNNER_ARCH || process.arch,
    goVersion: goVersion.replace(/^go/, ''),
    // A module without dependencies has no go.sum: its go.mod stands for them.
    dependencyHash:
      (await hashOf(dependencyPatterns, workspace)) ||
      (await hashOf([rooted(targets.workingDirectory, '**/go.mod')], workspace)),
    fallback: request.fallback,
    jobs: targets.jobs
  }
}

type PlannedCache = Omit<GoCache, 'matchedKey'>

/** Restores one cache, checked (restore.ts); a refused entry is not saved over. */
async function download(c: PlannedCache, fallback: boolean, context: RestoreContext): Promise<GoCache> {
  const outcome = await restoreChecked({ ...c, fallback }, context)
  return { ...c, ...outcome, save: c.save && !outcome.refused }
}

/**
 * What each folder holds of its entry (its size, when it holds it) and what `readBeside` found. Where
 * every folder's record names this job's entry (a runner that kept its folders), `readBeside` runs while
 * they are walked (what it writes there meanwhile is left out of the check: folderState's since): its
 * answer counts only when each still held its entry, and it has ended before anything could be restored
 * into them.
 */
async function checkFolders<T>(
  planned: PlannedCache[],
  readBeside?: () => Promise<T>
): Promise<{ onRunner: (number | undefined)[]; read?: T }> {
  const records = await Promise.all(planned.map(c => recordOf(c.path, c.key)))
  const since = Date.now()
  const reading = readBeside && records.every(Boolean) ? readBeside().catch(() => undefined) : undefined
  const onRunner = await Promise.all(planned.map((c, i) => folderHolds(c.path, c.key, records[i], since)))
  const read = await reading
  return { onRunner, read: onRunner.every(bytes => bytes !== undefined) ? read : undefined }
}

export async function restoreGoCaches<T = never>(
  request: CacheRequest,
  targets: CompileTargets,
  go: GoFolders,
  runner: Runner,
  /** The tag being built, if this is a release. */
  tag?: string,
  /** Work that reads the folders, to do while they are checked (checkFolders). */
  readBeside?: () => Promise<T>
): Promise<RestoredCaches<T>> {
  const off = cacheOff(request, tag)
  if (off) return { caches: [], unused: off }
  const keys = await keyRequest(request, targets, go.version, runner)
  const planned: PlannedCache[] = [
    {
      name: 'modules' as const,
      path: go.gomodcache,
      ...modulesCacheKey(keys),
      save: savesModules(request.saveModules, targets.platforms, request.matrixLeg)
    },
    { name: 'build' as const, path: go.gocache, ...buildCacheKey(keys), save: true }
  ]
  const { onRunner, read } = await checkFolders(planned, readBeside)
  const allOnRunner = onRunner.every(bytes => bytes !== undefined)
  // The service (and zstd, for its version) is asked only when something must come from it.
  const service = cacheServiceOf(runner.env)
  const unused = allOnRunner ? undefined : await serviceUnusable(service)
  if (unused) return { caches: [], unused }
  const context = service &&
    !allOnRunner && {
      service,
      compression: await compressionMethod(),
      workspace: runner.workspace,
      tempDir: runner.temp
    }
  // Both at once: a slow or failing service then costs the time of one.
  const restored = await Promise.all(
    planned.map((c, i): Promise<GoCache> =>
      onRunner[i] !== undefined || !context
        ? Promise.resolve({ ...c, matchedKey: c.key, onRunner: true, bytes: onRunner[i] })
        : download(c, request.fallback, context)
    )
  )
  for (const c of restored) core.info(describeCache(c))
  return { caches: restored, read }
}
