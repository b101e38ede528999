// One cache restored the checked way: the service asked which entry the keys find (nothing downloaded),
// a match used only when the run may use it (the exact key, or any with cache-fallback), its archive
// decompressed as it downloads into a plain tar in the runner's temp folder, listed and checked
// (archive.ts), and only then unpacked into its folder. A refused archive costs one warning and counts
// as a miss: nothing of it is written.
import * as core from '@actions/core'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { messageOf } from '../errors.js'
import { DEFAULT_RETRY, downloadTo } from '../http/retry.js'
import { oneLine } from '../untrusted.js'
import {
  ArchiveTooLarge,
  archiveProblem,
  extractArchive,
  listArchive,
  plainTarTo,
  type Compression
} from './archive.js'
import { makeWritable } from './folder.js'
import { cacheVersion, findEntry, type CacheService } from './service.js'

/** What the restore of one cache needs. */
export interface RestoreRequest {
  name: string
  path: string
  key: string
  restoreKeys: string[]
  /** Any key the service matches may be used (cache-fallback); else the exact key only. */
  fallback: boolean
}

/** Where the restore runs: the service, the compression of the entries, the folders of the runner. */
export interface RestoreContext {
  service: CacheService
  compression: Compression
  workspace: string
  tempDir: string
}

/** What became of it: the key restored ("" for none), and why a match was not used. */
export interface RestoreOutcome {
  matchedKey: string
  /** A key the service matched that this run does not use (not the exact key, without cache-fallback). */
  ignored?: string
  /** Why the matched entry's archive was refused (nothing of it was written). */
  refused?: string
  /** The size of the files restored (the archive's members). */
  bytes?: number
}

/** The largest archive a restore downloads: GitHub keeps at most 10 GB of caches per repository. */
const MAX_DOWNLOAD = 10 * 1024 ** 3

/** Downloads the entry at `url` into a plain tar `file`; why it was refused (too large), or undefined. */
async function download(url: string, file: string, compression: Compression) {
  const signature = new URL(url).searchParams.get('sig')
  if (signature) core.setSecret(signature)
  // A large entry may take long: the whole download gets an hour, each silence still a minute.
  const policy = { ...DEFAULT_RETRY, timeouts: { totalMs: 60 * 60_000 } }
  try {
    await downloadTo(url, () => plainTarTo(file, compression), {}, policy, MAX_DOWNLOAD)
    return undefined
  } catch (error) {
    if (error instanceof Error && error.cause instanceof ArchiveTooLarge) return error.cause.message
    throw error
  }
}

/** Downloads, checks and unpacks the entry at `url`: the size of its files, or why it was refused. */
async function fetchChecked(
  url: string,
  request: RestoreRequest,
  context: RestoreContext
): Promise<{ refused: string } | { bytes: number }> {
  const dir = await mkdtemp(join(context.tempDir, 'go-mini-cache-'))
  try {
    const file = join(dir, 'cache.tar')
    const tooLarge = await download(url, file, context.compression)
    if (tooLarge) return { refused: tooLarge }
    const members = await listArchive(file)
    const refused = archiveProblem(members, { workspace: context.workspace, folder: request.path })
    if (refused) return { refused }
    await makeWritable(request.path) // what a previous job left there, Go's read-only module folders included
    await extractArchive(file, context.workspace)
    return { bytes: members.reduce((sum, member) => sum + member.size, 0) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Restores one cache; a service or archive that fails costs a warning and leaves it a miss. */
export async function restoreChecked(
  request: RestoreRequest,
  context: RestoreContext
): Promise<RestoreOutcome> {
  const { name, key, restoreKeys, fallback } = request
  try {
    const version = cacheVersion([request.path], context.compression)
    const found = await findEntry(context.service, { key, restoreKeys, version })
    if (!found) return { matchedKey: '' }
    if (!fallback && found.matchedKey !== key) return { matchedKey: '', ignored: found.matchedKey }
    const fetched = await fetchChecked(found.downloadUrl, request, context)
    if ('bytes' in fetched) return { matchedKey: found.matchedKey, bytes: fetched.bytes }
    const { refused } = fetched
    core.warning(
      `${name} cache: the entry ${oneLine(found.matchedKey)} was not restored: ${oneLine(refused)}. Nothing of it ` +
        'was written; building as from an empty cache, and nothing is saved over it.'
    )
    return { matchedKey: '', refused }
  } catch (error) {
    core.warning(`Could not restore the ${name} cache: ${oneLine(messageOf(error))}`)
    return { matchedKey: '' }
  }
}
