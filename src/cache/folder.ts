// A cache folder as the runner keeps it. On a runner that keeps its folders between jobs (self-hosted,
// a persistent volume, a local run) GOCACHE and GOMODCACHE may already hold the very entry a job would
// restore. A record beside each folder that holds its exact entry says which entry that is and gives a
// fingerprint of the folder; the next job skips the download when both still match. Any change since
// (a file added, edited, removed, its mode changed) moves a ctime, which no one can set back, so an
// edited folder is restored as any other.
//
// Main records a folder that held its exact entry right after the compile, while the image builds;
// post records again only when an entry was added, removed or renamed since (a walk of the folders
// alone). An entry a later step edited in place moves its own ctime: the next job's check sees it and
// restores, as it would after any change.
//
// The record lives beside the folder, not in it: in it, it would be saved into the entry and come back
// from the cache service with the entry (an entry written by anyone could then claim to be another).
import * as core from '@actions/core'
import type { Stats } from 'node:fs'
import { lstatSync, readdirSync } from 'node:fs'
import { chmod, lstat, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { messageOf } from '../errors.js'

/** What a walk of the folder says of it: enough to tell whether anything in it changed. */
export interface FolderState {
  files: number
  bytes: number
  /** The newest ctime (ms) of the folder and everything under it. */
  newestChange: number
  /** Whether everything under it belongs to this process's user. */
  ownedByUs: boolean
}

/** What post records beside a folder that holds a cache entry. */
export interface FolderRecord {
  key: string
  path: string
  uid: number
  state: FolderState
}

const EMPTY: FolderState = { files: 0, bytes: 0, newestChange: 0, ownedByUs: true }

/** The record's file: beside the folder, named after it. */
export const recordPath = (folder: string) => `${folder.replace(/\/+$/, '')}.go-mini-action.json`

const uid = () => process.getuid?.() ?? -1

/** How many entries a walk reads between two turns of the event loop. */
const YIELD_EVERY = 100

/**
 * Every entry under a folder with its lstat (links not followed), or only its folders' with `folders`.
 * Synchronous within a folder (a promise per file costs three times as much) and folder by folder with
 * the entries' types (readdirSync's `recursive` costs twice as much: 52-73 against 22-33 ms for a build
 * cache of 5,142 files); between folders it lets whatever else the step does go on (main records its
 * folders while the image builds). Returns how many entries it found.
 */
async function eachUnder(
  dir: string,
  visit: (path: string, stat: Stats) => void,
  folders = false
): Promise<number> {
  let [entries, sinceYield] = [0, 0]
  const pending = [dir]
  for (let at = pending.pop(); at !== undefined; at = pending.pop()) {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      entries++
      if (entry.isDirectory()) pending.push(path)
      if (!folders || entry.isDirectory()) visit(path, lstatSync(path))
    }
    if (entries - sinceYield < YIELD_EVERY) continue
    sinceYield = entries
    await new Promise(setImmediate)
  }
  return entries
}

/** The top of a folder and what a walk of it starts from; undefined when the folder is absent. */
async function topOf(dir: string): Promise<{ top: Stats; state: FolderState } | undefined> {
  const top = await lstat(dir).catch(() => undefined)
  if (!top) return undefined
  return { top, state: { ...EMPTY, newestChange: top.ctimeMs, ownedByUs: top.uid === uid() } }
}

/** Walks the folder; an absent folder is empty. */
export async function folderState(dir: string): Promise<FolderState> {
  const start = await topOf(dir)
  if (!start) return EMPTY
  const { top, state } = start
  if (!top.isDirectory()) return state
  await eachUnder(dir, (_path, stat) => {
    state.files++
    if (stat.isFile()) state.bytes += stat.size
    state.newestChange = Math.max(state.newestChange, stat.ctimeMs)
    state.ownedByUs &&= stat.uid === uid()
  })
  return state
}

/**
 * Whether the folder still holds the entries `record` counted, none added, removed or renamed since: a
 * walk of its folders alone (an entry added or removed moves its folder's ctime), a tenth of a full
 * one. An entry edited in place since is not seen here; its ctime is, by the next job's check.
 */
async function sameEntries(dir: string, record: FolderState): Promise<boolean> {
  const start = await topOf(dir)
  if (!start?.top.isDirectory()) return false
  let newest = start.state.newestChange
  const entries = await eachUnder(dir, (_path, stat) => (newest = Math.max(newest, stat.ctimeMs)), true)
  return entries === record.files && newest <= record.newestChange
}

/** Pure: whether the record is this user's, of the entry `key` in the folder `path`. */
const recordsEntry = (record: FolderRecord | undefined, key: string, path: string): record is FolderRecord =>
  record?.key === key && record.path === path && record.uid === uid()

/** Pure: whether the record says the folder, as it is now, holds the entry `key`. */
export function holdsEntry(
  record: FolderRecord | undefined,
  key: string,
  path: string,
  now: FolderState
): boolean {
  if (!recordsEntry(record, key, path)) return false
  // An absent folder holds nothing; an empty one holds an empty entry (a program without dependencies)
  // as long as its own ctime says it was not made anew.
  if (!now.ownedByUs || now.newestChange === 0) return false
  const then = record.state
  return then.files === now.files && then.bytes === now.bytes && then.newestChange === now.newestChange
}

/** The record beside the folder, if this user wrote it there for the entry `key`. */
export async function recordOf(path: string, key: string): Promise<FolderRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(recordPath(path), 'utf8')) as FolderRecord
    return recordsEntry(record, key, path) ? record : undefined
  } catch {
    return undefined
  }
}

/**
 * The size of the files in the folder when it still holds the entry `key` that `record` (recordOf)
 * says a previous job on this runner left in it; undefined when it does not.
 */
export async function folderHolds(
  path: string,
  key: string,
  record: FolderRecord | undefined
): Promise<number | undefined> {
  if (!record) return undefined // not walked: nothing could make it hold the entry
  const now = await folderState(path)
  return holdsEntry(record, key, path, now) ? now.bytes : undefined
}

/**
 * Records that the folder, as it is now, holds the entry `key`; a folder that cannot be walked or
 * recorded is restored next time (never an error). With `unlessSame`, a record of `key` whose entries
 * are all still there (main's, after the compile) is kept as it is.
 */
export async function recordFolder(path: string, key: string, unlessSame = false): Promise<void> {
  try {
    const kept = unlessSame ? await recordOf(path, key) : undefined
    if (kept && (await sameEntries(path, kept.state))) return
    const record: FolderRecord = { key, path, uid: uid(), state: await folderState(path) }
    await writeFile(recordPath(path), `${JSON.stringify(record)}\n`)
  } catch (error) {
    core.info(`Could not record which entry ${path} holds (${messageOf(error)}): the next job restores it`)
  }
}

/**
 * Lets a restore write over what the folder holds. Go makes the module cache's folders read-only; tar,
 * running as the runner's user (not root), can then neither replace a file nor add one there
 * ("Cannot open: File exists"). Only this user's folders are touched; tar sets their modes back.
 */
export async function makeWritable(dir: string): Promise<void> {
  const locked: [string, number][] = []
  const note = (path: string, stat: Stats) => {
    if (stat.isDirectory() && stat.uid === uid() && !(stat.mode & 0o200)) locked.push([path, stat.mode])
  }
  try {
    note(dir, await lstat(dir))
    await eachUnder(dir, note)
  } catch {
    return // no folder: nothing to open
  }
  for (const [path, mode] of locked) await chmod(path, mode | 0o700)
}
