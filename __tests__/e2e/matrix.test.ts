// The README's matrix workflow, run here: each leg a separate process with its own GITHUB_*
// environment, the legs handing their digests to the merge through the loopback cache service.
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parse } from 'yaml'
import { programOutput } from '../../scripts/lib/program.js'
import type { ActionRun } from '../../scripts/run-action.js'
import { handoffKey, handoffPath, type LegRecord } from '../../src/matrix/handoff.js'
import { bench, runBundledAction, uniqueRepo } from './helpers/bench.js'
import { manifest, readIndex } from './helpers/registry.js'
import { httpGet } from '../helpers/http.js'

interface Workflow {
  jobs: {
    build: {
      strategy: { matrix: { include: { platform: string; runner: string }[] } }
      steps: { uses?: string; with?: Record<string, string> }[]
    }
    merge: { steps: { uses?: string; with?: Record<string, string> }[] }
  }
}

/** The README's matrix workflow (the yaml block under "## Matrix"). */
function readmeWorkflow(): Workflow {
  const section = readFileSync('README.md', 'utf8').split('\n## Matrix')[1]
  return parse(section.split('```yaml\n')[1].split('```')[0]) as Workflow
}

const actionWith = (steps: { uses?: string; with?: Record<string, string> }[]) =>
  steps.find(s => s.uses?.startsWith('acme/go-mini-action'))?.with as Record<string, string>

/** Fills in what GitHub would: the matrix value, the tag name, and the local registry for ghcr.io. */
function expand(inputs: Record<string, string>, repo: string, platform = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [
      k,
      String(v)
        .replace('${{ matrix.platform }}', platform)
        .replaceAll('${{ github.ref_name }}', 'v1.0.0')
        .replaceAll('ghcr.io/acme/hello', repo)
    ])
  )
}

function cacheEnv(runId: string, runner: string): Record<string, string> {
  return {
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: bench().cacheUrl,
    ACTIONS_RUNTIME_TOKEN: 'loopback-token',
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'fedcba9876543210fedcba9876543210fedcba98',
    GITHUB_REF_TYPE: 'tag',
    GITHUB_REF_NAME: 'v1.0.0',
    RUNNER_ARCH: runner.endsWith('-arm') ? 'ARM64' : 'X64'
  }
}

async function tagsOf(repo: string): Promise<string[]> {
  const [registry, ...path] = repo.split('/')
  const response = await httpGet(`http://${registry}/v2/${path.join('/')}/tags/list`)
  return response.ok ? ((response.json() as { tags: string[] | null }).tags ?? []) : []
}

const workflow = readmeWorkflow()
const legs = workflow.jobs.build.strategy.matrix.include
const legInputs = actionWith(workflow.jobs.build.steps)
const mergeInputs = actionWith(workflow.jobs.merge.steps)

describe("the README's matrix workflow", () => {
  it('builds each leg by digest, untagged, then merges them into one index under every tag', async () => {
    const repo = uniqueRepo(bench().registry, 'matrix')
    const runId = `${Date.now()}`
    const legRuns: ActionRun[] = []
    for (const leg of legs) {
      const run = await runBundledAction(expand(legInputs, repo, leg.platform), cacheEnv(runId, leg.runner))
      if (run.exitCode !== 0) throw new Error(`the ${leg.platform} leg failed:\n${run.log}`)
      expect(run.log).toContain('Handed sha256:')
      legRuns.push(run)
    }
    expect(legs.map(l => l.platform)).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7'])
    expect(await tagsOf(repo)).toEqual([])

    // A merge that does not list the platforms would tag an index without the third leg: it is refused.
    const unlisted = Object.fromEntries(
      Object.entries(expand(mergeInputs, repo)).filter(([k]) => k !== 'platforms')
    )
    const refused = await runBundledAction(unlisted, cacheEnv(runId, 'ubuntu-latest'))
    expect(refused.exitCode).toBe(1)
    expect(refused.log).toContain(
      '::error::platforms: mode: merge needs every platform the matrix legs built'
    )
    expect(await tagsOf(repo)).toEqual([])

    const merge = await runBundledAction(expand(mergeInputs, repo), cacheEnv(runId, 'ubuntu-latest'))
    if (merge.exitCode !== 0) throw new Error(`the merge failed:\n${merge.log}`)
    const index = await readIndex(`${repo}:v1.0.0`)
    expect(index.images.map(i => i.platform)).toEqual(legs.map(l => l.platform))
    expect(index.images.map(i => i.digest)).toEqual(legRuns.map(r => r.outputs.digest))
    expect(merge.outputs.digest).toBe(index.digest)
    expect(merge.outputs.image).toBe(`${repo}@${index.digest}`)
    expect((await readIndex(`${repo}:latest`)).digest).toBe(index.digest)
    expect((await tagsOf(repo)).sort()).toEqual(['latest', 'v1.0.0'])
    // What the summaries say: each leg that it pushed by digest (no pull lines for tags that do not
    // exist yet), the merge the index, each platform's digest and the tags.
    for (const run of legRuns) {
      expect(run.summary).toContain(`Pushed \`${run.outputs.digest}\` by digest (no tag) to \`${repo}\``)
      expect(run.summary).not.toContain('docker pull')
    }
    expect(merge.summary).toContain(`Created index \`${index.digest}\` from the matrix legs:`)
    for (const image of index.images)
      expect(merge.summary).toContain(`| ${image.platform} | \`${image.digest}\` |`)
    expect(merge.summary).toContain(`docker pull ${repo}:v1.0.0\ndocker pull ${repo}:latest`)
    // Legs and merge remove the records they wrote or restored, and their folder.
    expect(existsSync(`/tmp/go-mini-action/handoff-${runId}`)).toBe(false)
  }, 600_000)

  it('fails naming a missing leg, and tags nothing', async () => {
    const repo = uniqueRepo(bench().registry, 'partial')
    const runId = `${Date.now()}`
    for (const leg of legs.slice(0, 2)) {
      const run = await runBundledAction(expand(legInputs, repo, leg.platform), cacheEnv(runId, leg.runner))
      if (run.exitCode !== 0) throw new Error(`the ${leg.platform} leg failed:\n${run.log}`)
    }
    const merge = await runBundledAction(expand(mergeInputs, repo), cacheEnv(runId, 'ubuntu-latest'))
    expect(merge.exitCode).toBe(1)
    expect(merge.log).toContain(
      '::error::merge: no digest was handed over for linux/arm/v7: that matrix leg failed'
    )
    expect(merge.log).not.toContain('imagetools create')
    expect(await tagsOf(repo)).toEqual([])
  }, 600_000)

  it("carries the legs' provenance attestations into the merged index when asked for", async () => {
    const repo = uniqueRepo(bench().registry, 'attested')
    const runId = `${Date.now()}`
    const two = legs.slice(0, 2)
    for (const leg of two) {
      const run = await runBundledAction(
        { ...expand(legInputs, repo, leg.platform), provenance: 'mode=min' },
        cacheEnv(runId, leg.runner)
      )
      if (run.exitCode !== 0) throw new Error(`the ${leg.platform} leg failed:\n${run.log}`)
    }
    const platforms = two.map(l => l.platform).join(',')
    const merge = await runBundledAction(
      { ...expand(mergeInputs, repo), platforms },
      cacheEnv(runId, 'ubuntu-latest')
    )
    if (merge.exitCode !== 0) throw new Error(`the merge failed:\n${merge.log}`)
    const index = (await manifest(`${repo}:v1.0.0`)).body as {
      manifests: {
        digest: string
        platform: { os: string; architecture: string }
        annotations?: Record<string, string>
      }[]
    }
    const images = index.manifests.filter(m => m.platform.os !== 'unknown')
    const attestations = index.manifests.filter(m => m.platform.os === 'unknown')
    expect(images.map(m => `${m.platform.os}/${m.platform.architecture}`)).toEqual(two.map(l => l.platform))
    expect(attestations.map(a => a.annotations?.['vnd.docker.reference.digest']).sort()).toEqual(
      images.map(m => m.digest).sort()
    )
  }, 600_000)
})

