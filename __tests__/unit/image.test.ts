import { describe, expect, it } from '@jest/globals'
import { buildxArgs } from '../../src/image/buildx.js'
import { dockerfile } from '../../src/image/dockerfile.js'

describe('dockerfile', () => {
  const text = dockerfile({ builderImage: 'gcr.io/distroless/static-debian12', binaryName: 'server' })

  it('is the expected text', () => {
    expect(text).toBe(
      [
        '# Written by go-mini-action. The final stage only copies files: nothing is emulated.',
        'FROM --platform=$BUILDPLATFORM gcr.io/distroless/static-debian12 AS certs',
        '',
        'FROM scratch',
        'ARG TARGETOS',
        'ARG TARGETARCH',
        'ARG TARGETVARIANT',
        'COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'COPY --from=certs /usr/share/zoneinfo /usr/share/zoneinfo',
        'COPY bin/${TARGETOS}/${TARGETARCH}/${TARGETVARIANT}/server /server',
        'USER 65532:65532',
        'ENTRYPOINT ["/server"]',
        ''
      ].join('\n')
    )
  })

  it('runs nothing in the final stage', () => {
    const finalStage = text.slice(text.indexOf('FROM scratch'))
    const instructions = finalStage
      .split('\n')
      .filter(l => l && !l.startsWith('#'))
      .map(l => l.split(' ')[0])
    expect(new Set(instructions)).toEqual(new Set(['FROM', 'ARG', 'COPY', 'USER', 'ENTRYPOINT']))
  })
})

describe('buildxArgs', () => {
  const request = {
    contextDir: '/ctx',
    platforms: ['linux/amd64', 'linux/arm/v7'],
    tags: ['r/app:1', 'r/app:latest'],
    labels: ['a=b'],
    builderImage: 'base',
    binaryName: 'app'
  }
  const files = { dockerfile: '/ctx/Dockerfile', metadata: '/ctx/m.json', archive: '/ctx/image.oci.tar' }
  const common = [
    'buildx',
    'build',
    '--file',
    '/ctx/Dockerfile',
    '--platform',
    'linux/amd64,linux/arm/v7',
    '--metadata-file',
    '/ctx/m.json',
    '--provenance=false',
    '--tag',
    'r/app:1',
    '--tag',
    'r/app:latest',
    '--label',
    'a=b'
  ]

  it('pushes an OCI index when push is true', () => {
    expect(buildxArgs({ ...request, push: true }, files)).toEqual([
      ...common,
      '--output',
      'type=image,push=true,oci-mediatypes=true',
      '/ctx'
    ])
  })
  it('writes an OCI archive when push is false', () => {
    expect(buildxArgs({ ...request, push: false }, files)).toEqual([
      ...common,
      '--output',
      'type=oci,dest=/ctx/image.oci.tar',
      '/ctx'
    ])
  })
})
