// A cache folder a runner keeps between jobs: recorded by post, recognised (or not) by the next main,
// and made writable for a restore over Go's read-only module folders. Real folders in a temporary dir.
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as cache from '../../../__fixtures__/cache.js'
import * as core from '../../../__fixtures__/core.js'
import { startCacheService } from '../../helpers/cache-service.js'
import { cacheRequest } from '../../helpers/requests.js'

jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('@actions/cache', () => cache)
const {
  folderHolds: holdsBeside,
  holdsEntry,
  makeWritable,
  recordFolder,
  recordOf,
  recordPath
} = await import('../../../src/cache/folder.js')
const { restoreGoCaches } = await import('../../../src/cache/caches.js')
const { recordHeldFolders, saveGoCaches } = await import('../../../src/cache/save.js')
const { readRunner } = await import('../../../src/runner.js')

/** folderHolds as restoreGoCaches asks it: with the record beside the folder. */
const folderHolds = async (path: string, key: string) => holdsBeside(path, key, await recordOf(path, key))

/** A module cache as Go leaves it: read-only module folders and files. */
function moduleCache(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'runner-home-')), 'gomodcache')
  const module = join(dir, 'example.com', 'dep@v1.0.0')
  mkdirSync(module, { recursive: true })
  writeFileSync(join(module, 'dep.go'), 'package dep\n')
  chmodSync(join(module, 'dep.go'), 0o444)
  chmodSync(module, 0o555)
  return dir
}

beforeEach(() => {
  cache.saved.clear()
  jest.clearAllMocks()
})

