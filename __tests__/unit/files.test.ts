import { describe, expect, it } from '@jest/globals'
import { lstatSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeFolders, stageFiles, stampTimes } from '../../src/image/files.js'

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
