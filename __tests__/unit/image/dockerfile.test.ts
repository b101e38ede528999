import { describe, expect, it } from '@jest/globals'
import { dockerfile, type DockerfileRequest } from '../../../src/image/dockerfile.js'
import { dockerfileRequest } from '../../helpers/requests.js'

const defaults = dockerfileRequest

const HEAD = ['# Written by go-mini-action. The final stage only copies files: nothing is emulated.']
const SCRATCH = ['FROM scratch', 'ARG TARGETOS', 'ARG TARGETARCH', 'ARG TARGETVARIANT']
const CERTS = 'COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt'
const ZONEINFO = 'COPY --from=certs /usr/share/zoneinfo /usr/share/zoneinfo'
const ROOTFS = 'COPY --chown=0:0 rootfs/ /'
/** The builder's files, with the context's tree last (its folders carry the commit's time). */
const SYSTEM = (...copies: string[]) => [
  'FROM --platform=$BUILDPLATFORM gcr.io/distroless/static-debian12 AS certs',
  '',
  'FROM scratch AS system',
  ...copies,
  ROOTFS,
  '',
  ...SCRATCH,
  'COPY --from=system / /'
]
const BINARY = 'COPY bin/${TARGETOS}/${TARGETARCH}${TARGETVARIANT}/server /server'
const TAIL = ['USER 65532:65532', 'ENTRYPOINT ["/server"]', '']
/** The default Dockerfile (certs, Go's zoneinfo.zip in rootfs/), with ZONEINFO set to `zoneinfo`. */
const withZip = (zoneinfo: string) => [
  ...HEAD,
  ...SYSTEM(CERTS),
  BINARY,
  `ENV ZONEINFO="${zoneinfo}"`,
  ...TAIL
]

describe('dockerfile', () => {
  it.each<[string, Partial<DockerfileRequest>, string[]]>([
    ['the defaults: certs, Go zoneinfo.zip, nonroot', {}, withZip('/usr/share/zoneinfo.zip')],
    ['tzdata full', { tzdata: 'full' }, [...HEAD, ...SYSTEM(CERTS, ZONEINFO), BINARY, ...TAIL]],
    ['tzdata embed (in the binary)', { tzdata: 'embed' }, [...HEAD, ...SYSTEM(CERTS), BINARY, ...TAIL]],
    [
      'no certs, no tzdata: no builder stage at all',
      { certs: false, tzdata: 'none' },
      [...HEAD, ...SCRATCH, ROOTFS, BINARY, ...TAIL]
    ],
    [
      'no certs but full tzdata still needs the builder',
      { certs: false, tzdata: 'full' },
      [...HEAD, ...SYSTEM(ZONEINFO), BINARY, ...TAIL]
    ],
    ['root', { user: '', tzdata: 'none' }, [...HEAD, ...SYSTEM(CERTS), BINARY, 'ENTRYPOINT ["/server"]', '']],
    [
      'env, workdir, volumes, expose and args',
      {
        tzdata: 'none',
        env: ['MODE=prod', 'GREETING=say "hi" $USER \\o/'],
        workdir: '/data',
        volumes: ['/var/lib/store', '/tmp/spool'],
        expose: ['8080', '9090/udp'],
        args: ['--port', '8080', 'two words']
      },
      [
        ...HEAD,
        ...SYSTEM(CERTS),
        BINARY,
        'ENV MODE="prod"',
        'ENV GREETING="say \\"hi\\" \\$USER \\\\o/"',
        'WORKDIR /data',
        'VOLUME ["/var/lib/store","/tmp/spool"]',
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
      withZip('/elsewhere.zip')
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
    const finalStage = text.slice(text.lastIndexOf('FROM scratch'))
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

describe('several binaries and extra files', () => {
  it('copies each binary to /<name>; the extra files come with rootfs/; the first binary is the entrypoint', () => {
    const text = dockerfile({
      ...defaults,
      binaries: ['api', 'migrate'],
      files: [
        { source: '/w/assets', dest: '/srv/assets', folder: true },
        { source: '/w/config.yaml', dest: '/etc/app/config.yaml', folder: false }
      ]
    })
    const lines = text.split('\n')
    expect(lines.filter(l => l.startsWith('COPY') && !l.startsWith('COPY --from=certs'))).toEqual([
      ROOTFS,
      'COPY --from=system / /',
      'COPY bin/${TARGETOS}/${TARGETARCH}${TARGETVARIANT}/api /api',
      'COPY bin/${TARGETOS}/${TARGETARCH}${TARGETVARIANT}/migrate /migrate'
    ])
    expect(lines).toContain('ENTRYPOINT ["/api"]')
    // Still nothing that runs on the target platform.
    expect(lines.filter(l => /^[A-Z]+ /.test(l)).map(l => l.split(' ')[0])).not.toContain('RUN')
  })
})
