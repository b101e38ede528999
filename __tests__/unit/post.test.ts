import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as cache from '../../__fixtures__/cache.js'
import * as core from '../../__fixtures__/core.js'
import type { GoCache } from '../../src/cache/caches.js'

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
      'k-build-t-s2-fallback'
    ],
    [
      'a restore-key hit of that very key is not saved again',
      goCache({ matchedKey: 'k-build-t-s2-fallback' }),
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

  it('does not upload a module cache another job saved meanwhile', async () => {
    cache.saved.add('k-mod-1')
    saveState({ caches: [goCache({ name: 'modules', key: 'k-mod-1', restoreKeys: ['k-mod-'] })] })
    await post()
    expect(cache.restoreCache).toHaveBeenCalledWith(['/gocache'], 'k-mod-1', [], { lookupOnly: true })
    expect(cache.saveCache).not.toHaveBeenCalled()
    expect(core.info).toHaveBeenCalledWith('modules cache: k-mod-1 was saved by another job meanwhile')
  })

  it('turns a failing cache service into a warning', async () => {
    cache.saveCache.mockRejectedValueOnce(new Error('HTTP 500'))
    saveState({ caches: [goCache({})] })
    await expect(post()).resolves.toBeUndefined()
    expect(core.warning).toHaveBeenCalledWith('Could not save the build cache: HTTP 500')
  })
})