describe('a folder recorded by post', () => {
  it('holds its entry as long as nothing in it changes', async () => {
    const dir = moduleCache()
    await recordFolder(dir, 'k1')
    expect(existsSync(recordPath(dir))).toBe(true)
    expect(await folderHolds(dir, 'k1')).toBe('package dep\n'.length) // the size of what it holds
    expect(await folderHolds(dir, 'k2')).toBeUndefined() // another key: restored as today
  })

  it('holds an empty entry in the empty folder it was recorded in, not in one made anew', async () => {
    // A program without dependencies: its modules entry is empty, and a download of it would change nothing.
    const dir = mkdtempSync(join(tmpdir(), 'gomodcache-'))
    await recordFolder(dir, 'k1')
    expect(await folderHolds(dir, 'k1')).toBe(0)
    await new Promise(resolve => setTimeout(resolve, 20)) // a ctime the new folder can differ in
    rmSync(dir, { recursive: true })
    expect(await folderHolds(dir, 'k1')).toBeUndefined()
    mkdirSync(dir)
    expect(await folderHolds(dir, 'k1')).toBeUndefined()
  })

  it.each([
    ['a file added', (dir: string) => writeFileSync(join(dir, 'new'), 'x')],
    ['a file edited', (dir: string) => writeFileSync(join(dir, 'cache.txt'), 'y')],
    ['a file removed', (dir: string) => rmSync(join(dir, 'cache.txt'))],
    ['a mode changed', (dir: string) => chmodSync(join(dir, 'cache.txt'), 0o600)]
  ])('does not hold it once %s', async (_what, change) => {
    const dir = moduleCache()
    writeFileSync(join(dir, 'cache.txt'), 'x')
    await recordFolder(dir, 'k1')
    await new Promise(resolve => setTimeout(resolve, 20)) // a ctime the change can move
    change(dir)
    expect(await folderHolds(dir, 'k1')).toBeUndefined()
  })

  // `go list`, run beside the check (checkFolders), adds its package index to GOCACHE meanwhile.
  it('leaves out of the check what was written after it began, not what was written before', async () => {
    const sleep = () => new Promise(resolve => setTimeout(resolve, 20))
    const dir = moduleCache()
    mkdirSync(join(dir, 'ab'))
    await recordFolder(dir, 'k1')
    const record = await recordOf(dir, 'k1')
    await sleep()
    const since = Date.now()
    await sleep()
    writeFileSync(join(dir, 'ab', 'index-d'), 'go index v2') // its folder's ctime moves too
    const held = 'package dep\n'.length
    expect(await holdsBeside(dir, 'k1', record, since)).toBe(held)
    expect(await holdsBeside(dir, 'k1', record)).toBeUndefined() // the same walk, no moment given
    writeFileSync(join(dir, 'ab', 'index-d'), 'go index v2, edited') // edited in place meanwhile: left out too
    expect(await holdsBeside(dir, 'k1', record, since)).toBe(held)

    const before = moduleCache()
    await recordFolder(before, 'k1')
    const recorded = await recordOf(before, 'k1')
    await sleep()
    writeFileSync(join(before, 'between-jobs'), 'x')
    await sleep()
    expect(await holdsBeside(before, 'k1', recorded, Date.now())).toBeUndefined()
  })

  it("keeps main's record while no entry came or went; records again once one did", async () => {
    const dir = moduleCache()
    writeFileSync(join(dir, 'cache.txt'), 'x')
    await recordFolder(dir, 'k1') // main, after the compile
    const mains = readFileSync(recordPath(dir), 'utf8')
    const written = statSync(recordPath(dir)).mtimeMs
    await new Promise(resolve => setTimeout(resolve, 20)) // a ctime a change can move
    await recordFolder(dir, 'k1', true) // post
    expect([readFileSync(recordPath(dir), 'utf8'), statSync(recordPath(dir)).mtimeMs]).toEqual([
      mains,
      written
    ])
    await recordFolder(dir, 'k2', true) // another entry: recorded anew
    expect(readFileSync(recordPath(dir), 'utf8')).toContain('"key":"k2"')
    await recordFolder(dir, 'k1')
    writeFileSync(join(dir, 'example.com', 'added'), 'x')
    await recordFolder(dir, 'k1', true)
    expect(await folderHolds(dir, 'k1')).toBe('package dep\n'.length + 2) // recorded with the new file
  })

  // Post reads no folder: it looks at the ctimes of the folders main's record lists.
  it.each<[string, (dir: string) => void]>([
    [
      'a folder added deep inside',
      dir => mkdirSync(join(dir, 'example.com', 'other@v1.0.0', 'sub'), { recursive: true })
    ],
    ['a file added in a listed folder', dir => writeFileSync(join(dir, 'example.com', 'added'), 'x')],
    ['a listed folder renamed', dir => renameSync(join(dir, 'example.com'), join(dir, 'example.org'))]
  ])("records again after %s, from the listed folders' ctimes", async (_what, change) => {
    const dir = moduleCache()
    await recordFolder(dir, 'k1') // main
    const mains = readFileSync(recordPath(dir), 'utf8')
    expect(JSON.parse(mains).state.folders).toEqual(['example.com', 'example.com/dep@v1.0.0'])
    await new Promise(resolve => setTimeout(resolve, 20))
    change(dir)
    await recordFolder(dir, 'k1', true) // post
    expect(readFileSync(recordPath(dir), 'utf8')).not.toBe(mains)
    expect(await folderHolds(dir, 'k1')).not.toBeUndefined()
  })

  it("writes anew a record that lists no folders (an older release's) or names one outside", async () => {
    const dir = moduleCache()
    for (const folders of [undefined, ['../elsewhere'], 'example.com']) {
      await recordFolder(dir, 'k1')
      const record = JSON.parse(readFileSync(recordPath(dir), 'utf8')) as { state: { folders?: unknown } }
      record.state.folders = folders
      writeFileSync(recordPath(dir), JSON.stringify(record))
      await recordFolder(dir, 'k1', true) // post: nothing changed, but the record cannot say so
      const renewed = JSON.parse(readFileSync(recordPath(dir), 'utf8')) as { state: { folders?: unknown } }
      expect([folders, renewed.state.folders]).toEqual([folders, ['example.com', 'example.com/dep@v1.0.0']])
    }
  })

  it('leaves an entry edited in place after main to the next check, which restores it', async () => {
    const dir = moduleCache()
    writeFileSync(join(dir, 'cache.txt'), 'x')
    await recordFolder(dir, 'k1')
    await new Promise(resolve => setTimeout(resolve, 20))
    writeFileSync(join(dir, 'cache.txt'), 'y') // no entry came or went: post keeps main's record
    await recordFolder(dir, 'k1', true)
    expect(await folderHolds(dir, 'k1')).toBeUndefined()
  })

  it('is not trusted when recorded for another folder, another user, or absent', () => {
    const state = { files: 3, bytes: 10, newestChange: 5, ownedByUs: true }
    const record = { key: 'k', path: '/a', uid: process.getuid?.() ?? -1, state }
    expect(holdsEntry(record, 'k', '/a', state)).toBe(true)
    expect(holdsEntry(record, 'k', '/b', state)).toBe(false)
    expect(holdsEntry({ ...record, uid: 4242 }, 'k', '/a', state)).toBe(false)
    expect(holdsEntry(record, 'k', '/a', { ...state, ownedByUs: false })).toBe(false)
    const absent = { files: 0, bytes: 0, newestChange: 0, ownedByUs: true }
    expect(holdsEntry({ ...record, state: absent }, 'k', '/a', absent)).toBe(false)
    expect(holdsEntry(undefined, 'k', '/a', state)).toBe(false)
  })
})

describe('a GitHub-hosted runner', () => {
  it('records nothing: its next job starts on a fresh machine', async () => {
    const home = mkdtempSync(join(tmpdir(), 'runner-home-'))
    const goCache = {
      name: 'build' as const,
      path: home,
      key: 'k',
      restoreKeys: [],
      matchedKey: 'k',
      save: true
    }
    await saveGoCaches([goCache], { RUNNER_ENVIRONMENT: 'github-hosted' })
    expect(existsSync(recordPath(home))).toBe(false)
    await saveGoCaches([goCache], { RUNNER_ENVIRONMENT: 'self-hosted' })
    expect(existsSync(recordPath(home))).toBe(true)
  })
})

