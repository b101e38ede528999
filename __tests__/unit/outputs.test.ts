import { describe, expect, it } from '@jest/globals'
import type { GoCache } from '../../src/cache/caches.js'
import { mergeOutputsOf, outputsOf, type BuildResult } from '../../src/outputs.js'
import { threeBinaries } from '../helpers/requests.js'

const digest = `sha256:${'a'.repeat(64)}`
const modules: GoCache = {
  name: 'modules',
  path: '/gomodcache',
  key: 'k-mod-1',
  restoreKeys: ['k-mod-'],
  matchedKey: 'k-mod-1',
  save: true
}
const result: BuildResult = {
  go: { version: 'go1.24.4', goroot: '/opt/go', source: 'tool-cache' },
  caches: [modules],
  version: 'v1.2.3',
  binaries: threeBinaries,
  sboms: { 'linux/amd64': '/ctx/sbom/linux-amd64.spdx.json' },
  image: {
    destination: 'registry',
    dockerfile: '/ctx/Dockerfile',
    digest,
    image: `r/app@${digest}`,
    archive: '',
    platforms: {
      'linux/amd64': { digest: 'sha256:1', size: 10 },
      'linux/arm64': { digest: 'sha256:2', size: 9 }
    },
    buildx: { 'containerimage.digest': digest },
    filesBytes: 0,
    buildSeconds: 2,
    pushSeconds: 1
  }
}

describe('outputsOf', () => {
  it('writes every output as action.yml describes it', () => {
    const outputs = outputsOf(result)
    expect(outputs).toEqual({
      'go-version': '1.24.4',
      'go-root': '/opt/go',
      'go-tool-cache-hit': 'true',
      'cache-hit': 'true',
      version: 'v1.2.3',
      binaries: JSON.stringify({
        'linux/amd64': {
          app: { path: '/ctx/bin/linux/amd64/app', size: 6_222_008 },
          migrate: { path: '/ctx/bin/linux/amd64/migrate', size: 2_100_000 }
        },
        'linux/arm64': { app: { path: '/ctx/bin/linux/arm64/app', size: 5_898_424 } }
      }),
      sboms: JSON.stringify({ 'linux/amd64': '/ctx/sbom/linux-amd64.spdx.json' }),
      dockerfile: '/ctx/Dockerfile',
      digest,
      imageid: digest,
      image: `r/app@${digest}`,
      archive: '',
      manifests: JSON.stringify(result.image.platforms),
      metadata: JSON.stringify(result.image.buildx)
    })
    // Read the way build-push-action's users read it.
    expect(JSON.parse(outputs.metadata)['containerimage.digest']).toBe(
      result.image.buildx['containerimage.digest']
    )
  })

  it.each<[string, Partial<BuildResult>, Record<string, string>]>([
    [
      'a restore-key hit is no cache hit',
      { caches: [{ ...modules, matchedKey: 'k-mod-0' }] },
      { 'cache-hit': 'false' }
    ],
    ['no caches: no hit', { caches: [] }, { 'cache-hit': 'false' }],
    [
      'a Go from PATH is no tool-cache hit',
      { go: { ...result.go, source: 'path' } },
      { 'go-tool-cache-hit': 'false' }
    ],
    [
      'a single platform: the image ID is the config digest',
      { image: { ...result.image, buildx: { 'containerimage.config.digest': 'sha256:c' } } },
      { imageid: 'sha256:c' }
    ]
  ])('%s', (_, change, expected) => {
    expect(outputsOf({ ...result, ...change })).toMatchObject(expected)
  })
})

describe('mergeOutputsOf', () => {
  it('gives the index digest and name@digest', () => {
    expect(mergeOutputsOf({ digest, image: `r/app@${digest}` })).toEqual({ digest, image: `r/app@${digest}` })
  })
})
