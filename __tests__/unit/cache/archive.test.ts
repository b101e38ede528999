// What a cache entry's archive may hold: GNU tar's own listing of archives that play every trick an
// attacker holding the branch's cache token could (tar builds them here), and the pure check over it.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  createReadStream,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import {
  ArchiveTooLarge,
  archiveProblem,
  listArchive,
  parseListing,
  plainTarTo,
  type Compression,
  type Member
} from '../../../src/cache/archive.js'

const workspace = '/home/runner/work/app/app'
const folder = '/home/runner/.cache/go-build'
const file = (name: string, size = 1, mode = '-rw-r--r--'): Member => ({ mode, size, name })
const problem = (members: Member[], limits?: { members: number; bytes: number }) =>
  archiveProblem(members, { workspace, folder }, limits)

describe('archiveProblem', () => {
  it.each([
    [
      'files and folders inside the folder',
      [file('../../../.cache/go-build/', 0, 'drwxr-xr-x'), file('../../../.cache/go-build/00/a-d')]
    ],
    ['a ".." that stays inside', [file('../../../.cache/go-build/00/../01/b-a')]]
  ])('accepts %s', (_name, members) => {
    expect(problem(members)).toBeUndefined()
  })

  it.each([
    ['an absolute name', file('/home/runner/work/_actions/x/dist/post.js'), 'its name is absolute'],
    [
      'a name that leaves the folder',
      file('../../../.cache/go-build/../../work/_actions/post.js'),
      'resolves outside'
    ],
    ['a sibling folder whose name starts alike', file('../../../.cache/go-build-evil/x'), 'resolves outside'],
    ['a symbolic link', file('../../../.cache/go-build/l', 0, 'lrwxrwxrwx'), 'a symbolic link'],
    ['a hard link', file('../../../.cache/go-build/h', 0, 'hrw-r--r--'), 'a hard link'],
    ['a device', file('../../../.cache/go-build/d', 0, 'crw-r--r--'), 'a device'],
    ['a FIFO', file('../../../.cache/go-build/p', 0, 'prw-r--r--'), 'a FIFO'],
    ['a setuid file', file('../../../.cache/go-build/s', 1, '-rwsr-xr-x'), 'setuid or setgid'],
    ['a setgid folder', file('../../../.cache/go-build/g', 0, 'drwxr-sr-x'), 'setuid or setgid']
  ])('refuses %s, naming the member', (_name, member, why) => {
    const said = problem([file('../../../.cache/go-build/ok'), member])
    expect(said).toContain(JSON.stringify(member.name))
    expect(said).toContain(why)
  })

  it('refuses more members or more bytes than the limits', () => {
    const two = [file('../../../.cache/go-build/a', 6), file('../../../.cache/go-build/b', 6)]
    expect(problem(two, { members: 1, bytes: 100 })).toBe('it holds 2 members, more than the 1 allowed')
    expect(problem(two, { members: 9, bytes: 10 })).toBe('it unpacks to more than 10 bytes')
  })
})

describe('parseListing', () => {
  it('reads tar -tv --quoting-style=c, names byte for byte', () => {
    const listing = [
      '-rw-r--r-- 1001/1001          12 2026-01-01 00:00:00 "../c/a b\\nc -> d"',
      'lrwxrwxrwx 0/0               0 2026-01-01 00:00:00 "../c/l" -> "/etc"',
      'crw-r--r-- 0/0             1,3 2026-01-01 00:00:00 "../c/\\303\\274\\\\x"'
    ].join('\n')
    expect(parseListing(listing)).toEqual([
      { mode: '-rw-r--r--', size: 12, name: '../c/a b\nc -> d' },
      { mode: 'lrwxrwxrwx', size: 0, name: '../c/l' },
      { mode: 'crw-r--r--', size: 0, name: '../c/\xc3\xbc\\x' }
    ])
  })

  it('fails on a line it cannot read rather than skipping a member', () => {
    expect(() => parseListing('?????????? what')).toThrow(/a member the check cannot read/)
  })
})

/** The plain tar of a compressed archive, as a restore writes it while downloading. */
async function plainOf(archive: string, compression: Compression, limit?: number): Promise<string> {
  const plain = `${archive}.tar`
  await pipeline([createReadStream(archive), ...plainTarTo(plain, compression, limit)])
  return plain
}

