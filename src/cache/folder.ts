// A cache folder as the runner keeps it. On a runner that keeps its folders between jobs (self-hosted,
// a persistent volume, a local run) GOCACHE and GOMODCACHE may already hold the very entry a job would
// restore. Post records, beside each folder it saved or restored by its exact key, which entry the folder
// holds and a fingerprint of the folder as the job left it; the next job skips the download when both
// still match. Any change since (a file added, edited, removed, its mode changed) moves a ctime, which
// no one can set back, so an edited folder is restored as any other.
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

/**
 * Every entry under a folder with its lstat (links not followed). Synchronous on purpose: a promise per
 * file costs three times as much, and what runs beside the walk (docker's questions, git) runs in other
 * processes. Folder by folder with the entries' types, not readdirSync's `recursive`: that one costs
 * twice as much (52–73 against 22–33 ms for a build cache of 5,142 files).
 */
function eachUnder(dir: string, visit: (path: string, stat: Stats) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    visit(path, lstatSync(path))
    if (entry.isDirectory()) eachUnder(path, visit)
  }
}

/** Walks the folder; an absent folder is empty. */
export async function folderState(dir: string): Promise<FolderState> {
  let top
  try {
    top = await lstat(dir)
  } catch {
    return EMPTY
  }
  const state = { ...EMPTY, newestChange: top.ctimeMs, ownedByUs: top.uid === uid() }
  if (!top.isDirectory()) return state
  eachUnder(dir, (_path, stat) => {
    state.files++
    if (stat.isFile()) state.bytes += stat.size
    state.newestChange = Math.max(state.newestChange, stat.ctimeMs)
    state.ownedByUs &&= stat.uid === uid()
  })
  return state
}

/** Pure: whether the record says the folder, as it is now, holds the entry `key`. */
export function holdsEntry(
  record: FolderRecord | undefined,
  key: string,
  path: string,
  now: FolderState
): boolean {
  if (!record || record.key !== key || record.path !== path || record.uid !== uid()) return false
  // An absent folder holds nothing; an empty one holds an empty entry (a program without dependencies)
  // as long as its own ctime says it was not made anew.
  if (!now.ownedByUs || now.newestChange === 0) return false
  const then = record.state
  return then.files === now.files && then.bytes === now.bytes && then.newestChange === now.newestChange
}

/**
 * The size of the files in the folder when it already holds the entry `key`, as a previous job on this
 * runner left it; undefined when it does not.
 */
export async function folderHolds(path: string, key: string): Promise<number | undefined> {
  let record: FolderRecord | undefined
  try {
    record = JSON.parse(await readFile(recordPath(path), 'utf8')) as FolderRecord
  } catch {
    return undefined
  }
  const now = await folderState(path)
  return holdsEntry(record, key, path, now) ? now.bytes : undefined
}

/** Records that the folder, as it is now, holds the entry `key`; a folder that cannot be recorded is restored next time. */
export async function recordFolder(path: string, key: string): Promise<void> {
  const record: FolderRecord = { key, path, uid: uid(), state: await folderState(path) }
  try {
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
    eachUnder(dir, note)
  } catch {
    return // no folder: nothing to open
  }
  for (const [path, mode] of locked) await chmod(path, mode | 0o700)
}
