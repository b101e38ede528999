// Reads tar archives (ustar, GNU long names, PAX path records, base-256 sizes): the OCI archive buildx
// writes, read back without loading it (its headers are read where they are and only the small blobs
// asked for are read whole), and a buffer's files for what is small anyway.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

/** One member: its name (without "./" or "/" in front), type flag, and where its data is. */
export interface TarEntry {
  name: string
  /** "0" or "" a file, "5" a folder, "2" a symbolic link… */
  type: string
  size: number
  /** Where its data starts, in bytes from the archive's start. */
  offset: number
}

/** Reads `length` bytes at `offset`. */
type Read = (offset: number, length: number) => Buffer

const BLOCK = 512
/** A long name or PAX record this large is no name: the archive is refused. */
const MAX_META = 1024 * 1024

const cString = (bytes: Buffer) => bytes.toString('utf8').replace(/\0.*$/s, '')
const field = (header: Buffer, start: number, length: number) =>
  cString(header.subarray(start, start + length))

/** The size field: octal, or base-256 when its first byte's high bit is set (sizes of 8 GiB and more). */
function sizeOf(header: Buffer): number {
  const raw = header.subarray(124, 136)
  if ((raw[0] & 0x80) === 0) return parseInt(field(header, 124, 12).trim() || '0', 8)
  return raw.subarray(1).reduce((n, byte) => n * 256 + byte, raw[0] & 0x7f)
}

/** The "path" of PAX extended header records ("<length> path=<name>\n"…), if any. */
export function paxPath(records: Buffer): string | undefined {
  let path: string | undefined
  for (let at = 0; at < records.length;) {
    const space = records.indexOf(0x20, at)
    const length = Number(records.toString('latin1', at, space))
    if (space < 0 || !Number.isInteger(length) || length <= 0) break
    const record = records.toString('utf8', space + 1, at + length - 1)
    if (record.startsWith('path=')) path = record.slice(5)
    at += length
  }
  return path
}

/** The members of an archive, header by header; data is read only for long names and PAX records. */
export function* tarEntries(read: Read, total: number): Generator<TarEntry> {
  let longName: string | undefined
  let paxName: string | undefined
  for (let at = 0; at + BLOCK <= total;) {
    const header = read(at, BLOCK)
    if (header.every(byte => byte === 0)) return
    const size = sizeOf(header)
    const type = field(header, 156, 1)
    const offset = at + BLOCK
    if ((type === 'L' || type === 'x') && size > MAX_META) throw new Error(`a tar header of ${size} bytes`)
    if (type === 'L') longName = cString(read(offset, size))
    else if (type === 'x') paxName = paxPath(read(offset, size)) ?? paxName
    else if (type !== 'g') {
      const prefix = field(header, 345, 155)
      const name =
        paxName ?? longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100))
      yield { name: name.replace(/^\.?\/+/, ''), type, size, offset }
      longName = paxName = undefined
    }
    at = offset + Math.ceil(size / BLOCK) * BLOCK
  }
}

const isFile = (entry: TarEntry) => entry.type === '0' || entry.type === ''

/** Path → contents of every regular file of an archive held in memory. */
export function untar(tar: Buffer): Map<string, Buffer> {
  const read: Read = (offset, length) => tar.subarray(offset, offset + length)
  const files = new Map<string, Buffer>()
  for (const entry of tarEntries(read, tar.length))
    if (isFile(entry)) files.set(entry.name, Buffer.from(read(entry.offset, entry.size)))
  return files
}

/** Runs `work` with a reader of the archive file, which is closed after it. */
function withFile<T>(path: string, work: (read: Read, total: number) => T): T {
  const fd = openSync(path, 'r')
  try {
    const read: Read = (offset, length) => {
      const bytes = Buffer.alloc(length)
      const got = readSync(fd, bytes, 0, length, offset)
      return bytes.subarray(0, got)
    }
    return work(read, fstatSync(fd).size)
  } finally {
    closeSync(fd)
  }
}

/**
 * The regular files of an archive file, by name, and a reader of one of them: only the headers are read
 * to index it, and a file only when asked for, up to `maxBytes` (a manifest, not a layer).
 */
export function tarFileIndex(path: string): {
  names: string[]
  readFile: (name: string, maxBytes: number) => Buffer
} {
  const index = new Map(
    withFile(path, (read, total) =>
      [...tarEntries(read, total)].filter(isFile).map(e => [e.name, e] as const)
    )
  )
  return {
    names: [...index.keys()],
    readFile: (name, maxBytes) => {
      const entry = index.get(name)
      if (!entry) throw new Error(`${path} has no ${name}`)
      if (entry.size > maxBytes)
        throw new Error(`${path}: ${name} is ${entry.size} bytes, more than ${maxBytes}`)
      return withFile(path, read => read(entry.offset, entry.size))
    }
  }
}
