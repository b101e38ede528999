// How a matrix leg hands its digest to the merge step without any step of the user's: a tiny entry in
// the Actions cache of the run, one per leg, keyed by run, repositories and platforms. Cache entries
// cannot be overwritten, so the run attempt ends the key, and the merge takes the newest attempt.
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import { createHash } from 'node:crypto'
import { lstat, mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { repositoriesOf } from '../reference.js'

export interface LegRecord {
  platforms: string[]
  digest: string
  repositories: string[]
}

export interface RunIds {
  runId: string
  attempt: string
}

const slug = (platform: string) => platform.replace(/\//g, '-')

/** The same for every leg and the merge of one run that name the same repositories. */
function stem(run: RunIds, repositories: string[]): string {
  const repos = createHash('sha256')
    .update([...repositories].sort().join('\n'))
    .digest('hex')
    .slice(0, 16)
  return `go-mini-digest-${run.runId}-${repos}`
}

/** The cache key of the leg that builds `platform` (its first one), and the prefix the merge restores by. */
export function handoffKey(
  run: RunIds,
  repositories: string[],
  platform: string
): { key: string; prefix: string } {
  const prefix = `${stem(run, repositories)}-${slug(platform)}-`
  return { key: `${prefix}${run.attempt}`, prefix }
}

/**
 * Where records live on disk: the same path on every runner, since the Actions cache version of an
 * entry includes its paths (RUNNER_TEMP differs between runners). Being fixed, it is checked before
 * use: a folder another user made first (a shared self-hosted runner) is refused.
 */
const HANDOFF_ROOT = '/tmp/go-mini-action'

/** Creates `dir` for this user alone, or checks that it is a real folder of this user that no one else may write. */
export async function ownFolder(dir: string): Promise<void> {
  await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error
  })
  const facts = await lstat(dir)
  const uid = process.getuid?.() ?? facts.uid
  if (!facts.isDirectory() || facts.uid !== uid || (facts.mode & 0o022) !== 0) {
    const what = facts.isSymbolicLink()
      ? 'a symbolic link'
      : facts.uid !== uid
        ? `owned by uid ${facts.uid}`
        : 'writable by others'
    throw new Error(
      `${dir} is ${what}: the matrix hand-over will not write there (another user of this runner could read or replace it); remove it`
    )
  }
}

/** Where the record of `platform` lives on disk. */
export function handoffPath(run: RunIds, platform: string): string {
  return `${HANDOFF_ROOT}/handoff-${run.runId}/${slug(platform)}.json`
}

/**
 * The run whose legs and merge hand digests over, once it is sure they can: a workflow run id and a
 * reachable Actions cache. Called before any work, so that a leg never pushes what it cannot hand over.
 */
export function runIds(env: NodeJS.ProcessEnv): RunIds {
  if (!env.GITHUB_RUN_ID) {
    throw new Error(
      'push-by-digest and mode: merge hand digests over within a workflow run; GITHUB_RUN_ID is not set'
    )
  }
  if (!cache.isFeatureAvailable()) {
    throw new Error(
      "push-by-digest and mode: merge hand digests over through the run's Actions cache, which this job cannot reach"
    )
  }
  return { runId: env.GITHUB_RUN_ID, attempt: env.GITHUB_RUN_ATTEMPT || '1' }
}

/** Saves the leg's record under each of its platforms; a leg that cannot hand it over has failed. */
export async function handOver(run: RunIds, record: LegRecord): Promise<string[]> {
  const keys: string[] = []
  for (const platform of record.platforms) {
    const { key } = handoffKey(run, record.repositories, platform)
    const path = handoffPath(run, platform)
    await ownFolder(HANDOFF_ROOT)
    await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    await writeFile(path, JSON.stringify(record))
    try {
      if ((await cache.saveCache([path], key)) === -1) {
        throw new Error(
          `the Actions cache did not take ${key} (another leg of this run attempt built ${platform} too?)`
        )
      }
    } finally {
      await removeRecord(path)
    }
    keys.push(key)
  }
  return keys
}

/**
 * Removes a record and then its folders if they are empty; a leg of the same run on the same machine
 * may still be writing its own record there, so a folder that is not empty stays.
 */
async function removeRecord(path: string): Promise<void> {
  await rm(path, { force: true })
  for (const dir of [dirname(path), HANDOFF_ROOT]) {
    await rmdir(dir).catch(() => undefined)
  }
}

/** The records handed over for each expected platform; a platform without one is reported, not thrown. */
export async function collect(
  run: RunIds,
  repositories: string[],
  platforms: string[]
): Promise<Map<string, LegRecord | undefined>> {
  const found = new Map<string, LegRecord | undefined>()
  await ownFolder(HANDOFF_ROOT)
  for (const platform of platforms) {
    const path = handoffPath(run, platform)
    // This attempt's record, else an earlier attempt's: never one of an attempt still to come, which
    // can only have been planted.
    let matched: string | undefined
    for (const attempt of attemptsUpTo(run.attempt)) {
      const { key } = handoffKey({ ...run, attempt }, repositories, platform)
      matched = await cache.restoreCache([path], key)
      if (matched) break
    }
    found.set(platform, matched ? (JSON.parse(await readFile(path, 'utf8')) as LegRecord) : undefined)
    await removeRecord(path)
  }
  return found
}

/** "3" → ["3", "2", "1"]: the attempts whose records a merge may take, newest first. */
export function attemptsUpTo(attempt: string): string[] {
  const newest = Math.max(1, Math.min(Number(attempt) || 1, 100))
  return Array.from({ length: newest }, (_, i) => String(newest - i))
}

/** A leg hands its pushed digest over to the merge step, and says so. */
export async function handDigestOver(
  run: RunIds,
  leg: { platforms: string[]; digest: string; tags: string[] }
): Promise<void> {
  const keys = await handOver(run, {
    platforms: leg.platforms,
    digest: leg.digest,
    repositories: repositoriesOf('tags', leg.tags)
  })
  core.info(`Handed ${leg.digest} to the merge step (${keys.join(', ')})`)
}
