import { describe, expect, it } from '@jest/globals'
import { buildxArgs, pushSecondsOf, type ImageRequest } from '../../../src/docker/buildx.js'
import { skopeoArgs } from '../../../src/docker/skopeo.js'
import { contextFiles } from '../../../src/layout.js'

describe('buildxArgs', () => {
  const request: ImageRequest = {
    builder: 'default',
    dockerEnv: {},
    contextDir: '/ctx',
    platforms: ['linux/amd64', 'linux/arm/v7'],
    tags: ['r/app:1', 'r/app:latest'],
    labels: ['a=b'],
    annotations: ['index,manifest:k=v'],
    destination: 'registry',
    provenance: 'false',
    sbom: 'false',
    compressionLevel: 1,
    sourceDateEpoch: 1700000000,
    filesBytes: 0
  }
  const files = { ...contextFiles('/ctx'), metadata: '/ctx/m.json' }
  // After `docker buildx`: the same words follow the plugin run as itself (plugin.ts).
  const common = [
    'build',
    '--builder',
    'default',
    '--file',
    '/ctx/Dockerfile',
    '--platform',
    'linux/amd64,linux/arm/v7',
    '--metadata-file',
    '/ctx/m.json',
    '--provenance=false',
    '--sbom=false',
    '--tag',
    'r/app:1',
    '--tag',
    'r/app:latest',
    '--label',
    'a=b',
    '--annotation',
    'index,manifest:k=v'
  ]

  it.each<[string, Partial<ImageRequest>, string]>([
    [
      'pushes an OCI index (not kept in the engine)',
      { destination: 'registry' },
      'type=image,push=true,oci-mediatypes=true,store=false,compression=gzip,compression-level=1'
    ],
    [
      'writes an OCI archive',
      { destination: 'oci-archive' },
      'type=oci,dest=/ctx/image.oci.tar,compression=gzip,compression-level=1'
    ],
    ['loads into the engine', { destination: 'engine' }, 'type=docker,compression=gzip,compression-level=1'],
    [
      "compresses the new layers at the level asked (BuildKit's own default: 6)",
      { compressionLevel: 6 },
      'type=image,push=true,oci-mediatypes=true,store=false,compression=gzip,compression-level=6'
    ]
  ])('%s', (_name, change, output) => {
    expect(buildxArgs({ ...request, ...change }, files)).toEqual([
      ...common,
      '--output',
      output,
      '--progress=plain',
      '/ctx'
    ])
  })

  it('compresses nothing where it keeps nothing (a check)', () => {
    const args = buildxArgs({ ...request, destination: 'check' }, files)
    expect(args[args.indexOf('--output') + 1]).toBe('type=cacheonly')
  })

  it("keeps BuildKit's cache: the layers depend on their files' contents alone", () => {
    expect(buildxArgs(request, files)).not.toContain('--no-cache')
  })

  it('writes a matrix leg to an OCI archive, untagged, to push it by digest afterwards', () => {
    const args = buildxArgs({ ...request, destination: 'registry-by-digest' }, files)
    expect(args).not.toContain('--tag')
    expect(args.slice(args.indexOf('--output'))).toEqual([
      '--output',
      'type=oci,dest=/ctx/image.oci.tar,compression=gzip,compression-level=1',
      '--progress=plain',
      '/ctx'
    ])
  })

  it.each([
    [
      'ghcr.io/acme/app',
      ['copy', '--all', '--preserve-digests', 'oci-archive:/a.tar', 'docker://ghcr.io/acme/app@sha256:x']
    ],
    [
      '127.0.0.1:5000/app',
      [
        'copy',
        '--all',
        '--preserve-digests',
        '--dest-tls-verify=false',
        'oci-archive:/a.tar',
        'docker://127.0.0.1:5000/app@sha256:x'
      ]
    ],
    [
      'localhost:5000/app',
      [
        'copy',
        '--all',
        '--preserve-digests',
        '--dest-tls-verify=false',
        'oci-archive:/a.tar',
        'docker://localhost:5000/app@sha256:x'
      ]
    ]
  ])('pushes by digest to %s with skopeo', (repository, args) => {
    expect(skopeoArgs('/a.tar', 'sha256:x', repository)).toEqual(args)
  })

  it('passes attestations as asked', () => {
    const args = buildxArgs({ ...request, provenance: 'mode=max', sbom: 'true' }, files)
    expect(args).toContain('--provenance=mode=max')
    expect(args).toContain('--sbom=true')
  })
})

describe('pushSecondsOf', () => {
  const exporter = [
    '#5 exporting to image',
    '#5 exporting layers 0.3s done',
    '#5 exporting manifest sha256:2cd7 done',
    '#5 exporting manifest list sha256:e323 done'
  ]
  it.each<[string, string[], number]>([
    ['nothing pushed', exporter, 0],
    [
      'layers and the manifest',
      [
        ...exporter,
        '#5 pushing layers',
        '#5 pushing layers 1.4s done',
        '#5 pushing manifest for 127.0.0.1:5000/app:1@sha256:e323 0.2s done',
        '#5 DONE 2.0s'
      ],
      1.6
    ],
    [
      'a manifest per tag',
      [
        '#9 pushing layers 12.0s done',
        '#9 pushing manifest for r/app:1@sha256:e3 0.5s done',
        '#9 pushing manifest for r/app:latest@sha256:e3 0.5s done'
      ],
      13
    ],
    ['a program printing "pushing" itself is not the exporter', ['#7 0.512 pushing layers 9.0s done'], 0]
  ])('%s', (_name, lines, seconds) => {
    expect(pushSecondsOf(lines.join('\n'))).toBeCloseTo(seconds)
  })
})
