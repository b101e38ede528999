// Post's side of the Go caches: what to save, and the record of a folder that holds its entry. Main
// records the folders too (recordHeldFolders). The cache service's client and @actions/cache are loaded
// only when something is saved: a job with nothing new to save (a warm one) never needs them.
import * as core from '@actions/core'
import { oneLine } from '../untrusted.js'
import { messageOf } from '../errors.js'
import type { GoCache } from './caches.js'
import { recordFolder } from './folder.js'
import { fallbackKey } from './keys.js'

/**
 * @actions/cache, loaded when a cache is saved: with Azure's storage client it is most of what the
 * bundle would parse on every start, and a job with nothing new to save never needs it (the bundle keeps
 * it in a chunk of its own). Restores are the action's own (restore.ts).
 */
const toolkit = () => import('@actions/cache')

/**
 * The key post saves a cache under, or undefined when there is nothing new to save. A cache restored by
 * a restore-key holds whatever the newest entry of its stem held, which any writer of the cache could
 * have planted: it is never saved under the exact key that runs without cache-fallback trust, only under
 * fallbackKey(key), which they never use (the stem, a fallback run's restore-key, finds it).
 */
export function saveKeyOf(goCache: Pick<GoCache, 'key' | 'matchedKey'>): string | undefined {
  const { key, matchedKey } = goCache
  if (matchedKey === key || matchedKey === fallbackKey(key)) return undefined
  return matchedKey ? fallbackKey(key) : key
}

/** Saves one cache when it holds something new; whether its folder now holds the entry under its own key. */
async function saveOne(c: GoCache, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (c.refused) {
    core.info(`${c.name} cache: the entry found was refused, nothing is saved over it`)
    return false
  }
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
    // Another job of the run may have saved the same key since: then there is nothing to upload.
    if (c.name === 'modules' && (await savedMeanwhile(env, c.path, key))) {
      core.info(`${c.name} cache: ${oneLine(key)} was saved by another job meanwhile`)
      return false
    }
    const id = await (await toolkit()).saveCache([c.path], key)
    if (id === -1) return false
    core.info(`${c.name} cache: saved ${oneLine(key)}`)
    return key === c.key
  } catch (error) {
    core.warning(`Could not save the ${c.name} cache: ${oneLine(messageOf(error))}`)
    return false
  }
}

/** A GitHub-hosted runner starts every job from a fresh machine: a folder's record would never be read. */
const keepsFolders = (env: NodeJS.ProcessEnv) => env.RUNNER_ENVIRONMENT !== 'github-hosted'

/**
 * Main, after the compile: records each folder that held its exact entry, as the compile left it, for
 * the next job on a runner that keeps its folders (folder.ts); post then has only to see that no entry
 * came or went since.
 */
export async function recordHeldFolders(caches: GoCache[], env: NodeJS.ProcessEnv): Promise<void> {
  if (!keepsFolders(env)) return
  for (const c of caches) if (c.matchedKey === c.key) await recordFolder(c.path, c.key)
}

/**
 * Saves what changed: nothing after an exact hit, the module cache only from its writer, and what a
 * restore-key restored only under a key runs without cache-fallback never restore (saveKeyOf). A folder
 * that holds its exact entry is recorded as the job leaves it, for the next job on a runner that keeps it
 * (main's record kept when no entry came or went since).
 */
export async function saveGoCaches(caches: GoCache[], env: NodeJS.ProcessEnv): Promise<void> {
  for (const c of caches)
    if ((await saveOne(c, env)) && keepsFolders(env)) await recordFolder(c.path, c.key, true)
}

/** The cache service's client, loaded when something is saved. */
const serviceClient = () => import('./service.js')

/** Whether the service holds `key` itself now (a partial match of it is not it). */
async function savedMeanwhile(env: NodeJS.ProcessEnv, path: string, key: string): Promise<boolean> {
  const { cacheServiceOf, cacheVersion, compressionMethod, findEntry } = await serviceClient()
  const service = cacheServiceOf(env)
  if (!service) return false
  const version = cacheVersion([path], await compressionMethod())
  return (await findEntry(service, { key, restoreKeys: [], version }))?.matchedKey === key
}
