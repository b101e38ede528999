// What a cache entry's archive may hold, checked before a byte of it is unpacked. Whoever holds a
// branch's cache token can save an entry under any key, and @actions/cache's restore unpacks with
// `tar -P -C <workspace>`: an absolute member name, `../` out of the folder, a symbolic or hard link to
// write through, a device or a setuid file would land anywhere the runner's user can write (the action's
// own dist/post.js included). So the archive is decompressed once as it downloads (no more than the
// limits allow), listed by the same GNU tar that then unpacks that plain tar (one parser: no member can
// read one way to the check and another to the unpacking), and unpacked only when every member is a
// regular file or a folder inside the cache's own folder, within the limits.
import { createWriteStream } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import { Transform, type Writable } from 'node:stream'
import { constants, createGunzip, createZstdDecompress } from 'node:zlib'
import { run } from '../exec.js'
import { HttpFailure } from '../http/client.js'
import { oneLine } from '../untrusted.js'

/** The compression @actions/cache chose for an entry (part of its version): zstd when installed, else gzip. */
export type Compression = 'zstd-without-long' | 'zstd' | 'gzip'

/** What an entry may unpack to, at most. */
export const ARCHIVE_LIMITS = { members: 2_000_000, bytes: 20 * 1024 ** 3 }

/** One member of an archive as `tar -tv` lists it. */
export interface Member {
  /** ls's mode string: its first letter is the type ("-" a file, "d" a folder, "l" a link…). */
  mode: string
  size: number
  /** The name as stored, decoded from tar's C quoting (bytes as latin1 characters). */
  name: string
}

const LINE = /^(\S{10}) \S+ +(\S+) .*? "((?:[^"\\]|\\.)*)"/

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' }

/** A name in tar's C quoting (--quoting-style=c, LC_ALL=C: every byte past ASCII as \ooo). */
function unquote(quoted: string): string {
  return quoted.replace(/\\([0-7]{3}|.)/g, (_, e: string) =>
    e.length === 3 ? String.fromCharCode(parseInt(e, 8)) : (ESCAPES[e] ?? e)
  )
}

/** The members of a `tar -tv --quoting-style=c` listing; a line that does not read as one is an error. */
export function parseListing(listing: string): Member[] {
  return listing
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const match = LINE.exec(line)
      if (!match) throw new Error(`a member the check cannot read (${JSON.stringify(line.slice(0, 80))})`)
      return { mode: match[1], size: /^\d+$/.test(match[2]) ? Number(match[2]) : 0, name: unquote(match[3]) }
    })
}

/** Why one member may not be unpacked into `folder`, or undefined when it may. */
function memberProblem(member: Member, workspace: string, folder: string): string | undefined {
  const type = member.mode[0]
  if (type !== '-' && type !== 'd') {
    const kinds: Record<string, string> = {
      l: 'a symbolic link',
      h: 'a hard link',
      c: 'a device',
      b: 'a device',
      p: 'a FIFO'
    }
    return `it is ${kinds[type] ?? `of type "${type}"`}, not a file or a folder`
  }
  if (/[sS]/.test(member.mode[3] + member.mode[6])) return 'it has the setuid or setgid bit'
  if (isAbsolute(member.name)) return 'its name is absolute'
  const inside = relative(folder, resolve(workspace, member.name))
  if (inside.startsWith('..') || isAbsolute(inside)) return `it resolves outside ${folder}`
  return undefined
}

/**
 * Why the archive may not be unpacked into `folder` (the first member refused, named), or undefined
 * when every member is a regular file or a folder inside it and the whole stays within the limits.
 * Names are relative to the workspace, as @actions/cache saves them.
 */
export function archiveProblem(
  members: Member[],
  where: { workspace: string; folder: string },
  limits = ARCHIVE_LIMITS
): string | undefined {
  const folder = resolve(where.folder)
  if (members.length > limits.members)
    return `it holds ${members.length} members, more than the ${limits.members} allowed`
  let bytes = 0
  for (const member of members) {
    const problem = memberProblem(member, where.workspace, folder)
    if (problem) return `member ${JSON.stringify(member.name.slice(0, 200))}: ${problem}`
    bytes += member.size
    if (bytes > limits.bytes) return `it unpacks to more than ${limits.bytes} bytes`
  }
  return undefined
}

/**
 * The tar stream of an archive within the limits is at most this long: its members' bytes, and for each
 * member its headers (a PAX header, a long name) and the padding of its data to 512-byte blocks.
 */
export const tarBytesLimit = (limits = ARCHIVE_LIMITS) => limits.bytes + limits.members * 4096

/** An archive whose tar stream is longer than the limits allow; refused as it downloads (no retry). */
export class ArchiveTooLarge extends HttpFailure {
  constructor(limit: number) {
    super(`it unpacks to more than ${limit} bytes`, 'ETOOLARGE', false)
  }
}

/** Chunks of 1 MiB: with zlib's default 16 KiB, decompressing takes five times as long. */
const CHUNK = 1 << 20

/** Decompresses an entry of this compression (zstd with --long=30 needs a window of 2^30 bytes). */
function decompressor(compression: Compression): Transform {
  if (compression === 'gzip') return createGunzip({ chunkSize: CHUNK })
  const window = compression === 'zstd' ? { [constants.ZSTD_d_windowLogMax]: 30 } : {}
  return createZstdDecompress({ chunkSize: CHUNK, params: window })
}

/**
 * The streams that take an entry's archive as it downloads and writes its plain tar to `file`: decompressed
 * once, here, so that listing it and unpacking it read it as it is. More than `limit` bytes fail it.
 */
export function plainTarTo(
  file: string,
  compression: Compression,
  limit = tarBytesLimit()
): [Transform, Transform, Writable] {
  let bytes = 0
  const bounded = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length
      done(bytes > limit ? new ArchiveTooLarge(limit) : null, chunk)
    }
  })
  return [decompressor(compression), bounded, createWriteStream(file, { highWaterMark: CHUNK })]
}

/** GNU tar in the C locale: names byte for byte, quoted the same way whatever the runner's locale. */
const TAR_ENV = { LC_ALL: 'C' }

/** The members of a plain tar file, as GNU tar reads them. */
export async function listArchive(file: string): Promise<Member[]> {
  const args = ['-tv', '-P', '--numeric-owner', '--full-time', '--quoting-style=c', '-f', file]
  const listed = await run('tar', args, { env: TAR_ENV })
  if (listed.code !== 0) throw new Error(`tar cannot read it (exit code ${listed.code})`)
  return parseListing(listed.stdout)
}

/** Unpacks a checked plain tar file, its names relative to the workspace, as @actions/cache would. */
export async function extractArchive(file: string, workspace: string): Promise<void> {
  const args = ['-x', '-P', '--no-same-owner', '-C', workspace, '-f', file]
  const extracted = await run('tar', args, { env: TAR_ENV })
  if (extracted.code !== 0)
    throw new Error(
      `tar could not unpack it (exit code ${extracted.code}): ${oneLine(extracted.stderr.trim())}`
    )
}
