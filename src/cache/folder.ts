// A cache folder as the runner keeps it. On a runner that keeps its folders between jobs (self-hosted,
// a persistent volume, a local run) GOCACHE and GOMODCACHE may already hold the very entry a job would
// restore. A record beside each folder that holds its exact entry says which entry that is and gives a
// fingerprint of the folder; the next job skips the download when both still match. Any change since
// (a file added, edited, removed, its mode changed) moves a ctime, which no one can set back, so an
// edited folder is restored as any other.
//
// Main records a folder that held its exact entry right after the compile, while the image builds;
// post records again only when an entry was added, removed or renamed since (the ctimes of the folders
// main's record lists). An entry a later step edited in place moves its own ctime: the next job's check
// sees it and restores, as it would after any change.
//
// The record lives beside the folder, not in it: in it, it would be saved into the entry and come back
// from the cache service with the entry (an entry written by anyone could then claim to be another).
import * as core from '@actions/core'
import type { Stats } from 'node:fs'
import { lstatSync, readdirSync } from 'node:fs'
import { chmod, lstat, readFile, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { messageOf } from '../errors.js'

/** What a walk of the folder says of it: enough to tell whether anything in it changed. */
export interface FolderState {
  files: number
  bytes: number
  /** The newest ctime (ms) of the folder and everything under it. */
  newestChange: number
  /** Whether everything under it belongs to this process's user. */
  ownedByUs: boolean
  /** The folders under it, relative to it: what post looks at (sameEntries) without reading each. */
  folders?: string[]
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
 * Every entry under a folder with its lstat (links not followed). Synchronous within a folder (a promise
 * per file costs three times as much) and folder by folder with the entries' types (readdirSync's
 * `recursive` costs twice as much: 52-73 against 22-33 ms for a build cache of 5,142 files); between
 * folders it lets whatever else the step does go on (main records its folders while the image builds).
 */
async function eachUnder(dir: string, visit: (path: string, stat: Stats) => void): Promise<void> {
  let [entries, sinceYield] = [0, 0]
  const pending = [dir]
  for (let at = pending.pop(); at !== undefined; at = pending.pop()) {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      entries++
      if (entry.isDirectory()) pending.push(path)
      visit(path, lstatSync(path))
    }
    if (entries - sinceYield < YIELD_EVERY) continue
    sinceYield = entries
    await new Promise(setImmediate)
  }
}

/** The top of a folder and what a walk of it starts from; undefined when the folder is absent. */
async function topOf(dir: string, since: number): Promise<{ top: Stats; state: FolderState } | undefined> {
  const top = await lstat(dir).catch(() => undefined)
  if (!top) return undefined
  const newestChange = top.ctimeMs < since ? top.ctimeMs : 0
  return { top, state: { ...EMPTY, newestChange, ownedByUs: top.uid === uid(), folders: [] } }
}

/**
 * Walks the folder; an absent folder is empty. With `since` (ms), the folder as it was then: what a
 * reader beside the check (checkFolders: `go list`, which indexes packages into GOCACHE) wrote during
 * the walk is left out, an entry made since and the change time of one changed since.
 */
export async function folderState(dir: string, since = Infinity): Promise<FolderState> {
  const start = await topOf(dir, since)
  if (!start) return EMPTY
  const { top, state } = start
  if (!top.isDirectory()) return state
  await eachUnder(dir, (path, stat) => {
    if (stat.birthtimeMs >= since) return
    if (stat.isDirectory()) state.folders?.push(relative(dir, path))
    state.files++
    if (stat.isFile()) state.bytes += stat.size
    if (stat.ctimeMs < since) state.newestChange = Math.max(state.newestChange, stat.ctimeMs)
    state.ownedByUs &&= stat.uid === uid()
  })
  return state
}

/** Pure: the folders a record lists, when it lists them as folderState does (names under the folder). */
const listedFolders = (state: FolderState): string[] | undefined =>
  Array.isArray(state.folders) &&
  state.folders.every(folder => typeof folder === 'string' && !folder.split('/').includes('..'))
    ? state.folders
    : undefined

/**
 * Whether the folder still holds the entries `record` counted, none added, removed or renamed since: an
 * entry added or removed moves its folder's ctime, a folder added its parent's, so the ctimes of the
 * folders the record lists say it without reading one (383 lstats for a small program's two caches,
 * against a walk of 6,700 entries). A record without the list (an older one) is written anew. An entry
 * edited in place since is not seen here; its ctime is, by the next job's check.
 */
function sameEntries(dir: string, record: FolderState): boolean {
  const folders = listedFolders(record)
  if (!folders) return false
  let newest = 0
  for (const folder of ['', ...folders]) {
    const stat = lstatSync(join(dir, folder), { throwIfNoEntry: false })
    if (!stat?.isDirectory()) return false
    newest = Math.max(newest, stat.ctimeMs)
  }
  return newest <= record.newestChange
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
  // A change since the record moves a ctime past the newest it counted (ctimes cannot be set back); one
  // made during the check is left out of `now` (folderState's since), which can only lower its newest.
  const then = record.state
  return then.files === now.files && then.bytes === now.bytes && now.newestChange <= then.newestChange
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
  record: FolderRecord | undefined,
  /** When the check began: what was written into the folder since is left out (folderState). */
  since = Infinity
): Promise<number | undefined> {
  if (!record) return undefined // not walked: nothing could make it hold the entry
  const now = await folderState(path, since)
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
    if (kept && sameEntries(path, kept.state)) return
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
