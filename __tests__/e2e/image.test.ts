// The image itself: reproducible digests, the size each tzdata choice costs over the binary,
// attestations, loading into the engine, and binaries that need cgo or libc.
import { beforeAll, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import * as core from '../../__fixtures__/core.js'
import type { ActionRun } from '../../scripts/run-action.js'
import { bench, runBundledAction, uniqueRepo } from './helpers/bench.js'
import { blob, manifest } from './helpers/registry.js'
import { untar } from '../../src/docker/tar.js'
import { programOutput } from '../../scripts/lib/program.js'
import { compileRequest } from '../helpers/requests.js'

jest.unstable_mockModule('@actions/core', () => core)
const { compileAll } = await import('../../src/compile/compile.js')
const { compileJobs } = await import('../../src/compile/plan.js')
const { parsePlatforms } = await import('../../src/platform.js')

const runnerDir = mkdtempSync(join(tmpdir(), 'e2e-runner-'))
const GIT = {
  GITHUB_SHA: '89abcdef0123456789abcdef0123456789abcdef',
  GITHUB_REF_TYPE: 'branch',
  GITHUB_REF_NAME: 'main'
}

function ok(run: ActionRun): ActionRun {
  if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
  return run
}

/** The single-platform image of a run's OCI archive: its config's size, and each layer as stored and its files. */
function archivedImage(run: ActionRun) {
  const archive = untar(readFileSync(run.outputs.archive))
  const blob = (digest: string) => archive.get(`blobs/sha256/${digest.replace('sha256:', '')}`) as Buffer
  const m = JSON.parse(blob(run.outputs.digest).toString()) as {
    config: { size: number }
    layers: { digest: string }[]
  }
  const layers = m.layers.map(layer => ({
    blob: blob(layer.digest),
    files: untar(gunzipSync(blob(layer.digest)))
  }))
  return { configSize: m.config.size, layers }
}

describe('reproducible', () => {
  /** The action pushing the fixture to repo:tag, for two platforms unless `inputs` say otherwise. */
  const pushed = async (repo: string, tag: string, inputs: Record<string, string> = {}) =>
    ok(
      await runBundledAction(
        { platforms: 'linux/amd64,linux/arm64', tags: `${repo}:${tag}`, push: 'true', ...inputs },
        GIT,
        { runnerDir }
      )
    )

  it('gives the same index digest when the same commit is built twice', async () => {
    const repo = uniqueRepo(bench().registry, 'repro')
    const first = await pushed(repo, 'a')
    const second = await pushed(repo, 'b')
    expect(second.outputs.digest).toBe(first.outputs.digest)
  }, 300_000)

  it("keeps the digest when docker/metadata-action's labels carry each run's own time", async () => {
    const repo = uniqueRepo(bench().registry, 'repro-created')
    // metadata-action's labels and annotations output, as the README's pairing passes them on.
    const metadata = (created: string) => ({
      labels: `org.opencontainers.image.title=hello\norg.opencontainers.image.created=${created}`,
      annotations: `manifest:org.opencontainers.image.created=${created}`
    })
    const first = await pushed(repo, 'a', metadata('2026-11-28T10:00:00.000Z'))
    const second = await pushed(repo, 'b', metadata('2026-11-28T10:07:31.000Z'))
    expect(second.outputs.digest).toBe(first.outputs.digest)
    // One notice for the label and the annotation, not one each.
    const notices = second.log.split('\n').filter(line => line.includes("replaced by the commit's time"))
    expect(notices).toEqual([
      expect.stringMatching(
        /^::notice::"org\.opencontainers\.image\.created=2026-11-28T10:07:31\.000Z", "manifest:org\.opencontainers\.image\.created=2026-11-28T10:07:31\.000Z": replaced by the commit's time/
      )
    ])
  }, 300_000)

  it("gives another commit's image its date and the layers of an empty builder from a builder that kept them", async () => {
    // Every file of the context carries one fixed time (1970): BuildKit's cache keys leave file times out,
    // so the second build below reuses the first's layers, which must be the ones a build on an empty
    // builder makes (and not those of an earlier version of the action, which gave files the commit's time).
    const repo = uniqueRepo(bench().registry, 'repro-epoch')
    const commit = (epoch: number) => ({ platforms: 'linux/amd64', 'source-date-epoch': String(epoch) })
    await pushed(repo, 'first', commit(1_700_000_000))
    const warm = await pushed(repo, 'second', commit(1_700_000_100))
    await programOutput('docker', ['buildx', 'prune', '--all', '--force'])
    const fresh = await pushed(repo, 'second-fresh', commit(1_700_000_100))
    expect(warm.outputs.digest).toBe(fresh.outputs.digest)
    const top = (await manifest(`${repo}:second`)).body
    const entry = top.manifests?.find(m => m.platform?.os !== 'unknown')
    const image = entry ? (await manifest(`${repo}@${entry.digest}`)).body : top
    expect(image.layers?.length).toBeGreaterThan(0)
    const config = JSON.parse((await blob(`${repo}:second`, image.config?.digest ?? '')).toString())
    expect(config.created).toBe('2023-11-14T22:15:00Z')
    const work = mkdtempSync(join(tmpdir(), 'e2e-layer-'))
    for (const [n, layer] of (image.layers ?? []).entries()) {
      writeFileSync(join(work, `${n}.tar`), gunzipSync(await blob(`${repo}:second`, layer.digest)))
      const listing = await programOutput('tar', ['-tvf', join(work, `${n}.tar`), '--full-time', '--utc'])
      // The CA bundle keeps the builder image's own time, as constant as the image's digest.
      const lines = listing
        .trim()
        .split('\n')
        .filter(line => !line.endsWith(' etc/ssl/certs/ca-certificates.crt'))
      expect(lines.length).toBeGreaterThan(0)
      expect(lines.filter(line => !line.includes(' 1970-01-01 00:00:00 '))).toEqual([])
    }
  }, 300_000)
})

describe('tzdata and certs: what each choice costs', () => {
  const choices = [
    { tzdata: 'zip', certs: 'true' },
    { tzdata: 'full', certs: 'true' },
    { tzdata: 'embed', certs: 'true' },
    { tzdata: 'none', certs: 'false' }
  ]
  interface Measured {
    choice: (typeof choices)[number]
    run: ActionRun
    binary: number
    /** Compressed bytes of everything but the binary's layer: config and the other layers. */
    overhead: number
    /** Uncompressed bytes of the files besides the binary. */
    overheadFiles: number
    files: string[]
  }
  const results: Measured[] = []
  beforeAll(async () => {
    for (const choice of choices) {
      const run = ok(
        await runBundledAction({ platforms: 'linux/amd64', push: 'false', ...choice }, GIT, {
          runnerDir,
          post: false
        })
      )
      const image = archivedImage(run)
      let overhead = image.configSize
      let overheadFiles = 0
      const files: string[] = []
      for (const layer of image.layers) {
        files.push(...layer.files.keys())
        if (layer.files.has('hello')) continue
        overhead += layer.blob.length
        for (const data of layer.files.values()) overheadFiles += data.length
      }
      results.push({
        choice,
        run,
        binary: JSON.parse(run.outputs.binaries)['linux/amd64'].hello.size,
        overhead,
        overheadFiles,
        files
      })
    }
    console.log(
      [
        'linux/amd64 image over its binary, per choice (compressed as pushed; files uncompressed):',
        ...results.map(
          r =>
            `  tzdata ${r.choice.tzdata}, certs ${r.choice.certs}: binary ${r.binary} B, ` +
            `overhead ${r.overhead} B compressed, ${r.overheadFiles} B of files`
        )
      ].join('\n')
    )
  }, 600_000)

  it('keeps the default (zip + certs) within 700 KB over the binary', () => {
    expect(results[0].files).toEqual(
      expect.arrayContaining(['usr/share/zoneinfo.zip', 'etc/ssl/certs/ca-certificates.crt'])
    )
    expect(results[0].overheadFiles).toBeLessThan(700 * 1024)
    expect(results[0].overhead).toBeLessThan(700 * 1024)
  })

  it('makes zip cheaper than full zoneinfo', () => {
    expect(results[1].files).toContain('usr/share/zoneinfo/Asia/Tokyo')
    expect(results[0].overhead).toBeLessThan(results[1].overhead)
  })

  it('puts tzdata in the binary with embed, and copies nothing from the builder with none', () => {
    expect(results[2].binary - results[0].binary).toBeGreaterThan(300_000)
    expect(results[2].files.filter(f => f.includes('zoneinfo'))).toEqual([])
    expect(results[3].files.sort()).toEqual(['etc/group', 'etc/passwd', 'hello'])
    expect(readFileSync(results[3].run.outputs.dockerfile, 'utf8')).not.toContain('AS certs')
  })
})

describe('layer compression', () => {
  /** The binary's layer as stored, of a linux/amd64 archive built with `inputs`. */
  const binaryLayer = async (inputs: Record<string, string>) => {
    const run = ok(
      await runBundledAction({ platforms: 'linux/amd64', push: 'false', ...inputs }, GIT, {
        runnerDir,
        post: false
      })
    )
    return archivedImage(run).layers.find(layer => layer.files.has('hello'))?.blob ?? Buffer.alloc(0)
  }
  // gzip's header byte XFL (RFC 1952): 4 where the writer used its fastest level, 2 its best compression.
  const XFL = 8

  it("writes the binary's layer at gzip's fastest by default, at the level asked otherwise", async () => {
    // Each its own binary (another version): a layer BuildKit kept keeps the level it was written at.
    const fastest = await binaryLayer({ version: 'v1.0.1-fast' })
    const best = await binaryLayer({ version: 'v1.0.1-best', 'compression-level': '9' })
    expect([fastest[0], fastest[1], fastest[XFL]]).toEqual([0x1f, 0x8b, 4])
    expect([best[0], best[1], best[XFL]]).toEqual([0x1f, 0x8b, 2])
    expect(best.length).toBeLessThan(fastest.length)
  }, 300_000)
})

describe('attestations', () => {
  it('adds a provenance attestation to the index when asked, and leaves it out of the sizes', async () => {
    const repo = uniqueRepo(bench().registry, 'provenance')
    const run = ok(
      await runBundledAction(
        { platforms: 'linux/amd64,linux/arm64', tags: `${repo}:1`, push: 'true', provenance: 'mode=min' },
        GIT,
        { runnerDir }
      )
    )
    const index = (await manifest(`${repo}:1`)).body as {
      manifests: { platform: { os: string; architecture: string } }[]
    }
    const platforms = index.manifests.map(m => `${m.platform.os}/${m.platform.architecture}`)
    // One provenance attestation manifest per platform, beside the platforms' own.
    expect(platforms.sort()).toEqual(['linux/amd64', 'linux/arm64', 'unknown/unknown', 'unknown/unknown'])
    expect(Object.keys(JSON.parse(run.outputs.manifests))).toEqual(['linux/amd64', 'linux/arm64'])
  }, 300_000)
})

describe('load: true', () => {
  it('loads a single-platform image into the local engine under its tag', async () => {
    const tag = `go-mini-e2e/loaded:${Date.now().toString(36)}`
    const run = ok(
      await runBundledAction({ platforms: 'linux/arm64', tags: tag, load: 'true' }, GIT, { runnerDir })
    )
    expect(run.outputs.archive).toBe('')
    const inspected = JSON.parse(await programOutput('docker', ['image', 'inspect', tag]))[0]
    expect([inspected.Os, inspected.Architecture, inspected.Config.User]).toEqual([
      'linux',
      'arm64',
      '65532:65532'
    ])
    await programOutput('docker', ['image', 'rm', tag])
  }, 300_000)
})

describe('binaries that cannot run FROM scratch', () => {
  it('says before building that a package needs cgo, then fails the build naming the platform', async () => {
    const run = await runBundledAction(
      {
        'working-directory': '__tests__/e2e/fixtures/cgo',
        main: './cmd/native',
        platforms: 'linux/amd64',
        push: 'false'
      },
      GIT,
      { runnerDir }
    )
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(
      '::warning::these packages have cgo files, which the static build leaves out (CGO_ENABLED=0): example.com/cgo/cmd/native.'
    )
    expect(run.log).toContain('::error::go build for linux/amd64 failed:')
  }, 300_000)

  const stubbed = (cgo: string) =>
    runBundledAction(
      {
        'working-directory': '__tests__/e2e/fixtures/cgo',
        main: './cmd/stubbed',
        platforms: 'linux/amd64',
        push: 'false',
        cgo
      },
      GIT,
      { runnerDir, post: false }
    )

  it('warns of a package that compiles a stub without cgo, naming it: the image would fail at run time', async () => {
    const run = await stubbed('warn')
    if (run.exitCode !== 0) throw new Error(run.log)
    expect(run.log).toMatch(
      /::warning::these packages have cgo files, [^\n]*example\.com\/cgo\/stub\.[^\n]*fail at run time in the image/
    )
  }, 300_000)

  it('stops before compiling on such a package with cgo: error', async () => {
    const run = await stubbed('error')
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(
      /::error::cgo: error: these packages have cgo files, [^\n]*example\.com\/cgo\/stub/
    )
    expect(run.log).not.toMatch(/^\[command\]\S*\/go build /m)
  }, 300_000)

  it('rejects a binary linked against libc with cgo, naming the platform and the loader', async () => {
    const b = bench()
    const contextDir = mkdtempSync(join(tmpdir(), 'ctx-'))
    const fixture = join(process.cwd(), '__tests__/e2e/fixtures/cgo')
    const request = {
      ...compileRequest(fixture),
      mains: [{ package: './cmd/native', name: 'native' }],
      platforms: parsePlatforms(['linux/amd64'])
    }
    const [job] = compileJobs(request, 'dev', contextDir)
    // The action always sets CGO_ENABLED=0; a job that turns it on shows what the ELF check catches.
    const withCgo = { ...job, env: { ...job.env, CGO_ENABLED: '1' } }
    await expect(compileAll(b.goBinary, fixture, [withCgo])).rejects.toThrow(
      /^the binary native for linux\/amd64 cannot run FROM scratch: it is dynamically linked \(interpreter \/lib64\/ld-linux-x86-64\.so\.2\)$/
    )
  }, 300_000)
})
