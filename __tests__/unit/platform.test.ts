import { describe, expect, it } from '@jest/globals'
import { parsePlatform, parsePlatforms } from '../../src/platform.js'

describe('parsePlatform', () => {
  it.each([
    ['linux/amd64', 'linux/amd64', { GOOS: 'linux', GOARCH: 'amd64', GOAMD64: 'v1' }, 62],
    ['linux/amd64/v1', 'linux/amd64', { GOOS: 'linux', GOARCH: 'amd64', GOAMD64: 'v1' }, 62],
    ['linux/amd64/v3', 'linux/amd64/v3', { GOOS: 'linux', GOARCH: 'amd64', GOAMD64: 'v3' }, 62],
    ['linux/arm64', 'linux/arm64', { GOOS: 'linux', GOARCH: 'arm64' }, 183],
    ['linux/arm64/v8', 'linux/arm64', { GOOS: 'linux', GOARCH: 'arm64' }, 183],
    ['linux/arm', 'linux/arm/v7', { GOOS: 'linux', GOARCH: 'arm', GOARM: '7' }, 40],
    ['linux/arm/v6', 'linux/arm/v6', { GOOS: 'linux', GOARCH: 'arm', GOARM: '6' }, 40],
    ['linux/arm/v7', 'linux/arm/v7', { GOOS: 'linux', GOARCH: 'arm', GOARM: '7' }, 40],
    ['  Linux/PPC64LE ', 'linux/ppc64le', { GOOS: 'linux', GOARCH: 'ppc64le' }, 21],
    ['linux/s390x', 'linux/s390x', { GOOS: 'linux', GOARCH: 's390x' }, 22],
    ['linux/riscv64', 'linux/riscv64', { GOOS: 'linux', GOARCH: 'riscv64' }, 243],
    ['linux/386', 'linux/386', { GOOS: 'linux', GOARCH: '386' }, 3]
  ])('%s → %s', (text, name, goEnv, elfMachine) => {
    const platform = parsePlatform(text)
    expect(platform.name).toBe(name)
    expect(platform.goEnv).toEqual(goEnv)
    expect(platform.elfMachine).toBe(elfMachine)
  })

  it.each([
    [
      'windows/amd64',
      /"windows\/amd64" is not supported: the image is FROM scratch around a static Linux binary/
    ],
    ['darwin/arm64', /only linux platforms can be built/],
    ['linux/amd65', /unknown architecture "amd65" in "linux\/amd65"; accepted: linux\/amd64, /],
    ['linux/arm/v9', /"linux\/arm\/v9" has no variant "v9"; arm accepts v7, v6, v5/],
    ['linux/arm64/v9', /arm64 takes no variant/],
    ['linux', /is not of the form os\/arch\[\/variant\]/],
    ['linux/arm/v7/x', /is not of the form/],
    ['/amd64', /is not of the form/],
    [
      'linux/amd64 linux/arm64',
      /"linux\/amd64 linux\/arm64" holds a space; give several platforms separated by commas/
    ]
  ])('rejects %s', (text, message) => {
    expect(() => parsePlatform(text)).toThrow(message)
  })
})

describe('parsePlatforms', () => {
  it('keeps the order given', () => {
    expect(parsePlatforms(['linux/arm64', 'linux/amd64']).map(p => p.name)).toEqual([
      'linux/arm64',
      'linux/amd64'
    ])
  })
  it('rejects an empty list', () => {
    expect(() => parsePlatforms([])).toThrow('platforms: the list is empty')
  })
  it('rejects duplicates after normalization, naming both', () => {
    expect(() => parsePlatforms(['linux/arm', 'linux/arm/v7'])).toThrow(
      'platforms: "linux/arm/v7" and "linux/arm" are the same platform (linux/arm/v7); list it once'
    )
  })
})
