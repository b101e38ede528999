import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as cache from '../../__fixtures__/cache.js'
import * as core from '../../__fixtures__/core.js'
import type { GoCache } from '../../src/cache/caches.js'
import { cacheVersion, compressionMethod } from '../../src/cache/service.js'
import { saveEntry, startCacheService } from '../helpers/cache-service.js'

jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('@actions/cache', () => cache)
const { saveState, loadState } = await import('../../src/state.js')
const { post } = await import('../../src/post.js')

const goCache = (over: Partial<GoCache>): GoCache => ({
  name: 'build',
  path: '/gocache',
  key: 'k-build-t-s2',
  restoreKeys: ['k-build-t-'],
  matchedKey: '',
  save: true,
  ...over
})

beforeEach(() => {
  core.state.clear()
  cache.saved.clear()
  jest.clearAllMocks()
})

describe('main → post state', () => {
  it('round-trips through the runner state', () => {
    saveState({ contextDir: '/tmp/x' })
    expect(core.saveState).toHaveBeenCalledWith('go-mini-action', '{"contextDir":"/tmp/x"}')
    expect(loadState()).toEqual({ contextDir: '/tmp/x' })
  })
})

describe('post: the build context', () => {
  it('is removed', async () => {
    const contextDir = mkdtempSync(join(tmpdir(), 'ctx-'))
    mkdirSync(join(contextDir, 'bin'))
    writeFileSync(join(contextDir, 'bin', 'app'), 'x')
    saveState({ contextDir })
    await post()
    expect(existsSync(contextDir)).toBe(false)
    expect(core.info).toHaveBeenCalledWith(`Removed the build context ${contextDir}`)
  })

  it('does nothing when main recorded nothing', async () => {
    await post()
    expect(core.info).not.toHaveBeenCalled()
    expect(cache.saveCache).not.toHaveBeenCalled()
  })
})

describe('post: the caches', () => {
  it.each([
    ['a miss is saved under its key', goCache({}), 'k-build-t-s2'],
    // What a restore-key brought may be anyone's: runs without cache-fallback must never restore it.
    [
      'a restore-key hit only under the key fallback runs alone read',
      goCache({ matchedKey: 'k-build-t-s1' }),
      'k-build-t-fallback-s2'
    ],
    [
      'a restore-key hit of that very key is not saved again',
      goCache({ matchedKey: 'k-build-t-fallback-s2' }),
      undefined
    ],
    ['an exact hit is not saved', goCache({ matchedKey: 'k-build-t-s2' }), undefined],
    [
      'a job that does not write modules does not save them',
      goCache({ name: 'modules', save: false }),
      undefined
    ]
  ])('%s', async (_name, c, key) => {
    saveState({ caches: [c] })
    await post()
    expect(cache.saveCache.mock.calls).toEqual(key ? [[[c.path], key]] : [])
  })

  it('says how long saving took', async () => {
    saveState({ caches: [goCache({})] })
    await post()
    expect(core.info).toHaveBeenCalledWith(expect.stringMatching(/^Saving the Go caches took \d+\.\d s$/))
  })

  describe('against the bench cache service', () => {
    let service: Awaited<ReturnType<typeof startCacheService>>
    const saved = { ...process.env }
    beforeAll(async () => {
      service = await startCacheService()
      Object.assign(process.env, service.env)
    })
    afterAll(() => {
      process.env = saved
      service.stop()
    })
    const version = async () => cacheVersion(['/gocache'], await compressionMethod())
    const modules = goCache({ name: 'modules', key: 'k-mod-1', restoreKeys: [] })

    it('does not upload a module cache another job saved meanwhile', async () => {
      const entry = { key: 'k-mod-1', version: await version(), scope: 'refs/heads/main' }
      await saveEntry(service.url, entry, Buffer.from('archive'))
      saveState({ caches: [modules] })
      await post()
      expect(cache.saveCache).not.toHaveBeenCalled()
      expect(core.info).toHaveBeenCalledWith('modules cache: k-mod-1 was saved by another job meanwhile')
    })

    it('uploads it when the service holds only a partial match of its key (another key)', async () => {
      const entry = { key: 'k-mod-2-planted', version: await version(), scope: 'refs/heads/main' }
      await saveEntry(service.url, entry, Buffer.from('archive'))
      saveState({ caches: [{ ...modules, key: 'k-mod-2' }] })
      await post()
      expect(cache.saveCache.mock.calls).toEqual([[['/gocache'], 'k-mod-2']])
    })
  })

  it('turns a failing cache service into a warning', async () => {
    cache.saveCache.mockRejectedValueOnce(new Error('HTTP 500'))
    saveState({ caches: [goCache({})] })
    await expect(post()).resolves.toBeUndefined()
    expect(core.warning).toHaveBeenCalledWith('Could not save the build cache: HTTP 500')
  })
})
