// The README's matrix workflow, run here: each leg a separate process with its own GITHUB_*
// environment, the legs handing their digests to the merge through the run's artifacts (the bench's
// results service, which scopes them to the run its runtime token names).
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { programOutput, runProgram } from '../../scripts/lib/program.js'
import type { ActionRun } from '../../scripts/run-action.js'
import { request } from '../../src/http/client.js'
import { handoffName, type LegRecord } from '../../src/matrix/handoff.js'
import {
  bench,
  runBundledAction,
  RUNNER_USER,
  resultsService,
  runtimeToken,
  uniqueRepo
} from './helpers/bench.js'
import { actionWith, readmeYaml, type Step } from './helpers/readme.js'
import { manifest, readIndex } from './helpers/registry.js'
import { httpGet } from '../helpers/http.js'

interface Workflow {
  jobs: {
    build: {
      strategy: { matrix: { include: { platform: string; runner: string }[] } }
      steps: Step[]
    }
    merge: { steps: Step[] }
  }
}

/** The README's matrix workflow (the yaml block under "## Matrix"). */
const readmeWorkflow = () => readmeYaml<Workflow>('\n## Matrix')

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

/**
 * One runner for every job here, as a self-hosted one: its tool cache installs Go once, not once per
 * job (what these tests check is the hand-over and the merge, not the set-up of Go).
 */
const runnerDir = mkdtempSync(join(tmpdir(), 'e2e-matrix-runner-'))

/** A job of the workflow, run as GitHub's runners run steps: as their non-root user. */
const runJob = (inputs: Record<string, string>, env: Record<string, string>) =>
  runBundledAction(inputs, env, { user: RUNNER_USER, runnerDir })

const SHA = 'fedcba9876543210fedcba9876543210fedcba98'

