// Restores the Go module and build caches in main, and saves them in post. A cache service that
// fails costs a warning, never the build.
import * as core from '@actions/core'
import { hashFiles } from '@actions/glob'
import { isAbsolute, join } from 'node:path'
import type { CompileIdentity } from '../compile/plan.js'
import { HttpFailure, request } from '../http/client.js'
import { oneLine } from '../untrusted.js'
import { folderHolds, makeWritable, recordFolder } from './folder.js'
import { buildCacheKey, modulesCacheKey, savesModules, type CacheKeyRequest } from './keys.js'

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

/**
 * @actions/cache, loaded when a cache is downloaded or saved: with Azure's storage client it is most of
 * what the bundle would parse on every start, and a job whose folders already hold their entries never
 * needs it (the bundle keeps it in a chunk of its own).
 */
const toolkit = () => import('@actions/cache')

const CACHE_SERVICE = 'twirp/github.actions.results.api.v1.CacheService/'

/**
 * Why the cache service cannot be used now, or undefined when it answers. One request with a short
 * time-out: the toolkit retries each call 5 times with back-off, so a dead service would otherwise
 * cost minutes over the restores and saves of a job. Only the v2 service (github.com) is probed.
 */
export async function cacheServiceProblem(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (!env.ACTIONS_CACHE_SERVICE_V2 || !env.ACTIONS_RESULTS_URL) return undefined
  const url = new URL(`${CACHE_SERVICE}GetCacheEntryDownloadURL`, env.ACTIONS_RESULTS_URL).href
  try {
    const response = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${env.ACTIONS_RUNTIME_TOKEN ?? ''}`
      },
      body: JSON.stringify({ key: 'go-mini-action-probe', restore_keys: [], version: '0'.repeat(64) }),
      timeouts: { connectMs: 10_000, idleMs: 10_000, totalMs: 10_000 }
    })
    response.body.resume()
    return response.status >= 500 ? `${url} answered HTTP ${response.status}` : undefined
  } catch (error) {
    return `${url} did not answer (${(error as HttpFailure).code ?? (error as Error).message})`
  }
}

/** What a run that restored by a restore-key saves under: a key only cache-fallback runs restore. */
export const FALLBACK_SUFFIX = '-fallback'

/**
 * The key post saves a cache under, or undefined when there is nothing new to save. A cache restored by
 * a restore-key holds whatever the newest entry of its stem held, which any writer of the cache could
 * have planted: it is never saved under the exact key that runs without cache-fallback trust, only under
 * key + FALLBACK_SUFFIX, which they never restore (the stem, a fallback run's restore-key, finds it).
 */
export function saveKeyOf(goCache: Pick<GoCache, 'key' | 'matchedKey'>): string | undefined {
  const { key, matchedKey } = goCache
  if (matchedKey === key || matchedKey === key + FALLBACK_SUFFIX) return undefined
  return matchedKey ? key + FALLBACK_SUFFIX : key
}

export function describeCache(goCache: GoCache): string {
  const { name, key, matchedKey } = goCache
  if (!matchedKey) return `${name} cache: miss (${key})`
  // The matched key is whatever a writer of the cache named it: printed as untrusted text.
  if (matchedKey === key)
    return `${name} cache: exact hit${goCache.onRunner ? ', already on this runner' : ''} (${key})`
  const saves = saveKeyOf(goCache)
  return `${name} cache: restored from ${oneLine(matchedKey)} (restore-key; ${saves ? `will save ${saves}, which only cache-fallback runs restore` : 'nothing new to save'})`
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
async function serviceUnusable(): Promise<string | undefined> {
  if (!(await toolkit()).isFeatureAvailable()) {
    core.info('The Actions cache service is not available to this job: caches are neither restored nor saved')
    return 'the Actions cache service is not available to this job'
  }
  const problem = await cacheServiceProblem()
  if (problem) {
    core.warning(
      `The Actions cache service is failing: ${problem}. Building without caches; nothing will be saved.`
    )
    return `the Actions cache service is failing: ${problem}`
  }
  return undefined
}

/** The caches main restored, or why there are none. */
export interface RestoredCaches {
  caches: GoCache[]
  /** Why no cache was used (cache: false, a tag build, the service unavailable or failing). */
  unused?: string
}

async function keyRequest(
  request: CacheRequest,
  targets: CompileTargets,
  goVersion: string,
  workspace: string
): Promise<CacheKeyRequest> {
  const dependencyPatterns = request.dependencyPath.length
    ? request.dependencyPath.map(p => rooted(workspace, p))
    : [rooted(targets.workingDirectory, '**/go.sum')]
  return {
    prefix: request.keyPrefix,
    os: process.env.RUNNER_OS || 'Linux',
    arch: process.env.RUNNER_ARCH || process.arch,
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

/** Downloads one cache into its folder; a failure costs a warning and leaves it a miss. */
async function download(c: PlannedCache): Promise<GoCache> {
  let matchedKey = ''
  try {
    await makeWritable(c.path) // what a previous job left there, Go's read-only module folders included
    matchedKey = (await (await toolkit()).restoreCache([c.path], c.key, c.restoreKeys)) ?? ''
  } catch (error) {
    core.warning(`Could not restore the ${c.name} cache: ${(error as Error).message}`)
  }
  return { ...c, matchedKey }
}

export async function restoreGoCaches(
  request: CacheRequest,
  targets: CompileTargets,
  go: GoFolders,
  workspace: string,
  /** The tag being built, if this is a release. */
  tag?: string
): Promise<RestoredCaches> {
  const off = cacheOff(request, tag)
  if (off) return { caches: [], unused: off }
  const keys = await keyRequest(request, targets, go.version, workspace)
  const planned: PlannedCache[] = [
    {
      name: 'modules' as const,
      path: go.gomodcache,
      ...modulesCacheKey(keys),
      save: savesModules(request.saveModules, targets.platforms, request.matrixLeg)
    },
    { name: 'build' as const, path: go.gocache, ...buildCacheKey(keys), save: true }
  ]
  const onRunner = await Promise.all(planned.map(c => folderHolds(c.path, c.key)))
  // The service is asked only when something must come from it.
  const unused = onRunner.every(Boolean) ? undefined : await serviceUnusable()
  if (unused) return { caches: [], unused }
  // Both at once: a slow or failing service then costs the time of one.
  const restored = await Promise.all(
    planned.map((c, i) => (onRunner[i] ? { ...c, matchedKey: c.key, onRunner: true } : download(c)))
  )
  for (const c of restored) core.info(describeCache(c))
  return { caches: restored }
}

/** Saves one cache when it holds something new; whether its folder now holds the entry under its own key. */
async function saveOne(c: GoCache): Promise<boolean> {
  const key = saveKeyOf(c)
  if (!key) {
    const what = c.matchedKey === c.key ? 'exact hit' : `${oneLine(c.matchedKey)} was restored as it is`
    core.info(`${c.name} cache: ${what}, nothing to save`)
    return c.matchedKey === c.key
  }
  if (!c.save) {
    core.info(`${c.name} cache: another job writes it (cache-save-modules: auto), not saved here`)
    return false
  }
  try {
    const cache = await toolkit()
    // Another job of the run may have saved the same key since: then there is nothing to upload.
    if (c.name === 'modules' && (await cache.restoreCache([c.path], key, [], { lookupOnly: true })) === key) {
      core.info(`${c.name} cache: ${key} was saved by another job meanwhile`)
      return false
    }
    const id = await cache.saveCache([c.path], key)
    if (id === -1) return false
    core.info(`${c.name} cache: saved ${key}`)
    return key === c.key
  } catch (error) {
    core.warning(`Could not save the ${c.name} cache: ${(error as Error).message}`)
    return false
  }
}

/**
 * Saves what changed: nothing after an exact hit, the module cache only from its writer, and what a
 * restore-key restored only under a key runs without cache-fallback never restore (saveKeyOf). A folder
 * that holds its exact entry is recorded as the job leaves it, for the next job on a runner that keeps it.
 */
export async function saveGoCaches(caches: GoCache[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // A GitHub-hosted runner starts every job from a fresh machine: a record would never be read.
  const keepsFolders = env.RUNNER_ENVIRONMENT !== 'github-hosted'
  for (const c of caches) if ((await saveOne(c)) && keepsFolders) await recordFolder(c.path, c.key)
}