describe('plainTarTo', () => {
  const root = mkdtempSync(join(tmpdir(), 'plain-'))
  const tar = join(root, 'made.tar')
  writeFileSync(join(root, 'data'), 'go build cache '.repeat(100_000))
  execFileSync('tar', ['--posix', '-cf', tar, '-C', root, 'data'])

  it.each([
    ['gzip', ['gzip', '-c']],
    ['zstd-without-long', ['zstd', '-q', '-c']],
    ['zstd', ['zstd', '-q', '-c', '--long=30']]
  ] as [Compression, string[]][])(
    'decompresses a %s archive into the tar it was made of',
    async (how, cmd) => {
      const archive = join(root, `made.${how}`)
      writeFileSync(archive, execFileSync(cmd[0], [...cmd.slice(1), tar]))
      expect(readFileSync(await plainOf(archive, how)).equals(readFileSync(tar))).toBe(true)
    }
  )

  it('fails, not to be retried, once the tar stream is longer than the limit', async () => {
    const archive = join(root, 'bomb.gz')
    writeFileSync(archive, execFileSync('gzip', ['-c', tar]))
    const refused = plainOf(archive, 'gzip', 100_000)
    await expect(refused).rejects.toBeInstanceOf(ArchiveTooLarge)
    await expect(refused).rejects.toMatchObject({
      message: 'it unpacks to more than 100000 bytes',
      transient: false
    })
  })
})

describe('listArchive over archives GNU tar made', () => {
  const root = mkdtempSync(join(tmpdir(), 'archive-'))
  const ws = join(root, 'ws')
  const cache = join(root, 'cache')
  mkdirSync(ws)
  mkdirSync(join(cache, 'sub'), { recursive: true })
  writeFileSync(join(cache, 'sub', 'plain'), 'x')
  writeFileSync(join(cache, 'odd\nname "q"'), 'y')
  /** The plain tar of a gzipped archive of `members`, as a restore writes it while downloading. */
  const tarOf = (name: string, members: string[]) => {
    const out = join(root, name)
    execFileSync('tar', ['--posix', '-cf', out, '-P', '-C', ws, '-z', ...members])
    return plainOf(out, 'gzip')
  }

  it('accepts what @actions/cache saves of a folder: names relative to the workspace', async () => {
    const members = await listArchive(await tarOf('good.tgz', ['../cache']))
    expect(members.map(m => m.name).sort()).toEqual([
      '../cache/',
      '../cache/odd\nname "q"',
      '../cache/sub/',
      '../cache/sub/plain'
    ])
    expect(archiveProblem(members, { workspace: ws, folder: cache })).toBeUndefined()
  })

  it.each([
    ['a symbolic link', () => symlinkSync('/etc', join(cache, 'link')), '../cache/link', 'a symbolic link'],
    [
      'a hard link',
      () => linkSync(join(cache, 'sub', 'plain'), join(cache, 'hard')),
      '../cache/hard',
      'a hard link'
    ],
    ['a FIFO', () => execFileSync('mkfifo', [join(cache, 'fifo')]), '../cache/fifo', 'a FIFO'],
    [
      'a setuid file',
      () => {
        writeFileSync(join(cache, 'suid'), 'z')
        chmodSync(join(cache, 'suid'), 0o4755)
      },
      '../cache/suid',
      'setuid'
    ]
  ])('refuses %s in it', async (name, make, member, why) => {
    make()
    // After a plain file: a hard link is stored as one only when what it links to is in the archive.
    const members = await listArchive(await tarOf(`${name}.tgz`, ['../cache/sub/plain', member]))
    expect(archiveProblem(members, { workspace: ws, folder: cache })).toContain(why)
  })

  it('refuses an absolute name, as tar -P stores it', async () => {
    const members = await listArchive(await tarOf('abs.tgz', [join(cache, 'sub', 'plain')]))
    expect(members.map(m => m.name)).toEqual([join(cache, 'sub', 'plain')])
    expect(archiveProblem(members, { workspace: ws, folder: cache })).toContain('its name is absolute')
  })
})