/** A job of the run `runId` at commit `sha`, with that run's runtime token. */
function cacheEnv(runId: string, runner: string, sha = SHA): Record<string, string> {
  return {
    ...resultsService(runId, runner),
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: sha,
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
      const run = await runJob(expand(legInputs, repo, leg.platform), cacheEnv(runId, leg.runner))
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
    const refused = await runJob(unlisted, cacheEnv(runId, 'ubuntu-latest'))
    expect(refused.exitCode).toBe(1)
    expect(refused.log).toContain(
      '::error::platforms: mode: merge needs every platform the matrix legs built'
    )
    expect(await tagsOf(repo)).toEqual([])

    const merge = await runJob(expand(mergeInputs, repo), cacheEnv(runId, 'ubuntu-latest'))
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
      expect(merge.summary).toContain(`| \`${image.platform}\` | \`${image.digest}\` |`)
    expect(merge.summary).toContain(`docker pull ${repo}:v1.0.0\ndocker pull ${repo}:latest`)
    // The hand-over went through the run's artifacts: one per leg.
    expect(legRuns.map(r => /\(artifacts (\S+)\)/.exec(r.log)?.[1])).toEqual(
      legs.map(l => handoffName({ runId, attempt: '1' }, [repo], l.platform))
    )
  }, 600_000)

  it('fails naming a missing leg, and tags nothing', async () => {
    const repo = uniqueRepo(bench().registry, 'partial')
    const runId = `${Date.now()}`
    for (const leg of legs.slice(0, 2)) {
      const run = await runJob(expand(legInputs, repo, leg.platform), cacheEnv(runId, leg.runner))
      if (run.exitCode !== 0) throw new Error(`the ${leg.platform} leg failed:\n${run.log}`)
    }
    const merge = await runJob(expand(mergeInputs, repo), cacheEnv(runId, 'ubuntu-latest'))
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
      const run = await runJob(
        { ...expand(legInputs, repo, leg.platform), provenance: 'mode=min' },
        cacheEnv(runId, leg.runner)
      )
      if (run.exitCode !== 0) throw new Error(`the ${leg.platform} leg failed:\n${run.log}`)
    }
    const platforms = two.map(l => l.platform).join(',')
    const merge = await runJob({ ...expand(mergeInputs, repo), platforms }, cacheEnv(runId, 'ubuntu-latest'))
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

/**
 * Uploads a record as an artifact under a leg's name, with the runtime token of `tokenRun`: a job of
 * the run itself when that is `runId`, else a job of another workflow trying to write into it.
 */
async function plantRecord(
  runId: string,
  attempt: string,
  platform: string,
  record: LegRecord,
  tokenRun = runId
) {
  const file = join(
    mkdtempSync(join(tmpdir(), 'plant-')),
    handoffName({ runId, attempt }, record.repositories, platform)
  )
  writeFileSync(file, JSON.stringify(record))
  const env = { ...process.env, ...cacheEnv(tokenRun, 'attacker') }
  return runProgram('npx', ['tsx', '__tests__/e2e/programs/plant-artifact.ts', file], { env })
}

describe('hand-over records planted by another job of the run', () => {
  async function buildLeg(repo: string, runId: string, platform: string): Promise<string> {
    const leg = legs.find(l => l.platform === platform) as { platform: string; runner: string }
    const run = await runJob(expand(legInputs, repo, platform), cacheEnv(runId, leg.runner))
    if (run.exitCode !== 0) throw new Error(`the ${platform} leg failed:\n${run.log}`)
    return run.outputs.digest
  }

  const mergeOf = (repo: string, runId: string) =>
    runJob(
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

describe('release trust: what other workflows can write never reaches the merge of a tag', () => {
  const buildLegs = async (repo: string, runId: string, sha = SHA) => {
    const digests: string[] = []
    for (const leg of legs.slice(0, 2)) {
      const run = await runJob(expand(legInputs, repo, leg.platform), cacheEnv(runId, leg.runner, sha))
      if (run.exitCode !== 0) throw new Error(`the ${leg.platform} leg failed:\n${run.log}`)
      digests.push(run.outputs.digest)
    }
    return digests
  }
  const mergeAt = (repo: string, runId: string, sha = SHA) =>
    runJob(
      { ...expand(mergeInputs, repo), platforms: 'linux/amd64,linux/arm64' },
      cacheEnv(runId, 'ubuntu-latest', sha)
    )

  it("an older release's digest, planted by another workflow, and a cache archive with an absolute path", async () => {
    const repo = uniqueRepo(bench().registry, 'planted')
    // The older release: amd64 built at another commit, pushed by digest in a run of its own.
    const [oldAmd64] = await buildLegs(repo, `${Date.now()}-old`, 'a'.repeat(40))
    const runId = `${Date.now()}`
    // Another workflow's job uploads the record under the very name the amd64 leg will use (had it
    // landed in this run, that leg would also have failed after its push): its token names its own run,
    // so that is where it lands; asked to write into this run, the service refuses.
    const record = { platforms: ['linux/amd64'], digest: oldAmd64, repositories: [repo] }
    const other = `${runId}-other-workflow`
    expect((await plantRecord(runId, '1', 'linux/amd64', record, other)).code).toBe(0)
    const intoThisRun = await request(
      new URL('twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact', bench().cacheUrl).href,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${runtimeToken(other)}` },
        body: JSON.stringify({
          workflow_run_backend_id: runId,
          workflow_job_run_backend_id: 'x',
          name: 'n',
          version: 7
        })
      }
    )
    intoThisRun.body.resume()
    expect(intoThisRun.status).toBe(403)
    // And plants, in the Actions cache any workflow can write, what the old cache hand-over restored:
    // an archive whose entry has an absolute path.
    const canary = join(mkdtempSync(join(tmpdir(), 'canary-')), 'written-by-the-cache-entry')
    mkdirSync(canary)
    writeFileSync(join(canary, 'post.js'), 'console.log("attacker code")')
    const env = { ...process.env, ...cacheEnv(runId, 'attacker') }
    for (const attempt of ['1', '2'])
      await programOutput(
        'npx',
        [
          'tsx',
          '__tests__/e2e/programs/plant-cache.ts',
          `go-mini-digest-${runId}-x-linux-amd64-${attempt}`,
          canary
        ],
        { env }
      )
    rmSync(canary, { recursive: true })

    const digests = await buildLegs(repo, runId)
    const merge = await mergeAt(repo, runId)
    if (merge.exitCode !== 0) throw new Error(`the merge failed:\n${merge.log}`)
    const index = await readIndex(`${repo}:v1.0.0`)
    expect(index.images.map(i => i.digest)).toEqual(digests)
    expect(index.images.map(i => i.digest)).not.toContain(oldAmd64)
    expect(existsSync(canary)).toBe(false)
  }, 900_000)

  it('legs at one commit and a merge at another: refused, naming the commits, nothing tagged', async () => {
    const repo = uniqueRepo(bench().registry, 'revisions')
    const runId = `${Date.now()}`
    const legsSha = 'b'.repeat(40)
    await buildLegs(repo, runId, legsSha)
    const merge = await mergeAt(repo, runId)
    expect(merge.exitCode).toBe(1)
    expect(merge.log).toMatch(
      new RegExp(
        `::error::merge: \\S+ \\(linux/amd64\\) was built from commit ${legsSha}, but this merge is of commit ${SHA}; nothing was tagged`
      )
    )
    expect(await tagsOf(repo)).toEqual([])
  }, 600_000)
})
