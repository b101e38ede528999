import { describe, expect, it } from '@jest/globals'
import {
  buildCacheKey,
  modulesCacheKey,
  savesModules,
  targetsHash,
  type CacheKeyRequest
} from '../../src/cache/keys.js'

const base: CacheKeyRequest = {
  prefix: 'go-mini',
  os: 'Linux',
  arch: 'X64',
  goVersion: '1.24.4',
  dependencyHash: 'dep1',
  fallback: false,
  targets: { platforms: ['linux/amd64', 'linux/arm64'], cgo: '0', buildTags: [], buildFlags: [] }
}
const targets = targetsHash(base.targets)

describe('modulesCacheKey', () => {
  it('is OS + Go version + dependency hash, restored by that exact key only', () => {
    expect(modulesCacheKey(base)).toEqual({ key: 'go-mini-Linux-go1.24.4-mod-dep1', restoreKeys: [] })
  })
  it('falls back to the newest of the same Go version with cache-fallback', () => {
    expect(modulesCacheKey({ ...base, fallback: true }).restoreKeys).toEqual(['go-mini-Linux-go1.24.4-mod-'])
  })
  it.each([
    ['another runner arch', { arch: 'ARM64' }],
    ['other targets', { targets: { ...base.targets, platforms: ['linux/s390x'] } }]
  ])('is shared with %s', (_name, change) => {
    expect(modulesCacheKey({ ...base, ...change })).toEqual(modulesCacheKey(base))
  })
})

describe('buildCacheKey', () => {
  it('is OS + runner arch + Go version + targets + dependencies, restored by that exact key only', () => {
    expect(buildCacheKey(base)).toEqual({
      key: `go-mini-Linux-X64-go1.24.4-build-${targets}-dep1`,
      restoreKeys: []
    })
  })

  it('falls back to the newest of the same Go and targets with cache-fallback', () => {
    expect(buildCacheKey({ ...base, fallback: true }).restoreKeys).toEqual([
      `go-mini-Linux-X64-go1.24.4-build-${targets}-`
    ])
  })

  it.each([
    ['the Go version', { goVersion: '1.24.5' }],
    ['the runner arch', { arch: 'ARM64' }],
    ['the platforms', { targets: { ...base.targets, platforms: ['linux/amd64'] } }],
    ['a variant', { targets: { ...base.targets, platforms: ['linux/amd64/v3', 'linux/arm64'] } }],
    ['CGO', { targets: { ...base.targets, cgo: '1' } }],
    ['build tags', { targets: { ...base.targets, buildTags: ['netgo'] } }],
    ['build flags', { targets: { ...base.targets, buildFlags: ['-race'] } }],
    ['the prefix', { prefix: 'other' }]
  ])('changes its stem with %s', (_name, change) => {
    const stem = (request: CacheKeyRequest) => buildCacheKey({ ...request, fallback: true }).restoreKeys
    expect(stem({ ...base, ...change })).not.toEqual(stem(base))
  })

  it('changes its key, not its stem, when the dependencies change', () => {
    const bumped = buildCacheKey({ ...base, dependencyHash: 'dep2', fallback: true })
    expect(bumped.key).not.toBe(buildCacheKey(base).key)
    expect(bumped.restoreKeys).toEqual(buildCacheKey({ ...base, fallback: true }).restoreKeys)
  })

  it('does not depend on the order of platforms or tags', () => {
    const reordered = { ...base.targets, platforms: ['linux/arm64', 'linux/amd64'] }
    expect(targetsHash(reordered)).toBe(targets)
    expect(targetsHash({ ...base.targets, buildTags: ['a', 'b'] })).toBe(
      targetsHash({ ...base.targets, buildTags: ['b', 'a'] })
    )
  })

  it('has no commas (the cache service refuses them)', () => {
    expect(buildCacheKey(base).key).not.toContain(',')
  })
})

describe('savesModules', () => {
  it.each([
    ['auto', ['linux/amd64', 'linux/arm64'], false, true],
    ['auto', ['linux/arm64', 'linux/arm/v7'], false, true],
    ['auto', ['linux/amd64'], false, true],
    // A job that builds arm64 alone, not a matrix leg: nobody else writes its module cache.
    ['auto', ['linux/arm64'], false, true],
    // Matrix legs: the amd64 one writes it, the others leave it to that one.
    ['auto', ['linux/amd64/v3'], true, true],
    ['auto', ['linux/arm64'], true, false],
    ['true', ['linux/arm64'], true, true],
    ['false', ['linux/amd64', 'linux/arm64'], false, false]
  ] as const)('%s with %j (a matrix leg: %s) → %s', (setting, platforms, leg, saves) => {
    expect(savesModules(setting, [...platforms], leg)).toBe(saves)
  })
})
