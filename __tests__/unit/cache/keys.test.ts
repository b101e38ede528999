import { describe, expect, it } from '@jest/globals'
import {
  buildCacheKey,
  modulesCacheKey,
  jobsHash,
  savesModules,
  type CacheKeyRequest
} from '../../../src/cache/keys.js'
import { compileIdentity, type CompileRequest } from '../../../src/compile/plan.js'
import { parsePlatform } from '../../../src/platform.js'
import { compileRequest } from '../../helpers/requests.js'

const base: CacheKeyRequest = {
  prefix: 'go-mini',
  os: 'Linux',
  arch: 'X64',
  goVersion: '1.24.4',
  dependencyHash: 'dep1',
  fallback: false,
  jobs: jobsOf({})
}
const targets = jobsHash(base.jobs)

/** The identity of a compile that differs from the usual request by `change`. */
function jobsOf(change: Partial<CompileRequest>, platforms = ['linux/amd64', 'linux/arm64']) {
  const request = { ...compileRequest('/w'), platforms: platforms.map(p => parsePlatform(p)), ...change }
  return compileIdentity(request)
}

describe('modulesCacheKey', () => {
  it('is OS + Go version + dependency hash, restored by that exact key only', () => {
    expect(modulesCacheKey(base)).toEqual({ key: 'go-mini-Linux-go1.24.4-mod-dep1', restoreKeys: [] })
  })
  it('falls back to the newest of the same Go version with cache-fallback', () => {
    expect(modulesCacheKey({ ...base, fallback: true }).restoreKeys).toEqual(['go-mini-Linux-go1.24.4-mod-'])
  })
  it.each([
    ['another runner arch', { arch: 'ARM64' }],
    ['other targets', { jobs: jobsOf({}, ['linux/s390x']) }]
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
    ['the platforms', { jobs: jobsOf({}, ['linux/amd64']) }],
    ['a variant', { jobs: jobsOf({}, ['linux/amd64/v3', 'linux/arm64']) }],
    ['build tags', { jobs: jobsOf({ buildTags: ['netgo'] }) }],
    ['build flags', { jobs: jobsOf({ buildFlags: ['-race'] }) }],
    ['linker flags', { jobs: jobsOf({ ldflags: '-X main.edition=pro' }) }],
    // time/tzdata in the binary (tzdata: embed, or a Go without zoneinfo.zip) compiles other packages.
    ['the time zone database in the binary', { jobs: jobsOf({ embedTzdata: true }) }],
    ['another main package', { jobs: jobsOf({ mains: [{ package: './cmd/other', name: 'other' }] }) }],
    ['the prefix', { prefix: 'other' }]
  ] as [string, Partial<CacheKeyRequest>][])('changes its stem with %s', (_name, change) => {
    const stem = (request: CacheKeyRequest) => buildCacheKey({ ...request, fallback: true }).restoreKeys
    expect(stem({ ...base, ...change })).not.toEqual(stem(base))
  })

  it('changes its key, not its stem, when the dependencies change', () => {
    const bumped = buildCacheKey({ ...base, dependencyHash: 'dep2', fallback: true })
    expect(bumped.key).not.toBe(buildCacheKey(base).key)
    expect(bumped.restoreKeys).toEqual(buildCacheKey({ ...base, fallback: true }).restoreKeys)
  })

  it('does not depend on the order of the platforms', () => {
    expect(jobsHash(jobsOf({}, ['linux/arm64', 'linux/amd64']))).toBe(targets)
  })

  it('leaves out what changes every commit: the stamped version, and the context folder', () => {
    const args = jobsOf({}).flatMap(job => job.args)
    expect(args).toContain('-ldflags=-s -w -buildid= -X=main.version=')
    expect(args).toContain('bin/linux/amd64/x')
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
