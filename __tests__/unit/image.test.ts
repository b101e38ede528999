import { describe, expect, it } from '@jest/globals'
import { buildxArgs, pushSecondsOf, skopeoArgs, type ImageRequest } from '../../src/image/buildx.js'
import { dockerfile, type DockerfileRequest } from '../../src/image/dockerfile.js'

const defaults: DockerfileRequest = {
  builderImage: 'gcr.io/distroless/static-debian12',
  binaryName: 'server',
  user: '65532:65532',
  certs: true,
  tzdata: 'zip',
  env: [],
  expose: [],
  workdir: '',
  args: []
}

const HEAD = ['# Written by go-mini-action. The final stage only copies files: nothing is emulated.']
const BUILDER = ['FROM --platform=$BUILDPLATFORM gcr.io/distroless/static-debian12 AS certs', '']
const SCRATCH = ['FROM scratch', 'ARG TARGETOS', 'ARG TARGETARCH', 'ARG TARGETVARIANT']
const CERTS = 'COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt'
const ROOTFS = 'COPY rootfs/ /'
const BINARY = 'COPY bin/${TARGETOS}/${TARGETARCH}/${TARGETVARIANT}/server /server'
const TAIL = ['USER 65532:65532', 'ENTRYPOINT ["/server"]', '']

describe('dockerfile', () => {
  it.each<[string, Partial<DockerfileRequest>, string[]]>([
    [
      'the defaults: certs, Go zoneinfo.zip, nonroot',
      {},
      [
        ...HEAD,
        ...BUILDER,
        ...SCRATCH,
        CERTS,
        'COPY zoneinfo.zip /usr/share/zoneinfo.zip',
        ROOTFS,
        BINARY,
        'ENV ZONEINFO="/usr/share/zoneinfo.zip"',
        ...TAIL
      ]
    ],
    [
      'tzdata full',
      { tzdata: 'full' },
      [
        ...HEAD,
        ...BUILDER,
        ...SCRATCH,
        CERTS,
        'COPY --from=certs /usr/share/zoneinfo /usr/share/zoneinfo',
        ROOTFS,
        BINARY,
        ...TAIL
      ]
    ],
    [
      'tzdata embed (in the binary)',
      { tzdata: 'embed' },
      [...HEAD, ...BUILDER, ...SCRATCH, CERTS, ROOTFS, BINARY, ...TAIL]
    ],
    [
      'no certs, no tzdata: no builder stage at all',
      { certs: false, tzdata: 'none' },
      [...HEAD, ...SCRATCH, ROOTFS, BINARY, ...TAIL]
    ],
    [
      'no certs but full tzdata still needs the builder',
      { certs: false, tzdata: 'full' },
      [
        ...HEAD,
        ...BUILDER,
        ...SCRATCH,
        'COPY --from=certs /usr/share/zoneinfo /usr/share/zoneinfo',
        ROOTFS,
        BINARY,
        ...TAIL
      ]
    ],
    [
      'root',
      { user: '', tzdata: 'none' },
      [...HEAD, ...BUILDER, ...SCRATCH, CERTS, ROOTFS, BINARY, 'ENTRYPOINT ["/server"]', '']
    ],
    [
      'env, workdir, expose and args',
      {
        tzdata: 'none',
        env: ['MODE=prod', 'GREETING=say "hi" $USER \\o/'],
        workdir: '/data',
        expose: ['8080', '9090/udp'],
        args: ['--port', '8080', 'two words']
      },
      [
        ...HEAD,
        ...BUILDER,
        ...SCRATCH,
        CERTS,
        ROOTFS,
        BINARY,
        'ENV MODE="prod"',
        'ENV GREETING="say \\"hi\\" \\$USER \\\\o/"',
        'WORKDIR /data',
        'EXPOSE 8080 9090/udp',
        'USER 65532:65532',
        'ENTRYPOINT ["/server"]',
        'CMD ["--port","8080","two words"]',
        ''
      ]
    ],
    [
      'a ZONEINFO of the user wins over the zip default',
      { env: ['ZONEINFO=/elsewhere.zip'] },
      [
        ...HEAD,
        ...BUILDER,
        ...SCRATCH,
        CERTS,
        'COPY zoneinfo.zip /usr/share/zoneinfo.zip',
        ROOTFS,
        BINARY,
        'ENV ZONEINFO="/elsewhere.zip"',
        ...TAIL
      ]
    ]
  ])('%s', (_name, options, lines) => {
    expect(dockerfile({ ...defaults, ...options })).toBe(lines.join('\n'))
  })

  it('runs nothing in the final stage, whatever the options', () => {
    const text = dockerfile({
      ...defaults,
      tzdata: 'full',
      env: ['A=1'],
      workdir: '/w',
      expose: ['80'],
      args: ['x']
    })
    const finalStage = text.slice(text.indexOf('FROM scratch'))
    const instructions = new Set(
      finalStage
        .split('\n')
        .filter(l => l && !l.startsWith('#'))
        .map(l => l.split(' ')[0])
    )
    expect([...instructions].sort()).toEqual([
      'ARG',
      'CMD',
      'COPY',
      'ENTRYPOINT',
      'ENV',
      'EXPOSE',
      'FROM',
      'USER',
      'WORKDIR'
    ])
  })

  it('cannot be given an instruction through a value: new lines never reach it', () => {
    // Values are validated to be single lines (see inputs); what remains is quoted or JSON.
    const text = dockerfile({ ...defaults, env: ['X=a\\nRUN evil'], args: ['$(id)', '`id`; rm -rf /'] })
    expect(text.split('\n').filter(l => l.startsWith('RUN'))).toEqual([])
    expect(text).toContain('CMD ["$(id)","`id`; rm -rf /"]')
  })
})

describe('buildxArgs', () => {
  const request: ImageRequest = {
    ...defaults,
    builder: 'default',
    contextDir: '/ctx',
    platforms: ['linux/amd64', 'linux/arm/v7'],
    tags: ['r/app:1', 'r/app:latest'],
    labels: ['a=b'],
    annotations: ['index,manifest:k=v'],
    push: true,
    pushByDigest: false,
    load: false,
    provenance: 'false',
    sbom: 'false',
    sourceDateEpoch: 1700000000,
    goroot: '/go'
  }
  const files = { dockerfile: '/ctx/Dockerfile', metadata: '/ctx/m.json', archive: '/ctx/image.oci.tar' }
  const common = [
    'buildx',
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
      'pushes a reproducible OCI index',
      { push: true },
      'type=image,push=true,oci-mediatypes=true,rewrite-timestamp=true,store=false'
    ],
    [
      'writes a reproducible OCI archive',
      { push: false },
      'type=oci,dest=/ctx/image.oci.tar,rewrite-timestamp=true'
    ],
    ['loads into the engine', { push: false, load: true }, 'type=docker']
  ])('%s', (_name, change, output) => {
    expect(buildxArgs({ ...request, ...change }, files)).toEqual([
      ...common,
      '--output',
      output,
      '--progress=plain',
      '/ctx'
    ])
  })

  it('writes a matrix leg to an OCI archive, untagged, to push it by digest afterwards', () => {
    const args = buildxArgs({ ...request, push: true, pushByDigest: true }, files)
    expect(args).not.toContain('--tag')
    expect(args.slice(args.indexOf('--output'))).toEqual([
      '--output',
      'type=oci,dest=/ctx/image.oci.tar,rewrite-timestamp=true',
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
