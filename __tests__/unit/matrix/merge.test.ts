import { describe, expect, it } from '@jest/globals'
import { checkLegImages, legImages, planIndex } from '../../../src/matrix/merge.js'

const d = (n: number) => `sha256:${String(n).repeat(64)}`
const leg = (platforms: string[], digest: string) => ({ platforms, digest, repositories: ['r/app'] })
describe('planIndex', () => {
  const expected = ['linux/amd64', 'linux/arm64', 'linux/arm/v7']

  it('takes one digest per leg', () => {
    const handed = new Map(expected.map((p, i) => [p, leg([p], d(i + 1))]))
    expect(planIndex(expected, handed)).toEqual([d(1), d(2), d(3)])
  })

  it('takes a leg that built several platforms once', () => {
    const both = leg(['linux/amd64', 'linux/arm64'], d(1))
    const handed = new Map([
      ['linux/amd64', both],
      ['linux/arm64', both],
      ['linux/arm/v7', leg(['linux/arm/v7'], d(3))]
    ])
    expect(planIndex(expected, handed)).toEqual([d(1), d(3)])
  })

  it.each([
    [
      'a missing leg, by name',
      new Map([
        ['linux/amd64', leg(['linux/amd64'], d(1))],
        ['linux/arm64', undefined],
        ['linux/arm/v7', undefined]
      ]),
      'merge: no digest was handed over for linux/arm64, linux/arm/v7: that matrix leg failed, was cancelled, or ran with other tags; nothing was tagged'
    ],
    [
      'a platform built twice',
      new Map([
        ['linux/amd64', leg(['linux/amd64', 'linux/arm64'], d(1))],
        ['linux/arm64', leg(['linux/arm64'], d(2))],
        ['linux/arm/v7', leg(['linux/arm/v7'], d(3))]
      ]),
      `merge: linux/arm64 was built by two legs (${d(1)} and ${d(2)}); nothing was tagged`
    ],
    [
      'a platform nobody asked for',
      new Map([
        ['linux/amd64', leg(['linux/amd64', 'linux/s390x'], d(1))],
        ['linux/arm64', leg(['linux/arm64'], d(2))],
        ['linux/arm/v7', leg(['linux/arm/v7'], d(3))]
      ]),
      'merge: a leg built linux/s390x, which platforms does not list; nothing was tagged'
    ]
  ])('rejects %s', (_name, handed, message) => {
    expect(() => planIndex(expected, handed)).toThrow(message)
  })
})

describe('planIndex with a forged record', () => {
  it('refuses a record whose platforms do not include the platform of its key', () => {
    const handed = new Map([
      ['linux/amd64', leg(['linux/amd64'], d(1))],
      ['linux/arm64', leg(['linux/amd64'], d(1))]
    ])
    expect(() => planIndex(['linux/amd64', 'linux/arm64'], handed)).toThrow(
      'merge: the record handed over for linux/arm64 names linux/amd64; nothing was tagged'
    )
  })
})

describe('the platforms legImages reads', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a single manifest', { os: 'linux', architecture: 'arm', variant: 'v7' }, ['linux/arm/v7']],
    [
      'arm64 with its implicit variant',
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ['linux/arm64']
    ],
    [
      'an index with an attestation',
      { 'linux/amd64': {}, 'unknown/unknown': {}, 'linux/arm64': {} },
      ['linux/amd64', 'linux/arm64']
    ]
  ])('%s', (_name, image, platforms) => {
    expect(legImages(image).map(i => i.platform)).toEqual(platforms)
  })
})

describe('legImages and checkLegImages', () => {
  const labels = (revision: string, version: string) => ({
    config: {
      Labels: { 'org.opencontainers.image.revision': revision, 'org.opencontainers.image.version': version }
    }
  })
  const ours = 'f'.repeat(40)
  const index = {
    'linux/arm64': { os: 'linux', architecture: 'arm64', ...labels(ours, 'v1.0.0') },
    'linux/amd64': { os: 'linux', architecture: 'amd64', ...labels(ours, 'v1.0.0') },
    'unknown/unknown': {}
  }

  it('reads each platform config for its commit and version', () => {
    expect(legImages(index)).toEqual([
      { platform: 'linux/amd64', revision: ours, version: 'v1.0.0' },
      { platform: 'linux/arm64', revision: ours, version: 'v1.0.0' }
    ])
    expect(legImages({ os: 'linux', architecture: 'amd64', ...labels('a', 'v') })).toEqual([
      { platform: 'linux/amd64', revision: 'a', version: 'v' }
    ])
  })

  const image = (platform: string, revision: string, version = 'v1.0.0') => ({
    platform,
    revision,
    version,
    reference: `r/app@${d(platform.length)}`
  })

  it("takes the legs of the merge's own commit, all of one version", () => {
    expect(() => checkLegImages([image('linux/amd64', ours), image('linux/arm64', ours)], ours)).not.toThrow()
  })

  it("refuses an older release's image, naming the platform, the digest and the two commits", () => {
    const old = 'a'.repeat(40)
    expect(() =>
      checkLegImages([image('linux/amd64', old, 'v0.9.0'), image('linux/arm64', ours)], ours)
    ).toThrow(
      `merge: r/app@${d(11)} (linux/amd64) was built from commit ${old}, but this merge is of commit ${ours}; nothing was tagged`
    )
  })

  it('refuses legs of different versions', () => {
    expect(() =>
      checkLegImages([image('linux/amd64', ours, 'v1'), image('linux/arm64', ours, 'v2')], ours)
    ).toThrow(
      'merge: the legs carry different versions (linux/amd64: v1, linux/arm64: v2); nothing was tagged'
    )
  })
})