describe('hand-over records planted by another job of the run', () => {
  /** Saves a record to the run's Actions cache under a leg's key, as any job holding the token could. */
  async function plantRecord(runId: string, attempt: string, platform: string, record: LegRecord) {
    const run = { runId, attempt }
    const path = handoffPath(run, platform)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, JSON.stringify(record))
    const { key } = handoffKey(run, record.repositories, platform)
    const env = { ...process.env, ...cacheEnv(runId, 'ubuntu-latest') }
    await programOutput('npx', ['tsx', '__tests__/e2e/programs/plant-cache.ts', key, path], { env })
    rmSync(path)
  }

  async function buildLeg(repo: string, runId: string, platform: string): Promise<string> {
    const leg = legs.find(l => l.platform === platform) as { platform: string; runner: string }
    const run = await runBundledAction(expand(legInputs, repo, platform), cacheEnv(runId, leg.runner))
    if (run.exitCode !== 0) throw new Error(`the ${platform} leg failed:\n${run.log}`)
    return run.outputs.digest
  }

  const mergeOf = (repo: string, runId: string) =>
    runBundledAction(
      { ...expand(mergeInputs, repo), platforms: 'linux/amd64,linux/arm64' },
      cacheEnv(runId, 'ubuntu-latest')
    )

  it.each([
    [
      'a record under the arm64 key that names amd64',
      ['linux/amd64'],
      '::error::merge: the record handed over for linux/arm64 names linux/amd64'
    ],
    [
      'a record whose digest is another platform in the registry',
      ['linux/arm64'],
      'was handed over for linux/arm64 but is an image of linux/amd64; nothing was tagged'
    ]
  ])(
    '%s is refused, and nothing is tagged',
    async (_name, platforms, message) => {
      const repo = uniqueRepo(bench().registry, 'forged')
      const runId = `${Date.now()}`
      const amd64 = await buildLeg(repo, runId, 'linux/amd64')
      await plantRecord(runId, '1', 'linux/arm64', { platforms, digest: amd64, repositories: [repo] })
      const merge = await mergeOf(repo, runId)
      expect(merge.exitCode).toBe(1)
      expect(merge.log).toContain(message)
      expect(await tagsOf(repo)).toEqual([])
    },
    600_000
  )

  it("a record of a later attempt is ignored, and the registry must agree with each record's platform", async () => {
    const repo = uniqueRepo(bench().registry, 'attempts')
    const runId = `${Date.now()}`
    const amd64 = await buildLeg(repo, runId, 'linux/amd64')
    const arm64 = await buildLeg(repo, runId, 'linux/arm64')
    // Attempt 9 cannot have run during attempt 1: its record can only have been planted.
    await plantRecord(runId, '9', 'linux/arm64', {
      platforms: ['linux/arm64'],
      digest: amd64,
      repositories: [repo]
    })
    const merge = await mergeOf(repo, runId)
    if (merge.exitCode !== 0) throw new Error(`the merge failed:\n${merge.log}`)
    const index = await readIndex(`${repo}:v1.0.0`)
    expect(index.images.map(i => [i.platform, i.digest])).toEqual([
      ['linux/amd64', amd64],
      ['linux/arm64', arm64]
    ])
  }, 600_000)
})
