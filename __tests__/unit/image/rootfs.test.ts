import { describe, expect, it, jest } from '@jest/globals'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../../__fixtures__/core.js'
import type { DockerfileRequest } from '../../../src/image/dockerfile.js'
import { contextFiles } from '../../../src/layout.js'
import { dockerfileRequest as defaults } from '../../helpers/requests.js'

jest.unstable_mockModule('@actions/core', () => core)
const { FILE_TIME, makeFolders, rootfsFolders, stageFiles, stampTimes, writeImageFiles, writeRootfs } =
  await import('../../../src/image/rootfs.js')

const EPOCH = 1_700_000_000

describe('stageFiles and stampTimes', () => {
  it('puts each file at its destination under rootfs/ and gives every entry the commit time', async () => {
    const work = mkdtempSync(join(tmpdir(), 'files-'))
    mkdirSync(join(work, 'assets', 'css'), { recursive: true })
    writeFileSync(join(work, 'assets', 'css', 'site.css'), 'body{}')
    writeFileSync(join(work, 'config.yaml'), 'a: 1', { mode: 0o600 })
    symlinkSync('css/site.css', join(work, 'assets', 'site.css'))
    const outside = join(work, 'outside.txt')
    writeFileSync(outside, 'not staged')
    symlinkSync(outside, join(work, 'assets', 'outside'))
    const rootfs = join(work, 'rootfs')
    const bytes = await stageFiles(
      [
        { source: join(work, 'assets'), dest: '/srv/assets', folder: true },
        { source: join(work, 'config.yaml'), dest: '/etc/app/config.yaml', folder: false }
      ],
      rootfs
    )
    expect(bytes).toBe('body{}'.length + 'a: 1'.length)
    expect(statSync(join(rootfs, 'etc/app/config.yaml')).mode & 0o777).toBe(0o644)

    await stampTimes(rootfs, EPOCH)
    for (const path of ['', 'srv', 'srv/assets', 'srv/assets/css', 'srv/assets/css/site.css', 'etc/app']) {
      expect([path, lstatSync(join(rootfs, path)).mtimeMs]).toEqual([path, EPOCH * 1000])
    }
    // A link gets the time itself; what it names (outside rootfs/ here) is left alone.
    expect(lstatSync(join(rootfs, 'srv/assets/outside')).mtimeMs).toBe(EPOCH * 1000)
    expect(statSync(outside).mtimeMs).not.toBe(EPOCH * 1000)
  })
  it('leaves version-control folders out (files: .:/app), naming them in a notice', async () => {
    const work = mkdtempSync(join(tmpdir(), 'files-'))
    mkdirSync(join(work, '.git'))
    writeFileSync(join(work, '.git', 'config'), '[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n')
    mkdirSync(join(work, 'sub', '.hg'), { recursive: true })
    writeFileSync(join(work, 'main.go'), 'package main')
    const rootfs = join(mkdtempSync(join(tmpdir(), 'rootfs-')), 'rootfs')
    await stageFiles([{ source: work, dest: '/app', folder: true }], rootfs)
    expect(existsSync(join(rootfs, 'app', 'main.go'))).toBe(true)
    expect(existsSync(join(rootfs, 'app', '.git'))).toBe(false)
    expect(existsSync(join(rootfs, 'app', 'sub', '.hg'))).toBe(false)
    expect(core.notice).toHaveBeenCalledWith(expect.stringContaining(join(work, '.git')))
  })
})

describe('makeFolders', () => {
  it('makes every folder and each one above it 0755, whatever the umask', async () => {
    const root = mkdtempSync(join(tmpdir(), 'folders-'))
    const before = process.umask(0o077) // a hardened runner's
    try {
      await makeFolders(root, ['etc/ssl/certs', 'srv/data', 'etc'])
    } finally {
      process.umask(before)
    }
    for (const path of ['etc', 'etc/ssl', 'etc/ssl/certs', 'srv', 'srv/data']) {
      expect([path, statSync(join(root, path)).mode & 0o7777]).toEqual([path, 0o755])
    }
  })
})