describe('makeWritable', () => {
  it("opens Go's read-only module folders to a restore, and only the folders", async () => {
    const dir = moduleCache()
    await makeWritable(dir)
    const module = join(dir, 'example.com', 'dep@v1.0.0')
    expect(statSync(module).mode & 0o200).toBe(0o200)
    expect(statSync(join(module, 'dep.go')).mode & 0o777).toBe(0o444)
  })

  it('leaves an absent folder absent', async () => {
    await makeWritable('/nonexistent/gomodcache')
    expect(existsSync('/nonexistent/gomodcache')).toBe(false)
  })
})

describe('main and post on a runner that keeps its folders', () => {
  const request = cacheRequest

  // The bench's cache service: what @actions/cache (stubbed here) saves never reaches it, so every
  // restore that asks it misses.
  let service: Awaited<ReturnType<typeof startCacheService>>
  beforeAll(async () => {
    service = await startCacheService()
  })
  afterAll(() => service.stop())

  async function job(home: string, workspace: string, readBeside?: () => Promise<string>) {
    const targets = { workingDirectory: workspace, platforms: ['linux/amd64'], jobs: [] }
    const go = { version: 'go1.24.4', gomodcache: join(home, 'gomodcache'), gocache: join(home, 'gocache') }
    const env = { ...service.env, RUNNER_TEMP: workspace, GITHUB_WORKSPACE: workspace }
    const restored = await restoreGoCaches(request, targets, go, readRunner(env), undefined, readBeside)
    writeFileSync(join(go.gocache, `built-${Date.now()}`), 'x') // the job's compile adds to GOCACHE
    await recordHeldFolders(restored.caches, env) // main, while the image builds
    await saveGoCaches(restored.caches, env)
    return restored
  }

  /** A workspace with a go.sum, and a runner's folders with a module in the module cache. */
  function runnerAndWorkspace() {
    const workspace = mkdtempSync(join(tmpdir(), 'ws-'))
    writeFileSync(join(workspace, 'go.sum'), 'example.com/a v1.0.0 h1:x=\n')
    const home = mkdtempSync(join(tmpdir(), 'runner-home-'))
    mkdirSync(join(home, 'gocache'))
    mkdirSync(join(home, 'gomodcache'))
    writeFileSync(join(home, 'gomodcache', 'mod'), 'x')
    return { home, workspace }
  }

  it('downloads nothing the second time, and restores again once a folder was changed', async () => {
    const { home, workspace } = runnerAndWorkspace()
    const first = (await job(home, workspace)).caches
    expect(first.map(c => c.matchedKey)).toEqual(['', ''])
    expect(cache.saveCache).toHaveBeenCalledTimes(2)
    jest.clearAllMocks()

    const second = (await job(home, workspace)).caches
    expect(second.map(c => [c.matchedKey === c.key, c.onRunner, c.bytes])).toEqual([
      [true, true, 1], // the job summary's size: the module file
      [true, true, 1] //  and what the first job's compile added
    ])
    expect(cache.saveCache).not.toHaveBeenCalled()
    expect(core.info).toHaveBeenCalledWith(
      expect.stringMatching(/^modules cache: exact hit, already on this runner/)
    )
    const record = JSON.parse(readFileSync(recordPath(join(home, 'gocache')), 'utf8')) as {
      state: { files: number }
    }
    expect(record.state.files).toBe(2) // recorded as the second job left it

    writeFileSync(join(home, 'gomodcache', 'mod'), 'edited')
    const third = (await job(home, workspace)).caches
    // The changed module folder is asked of the service again (a miss there), the build cache is not.
    expect(third.map(c => [Boolean(c.onRunner), c.matchedKey === c.key])).toEqual([
      [false, false],
      [true, true]
    ])
  })

  // main's `go list` runs beside the check (listFromFolders): it must not count where a folder is restored.
  it("reads beside the check where the records name the job's entries, and keeps the answer only if all held", async () => {
    const { home, workspace } = runnerAndWorkspace()
    const read = jest.fn(() => new Promise<string>(resolve => setTimeout(() => resolve('listing'), 20)))
    expect((await job(home, workspace, read)).read).toBeUndefined() // no records yet: not even started
    expect(read).not.toHaveBeenCalled()
    expect((await job(home, workspace, read)).read).toBe('listing')
    expect(read).toHaveBeenCalledTimes(1)

    writeFileSync(join(home, 'gomodcache', 'mod'), 'edited')
    const third = await job(home, workspace, read)
    expect(read).toHaveBeenCalledTimes(2) // started, as the records still named the entries,
    expect(third.read).toBeUndefined() // but the module cache no longer held its entry
    expect(third.caches.map(c => Boolean(c.onRunner))).toEqual([false, true])
  })

  it('restores as ever when the reading beside fails', async () => {
    const { home, workspace } = runnerAndWorkspace()
    await job(home, workspace)
    const failing = () => Promise.reject(new Error('go list could not start'))
    const second = await job(home, workspace, failing)
    expect(second.read).toBeUndefined()
    expect(second.caches.map(c => c.onRunner)).toEqual([true, true])
  })
})
