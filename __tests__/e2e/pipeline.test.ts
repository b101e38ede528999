// The whole pipeline against the real bench: the bundled action installs Go from the loopback
// mirror, cross-compiles the example for three platforms, pushes one index to the local registry,
// and the images serve on amd64 and (under qemu) arm64.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { marked } from 'marked'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ActionRun } from '../../scripts/run-action.js'
import { readElf, staticProblem } from '../../src/compile/elf.js'
import { parsePlatform } from '../../src/platform.js'
import {
  bench,
  BUILDX_BUILD,
  cachedGoVersions,
  fileSize,
  mirrorRequestsSince,
  runBundledAction,
  uniqueRepo
} from './helpers/bench.js'
import { serveOnce, startTlsPeer } from './helpers/containers.js'
import { manifest, readIndex, type PlatformImage } from './helpers/registry.js'

const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7']
const SHA = '0123456789abcdef0123456789abcdef01234567'

let run: ActionRun
let repo: string
let runnerDir: string
let mirrorRequests: string[]
let index: Awaited<ReturnType<typeof readIndex>>

beforeAll(async () => {
  const b = bench()
  repo = uniqueRepo(b.registry, 'hello')
  runnerDir = mkdtempSync(join(tmpdir(), 'e2e-runner-'))
  // The event payload as the runner writes it for a tag push: the repository's description and licence.
  const eventFile = join(runnerDir, 'event.json')
  writeFileSync(
    eventFile,
    JSON.stringify({ repository: { description: 'The example app', license: { spdx_id: 'MIT' } } })
  )
  const mirrorLogBefore = fileSize(b.goMirrorLog)
  run = await runBundledAction(
    {
      platforms: PLATFORMS.join(','),
      tags: `${repo}:1.2.3\n${repo}:latest`,
      push: 'true',
      labels: 'team=examples'
    },
    { GITHUB_SHA: SHA, GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v1.2.3', GITHUB_EVENT_PATH: eventFile },
    { runnerDir }
  )
  mirrorRequests = mirrorRequestsSince(b.goMirrorLog, mirrorLogBefore)
  if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
  index = await readIndex(`${repo}:1.2.3`)
}, 600_000)

describe('set up Go', () => {
  it('resolves go.mod "go 1.24" to the newest 1.24 release on the mirror, and says so', () => {
    expect(run.outputs['go-version']).toBe('1.24.4')
    expect(run.log).toContain('Go requested: 1.24')
  })

  it('downloads the archive once from the configured mirror and keeps it in the tool cache', () => {
    // Through the mirror's redirect to another host, as go.dev sends downloads to dl.google.com.
    expect(
      mirrorRequests.filter(l => l.includes('go1.24.4.linux-amd64.tar.gz')).map(l => l.split(' ').at(-1))
    ).toEqual(['302', '200'])
    expect(cachedGoVersions(join(runnerDir, 'tool-cache'))).toEqual(['1.24.4'])
  })
})

describe('build', () => {
  it('stamps the git tag as the version', () => {
    expect(run.outputs.version).toBe('v1.2.3')
  })

  it('reports one binary per platform, with its size', () => {
    const binaries = JSON.parse(run.outputs.binaries) as Record<
      string,
      Record<string, { path: string; size: number }>
    >
    expect(Object.keys(binaries)).toEqual(PLATFORMS)
    for (const [platform, { hello }] of Object.entries(binaries)) {
      const { path, size } = hello
      // bin/<os>/<arch><variant>/<name> in the build context, as the Dockerfile copies it.
      const [os, arch, variant = ''] = platform.split('/')
      expect(path).toMatch(new RegExp(`/bin/${os}/${arch}${variant}/hello$`))
      expect(size).toBeGreaterThan(1_000_000)
    }
  })
})

describe('image', () => {
  it('outputs the index digest and name@digest', () => {
    expect(run.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(run.outputs.digest).toBe(index.digest)
    expect(run.outputs.image).toBe(`${repo}@${index.digest}`)
    // metadata read the way build-push-action's users read it.
    const metadata = JSON.parse(run.outputs.metadata) as Record<string, string>
    expect(metadata['containerimage.digest']).toBe(index.digest)
    expect(metadata['image.name']).toContain(repo)
  })

  it('is an OCI index of exactly the requested platforms, with the arm variant', () => {
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(index.images.map(i => i.platform)).toEqual(PLATFORMS)
    const arm = index.images.find(i => i.platform === 'linux/arm/v7') as PlatformImage
    expect([arm.config.architecture, arm.config.variant]).toEqual(['arm', 'v7'])
  })

  it('is reachable under every tag', async () => {
    expect((await readIndex(`${repo}:latest`)).digest).toBe(index.digest)
  })

  it.each(PLATFORMS)(
    '%s holds a static binary of the right machine type, the CA bundle, zoneinfo.zip and users, nothing else',
    platform => {
      const image = index.images.find(i => i.platform === platform) as PlatformImage
      const binary = image.files.get('hello') as Buffer
      expect(binary).toBeDefined()
      expect(staticProblem(readElf(binary), parsePlatform(platform).elfMachine)).toBeUndefined()
      expect(binary.includes(Buffer.from('v1.2.3'))).toBe(true)
      const bundle = image.files.get('etc/ssl/certs/ca-certificates.crt')?.toString() ?? ''
      const testCa = readFileSync(join(bench().tlsDir, 'ca.pem'), 'utf8').trim()
      expect(bundle).toContain(testCa)
      expect(image.files.get('usr/share/zoneinfo.zip')?.subarray(0, 2).toString()).toBe('PK')
      expect(image.files.get('etc/passwd')?.toString()).toContain('nonroot:x:65532:65532:')
      expect(image.files.get('etc/group')?.toString()).toContain('nonroot:x:65532:')
      expect([...image.files.keys()].sort()).toEqual([
        'etc/group',
        'etc/passwd',
        'etc/ssl/certs/ca-certificates.crt',
        'hello',
        'usr/share/zoneinfo.zip'
      ])
    }
  )

  it('runs as the nonroot user, with the binary as entrypoint, ZONEINFO, and the OCI labels of the build', () => {
    for (const image of index.images) {
      expect(image.config.config.User).toBe('65532:65532')
      expect(image.config.config.Entrypoint).toEqual(['/hello'])
      expect(image.config.config.Env).toContain('ZONEINFO=/usr/share/zoneinfo.zip')
      expect((image.config.config as { Labels?: Record<string, string> }).Labels).toEqual({
        'org.opencontainers.image.source': 'https://github.com/acme/go-mini-action-example',
        'org.opencontainers.image.revision': SHA,
        'org.opencontainers.image.version': 'v1.2.3',
        'org.opencontainers.image.created': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        'org.opencontainers.image.title': 'hello',
        'org.opencontainers.image.description': 'The example app',
        'org.opencontainers.image.licenses': 'MIT',
        team: 'examples'
      })
    }
  })

  it('carries the same facts as annotations on the index and each manifest', async () => {
    const top = (await manifest(`${repo}:1.2.3`)).body as {
      annotations?: Record<string, string>
      manifests: { digest: string }[]
    }
    expect(top.annotations).toMatchObject({
      'org.opencontainers.image.version': 'v1.2.3',
      'org.opencontainers.image.revision': SHA
    })
    const first = (await manifest(`${repo}@${top.manifests[0].digest}`)).body as {
      annotations?: Record<string, string>
    }
    expect(first.annotations).toMatchObject({ 'org.opencontainers.image.version': 'v1.2.3' })
  })

  it('outputs each platform image with its manifest digest and size', () => {
    const manifests = JSON.parse(run.outputs.manifests) as Record<string, { digest: string; size: number }>
    expect(Object.keys(manifests)).toEqual(PLATFORMS)
    for (const image of index.images) expect(manifests[image.platform].digest).toBe(image.digest)
    for (const p of PLATFORMS) expect(manifests[p].size).toBeGreaterThan(1_000_000)
  })
})

describe('the images serve', () => {
  let peer: Awaited<ReturnType<typeof startTlsPeer>>
  beforeAll(async () => {
    peer = await startTlsPeer(bench().tlsDir)
  })
  afterAll(() => {
    peer.server.close()
  })

  it.each([
    ['linux/amd64', 18081],
    ['linux/arm64', 18082]
  ])(
    '%s: verifies a TLS peer signed by the bench CA, loads a time zone, answers as uid 65532, writes to /tmp',
    async (platform, port) => {
      const served = await serveOnce(`${repo}:1.2.3`, platform, port, [`-ping=${peer.url}`, '-tz=Asia/Tokyo'])
      expect(served.status).toBe(200)
      expect(served.body).toMatchObject({
        version: 'v1.2.3',
        platform,
        zone: 'Asia/Tokyo',
        ping: '200 OK',
        uid: '65532',
        tmp: 'writable'
      })
    },
    120_000
  )
})

describe('what the user sees', () => {
  it('a job summary that renders to HTML tables: Go, each platform with binary and image, pull lines, stages', async () => {
    const html = await marked.parse(run.summary)
    expect(html).toContain('Go 1.24.4, downloaded.')
    // The versions a digest depends on: the engine and its BuildKit.
    expect(html).toMatch(
      /Docker Engine 26\.[\d.]+\S* \(containerd image store\), BuildKit 0\.13, builder <code>default<\/code> \(docker driver\)\./
    )
    for (const platform of PLATFORMS) {
      expect(html).toMatch(
        new RegExp(
          `<td>${platform}</td>\\s*<td><code>hello</code></td>\\s*<td>[\\d.]+ MiB</td>\\s*<td>[\\d.]+ s</td>\\s*<td>[\\d.]+ (KiB|MiB)</td>`
        )
      )
    }
    expect(html).toContain(`docker pull ${repo}:1.2.3`)
    for (const stage of [
      'Set up Go',
      'Restore Go caches',
      'Build hello v1.2.3',
      'Build the image',
      'Push the image'
    ]) {
      expect(html).toMatch(new RegExp(`<td>${stage}</td>\\s*<td>[\\d.]+ s</td>`))
    }
  })

  it('a log in collapsible groups, saying which builder built the image', () => {
    for (const group of ['Set up Go', 'Build hello v1.2.3', 'Build and push the image'])
      expect(run.log).toContain(`::group::${group}`)
    expect(run.log).toContain('Using builder default (driver docker, containerd image store)')
    expect(run.log).toMatch(new RegExp(`${BUILDX_BUILD.source}--builder default `))
  })
})

describe('post', () => {
  it('removes the build context after the job', () => {
    expect(run.postExitCode).toBe(0)
    expect(existsSync(run.outputs.dockerfile)).toBe(false)
    expect(run.postLog).toContain('Removed the build context')
  })
})