describe('writeRootfs', () => {
  it('makes /tmp, the workdir and the volumes writable by any user (1777), every other folder 0755', async () => {
    const work = mkdtempSync(join(tmpdir(), 'rootfs-'))
    mkdirSync(contextFiles(work).bin)
    const request = {
      ...defaults,
      certs: false,
      tzdata: 'none' as const,
      workdir: '/srv/app',
      volumes: ['/var/lib/store']
    }
    await writeRootfs(request, contextFiles(work), '/no/goroot')
    const mode = (path: string) => [path, statSync(join(work, 'rootfs', path)).mode & 0o7777]
    expect(['tmp', 'srv/app', 'var/lib/store', 'srv', 'var/lib', 'etc', ''].map(mode)).toEqual([
      ['tmp', 0o1777],
      ['srv/app', 0o1777],
      ['var/lib/store', 0o1777],
      ['srv', 0o755],
      ['var/lib', 0o755],
      ['etc', 0o755],
      ['', 0o755]
    ])
  })

  it('gives every file and folder of rootfs/ one fixed time, 1970-01-01', async () => {
    const work = mkdtempSync(join(tmpdir(), 'rootfs-'))
    await writeRootfs({ ...defaults, certs: true, tzdata: 'none' }, contextFiles(work), '/no/goroot')
    const paths = readdirSync(work, { recursive: true, encoding: 'utf8' })
    expect(paths).toEqual(expect.arrayContaining(['rootfs/etc/passwd']))
    expect(FILE_TIME).toBe(0)
    for (const path of paths) expect([path, lstatSync(join(work, path)).mtimeMs]).toEqual([path, 0])
  })

  it('leaves the root as it is when it is the workdir', async () => {
    const work = mkdtempSync(join(tmpdir(), 'rootfs-'))
    mkdirSync(contextFiles(work).bin)
    const request = { ...defaults, certs: false, tzdata: 'none' as const, workdir: '/' }
    await writeRootfs(request, contextFiles(work), '/no/goroot')
    expect(statSync(join(work, 'rootfs')).mode & 0o7777).toBe(0o755)
  })
})

describe('writeImageFiles', () => {
  // Written while Go compiles into bin/: the binaries are neither needed nor touched.
  it('writes the Dockerfile and rootfs/ into a context that has no binaries yet, and leaves bin/ alone', async () => {
    const work = mkdtempSync(join(tmpdir(), 'context-'))
    const bytes = await writeImageFiles({ ...defaults, certs: false, tzdata: 'none' }, work, '/no/goroot')
    expect(bytes).toBe(0)
    expect(readFileSync(join(work, 'Dockerfile'), 'utf8')).toMatch(/^FROM scratch$/m)
    expect(readdirSync(work).sort()).toEqual(['Dockerfile', 'rootfs'])
    expect(lstatSync(join(work, 'rootfs', 'etc', 'group')).mtimeMs).toBe(0)
  })
})

describe('rootfsFolders', () => {
  // Every folder a COPY or WORKDIR would otherwise create (with the time of the build) is in rootfs/,
  // and the folder of passwd and group.
  it.each<[string, Partial<DockerfileRequest>, string[]]>([
    ['the defaults: certs and zoneinfo.zip', {}, ['tmp', 'etc', 'etc/ssl/certs', 'usr/share']],
    ['full zoneinfo, no certs', { certs: false, tzdata: 'full' }, ['tmp', 'etc', 'usr/share']],
    ['nothing from the builder', { certs: false, tzdata: 'none' }, ['tmp', 'etc']],
    ['a workdir', { certs: false, tzdata: 'embed', workdir: '/srv/data' }, ['tmp', 'etc', 'srv/data']],
    ['the root as workdir', { certs: false, tzdata: 'none', workdir: '/' }, ['tmp', 'etc']],
    [
      'a workdir under /tmp and volumes',
      { certs: false, tzdata: 'none', workdir: '/tmp/work', volumes: ['/var/lib/store'] },
      ['tmp', 'etc', 'tmp/work', 'var/lib/store']
    ],
    [
      'the folders above extra files, once each',
      {
        certs: false,
        tzdata: 'none',
        files: [
          { source: '/w/assets', dest: '/srv/assets', folder: true },
          { source: '/w/a.yaml', dest: '/etc/app/a.yaml', folder: false },
          { source: '/w/b.yaml', dest: '/etc/app/b.yaml', folder: false },
          { source: '/w/top', dest: '/top', folder: false }
        ]
      },
      ['tmp', 'etc', 'srv', 'etc/app']
    ]
  ])('%s', (_name, options, folders) => {
    expect(rootfsFolders({ ...defaults, ...options })).toEqual(folders)
  })
})
