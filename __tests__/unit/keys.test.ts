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
  sourceHash: 'src1',
  targets: { platforms: ['linux/amd64', 'linux/arm64'], cgo: '0', buildTags: [], buildFlags: [] }
}
const targets = targetsHash(base.targets)

describe('modulesCacheKey', () => {
  it('is OS + Go version + dependency hash, falling back to the same Go version', () => {
    expect(modulesCacheKey(base)).toEqual({
      key: 'go-mini-Linux-go1.24.4-mod-dep1',
      restoreKeys: ['go-mini-Linux-go1.24.4-mod-']
    })
  })
  it.each([
    ['another runner arch', { arch: 'ARM64' }],
    ['other targets', { targets: { ...base.targets, platforms: ['linux/s390x'] } }],
    ['other sources', { sourceHash: 'src2' }]
  ])('is shared with %s', (_name, change) => {
    expect(modulesCacheKey({ ...base, ...change })).toEqual(modulesCacheKey(base))
  })
})

describe('buildCacheKey', () => {
  it('is OS + runner arch + Go version + targets + sources, falling back to the same targets', () => {
    expect(buildCacheKey(base)).toEqual({
      key: `go-mini-Linux-X64-go1.24.4-build-${targets}-src1`,
      restoreKeys: [`go-mini-Linux-X64-go1.24.4-build-${targets}-`]
    })
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
  ])('changes its restore-key with %s', (_name, change) => {
    expect(buildCacheKey({ ...base, ...change }).restoreKeys).not.toEqual(buildCacheKey(base).restoreKeys)
  })

  it('keeps its restore-key when only the sources change', () => {
    const edited = buildCacheKey({ ...base, sourceHash: 'src2' })
    expect(edited.key).not.toBe(buildCacheKey(base).key)
    expect(edited.restoreKeys).toEqual(buildCacheKey(base).restoreKeys)
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
    ['auto', ['linux/amd64', 'linux/arm64'], true],
    ['auto', ['linux/arm64', 'linux/arm/v7'], true],
    ['auto', ['linux/amd64'], true],
    ['auto', ['linux/amd64/v3'], true],
    ['auto', ['linux/arm64'], false],
    ['true', ['linux/arm64'], true],
    ['false', ['linux/amd64', 'linux/arm64'], false]
  ] as const)('%s with %j → %s', (setting, platforms, saves) => {
    expect(savesModules(setting, [...platforms])).toBe(saves)
  })
})
