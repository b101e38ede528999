// How a matrix leg hands its digest to the merge step without any step of the user's: an artifact of
// the workflow run (@actions/artifact, what docker's multi-platform docs use through upload-artifact),
// one small JSON record per leg and platform. Artifacts are scoped to the run: another workflow, whose
// token names another run, can neither write nor list them (the Actions cache, used before, could be
// written by any workflow of the repository). Records are uploaded as one file, unzipped, and read back
// as one file: nothing is ever extracted. Re-runs of failed legs keep working: the run attempt ends the
// name, and the merge takes the newest attempt up to its own.
import type { Artifact, DefaultArtifactClient } from '@actions/artifact'
import * as core from '@actions/core'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { repositoriesOf } from '../reference.js'
import { oneLine } from '../untrusted.js'

export interface LegRecord {
  platforms: string[]
  digest: string
  repositories: string[]
}

export interface RunIds {
  runId: string
  attempt: string
  /** The runner's temp folder, where a record is written or read back. */
  tempDir: string
}

const slug = (platform: string) => platform.replace(/\//g, '-')

/** The artifact of the leg that builds `platform`, in a run attempt, for these repositories. */
export function handoffName(
  run: Pick<RunIds, 'runId' | 'attempt'>,
  repositories: string[],
  platform: string
): string {
  const repos = createHash('sha256')
    .update([...repositories].sort().join('\n'))
    .digest('hex')
    .slice(0, 16)
  return `go-mini-digest-${repos}-${slug(platform)}-${run.attempt}.json`
}

/**
 * The run whose legs and merge hand digests over, once it is sure they can: the run's artifact service
 * (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL, which every job of a run has). Called before any work,
 * so that a leg never pushes what it cannot hand over.
 */
export function runIds(env: NodeJS.ProcessEnv, tempDir: string): RunIds {
  if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) {
    throw new Error(
      "push-by-digest and mode: merge hand digests over through the workflow run's artifacts, which this job " +
        'cannot reach (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set)'
    )
  }
  return { runId: env.GITHUB_RUN_ID || '', attempt: env.GITHUB_RUN_ATTEMPT || '1', tempDir }
}

/** A folder of this step's own, removed after `work` whatever happens. */
async function inTempFolder<T>(tempDir: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tempDir, 'go-mini-handoff-'))
  try {
    return await work(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Uploads the leg's record under each of its platforms; a leg that cannot hand it over has failed. */
export async function handOver(run: RunIds, record: LegRecord): Promise<string[]> {
  const client = await artifactClient()
  const names = record.platforms.map(platform => handoffName(run, record.repositories, platform))
  for (const name of names) {
    await inTempFolder(run.tempDir, async dir => {
      await writeFile(join(dir, name), JSON.stringify(record))
      await client.uploadArtifact(name, [join(dir, name)], dir, { skipArchive: true, retentionDays: 1 })
    })
  }
  return names
}

/** A record as the merge may trust its shape: a sha256 digest, platform and repository names. */
export function parseRecord(text: string): LegRecord | undefined {
  try {
    const record = JSON.parse(text) as Partial<LegRecord>
    const strings = (value: unknown) => Array.isArray(value) && value.every(item => typeof item === 'string')
    if (
      typeof record.digest === 'string' &&
      /^sha256:[0-9a-f]{64}$/.test(record.digest) &&
      strings(record.platforms) &&
      strings(record.repositories)
    )
      return record as LegRecord
  } catch {
    // not JSON
  }
  return undefined
}

/** @actions/artifact (with octokit and protobuf-ts), loaded only by a matrix leg or the merge. */
async function artifactClient(): Promise<DefaultArtifactClient> {
  return new (await import('@actions/artifact')).DefaultArtifactClient()
}

/** Downloads one record, as the one file it is (never unzipped, never extracted anywhere). */
async function readRecord(
  client: DefaultArtifactClient,
  artifact: Artifact,
  tempDir: string
): Promise<LegRecord> {
  return inTempFolder(tempDir, async dir => {
    await client.downloadArtifact(artifact.id, { path: dir, skipDecompress: true })
    const [file] = await readdir(dir)
    const record = parseRecord(file ? await readFile(join(dir, file), 'utf8') : '')
    if (!record)
      throw new Error(`merge: the record ${oneLine(artifact.name)} is not a leg's record; nothing was tagged`)
    return record
  })
}

/** The records handed over for each expected platform; a platform without one is reported, not thrown. */
export async function collect(
  run: RunIds,
  repositories: string[],
  platforms: string[]
): Promise<Map<string, LegRecord | undefined>> {
  const client = await artifactClient()
  const { artifacts } = await client.listArtifacts()
  const found = new Map<string, LegRecord | undefined>()
  for (const platform of platforms) {
    // This attempt's record, else an earlier attempt's: never one of an attempt still to come, which
    // can only have been planted.
    const artifact = attemptsUpTo(run.attempt)
      .map(attempt =>
        artifacts.find(a => a.name === handoffName({ ...run, attempt }, repositories, platform))
      )
      .find(Boolean)
    found.set(platform, artifact ? await readRecord(client, artifact, run.tempDir) : undefined)
  }
  return found
}

/** "3" → ["3", "2", "1"]: the attempts whose records a merge may take, newest first. */
export function attemptsUpTo(attempt: string): string[] {
  const newest = Math.max(1, Math.min(Number(attempt) || 1, 100))
  return Array.from({ length: newest }, (_, i) => String(newest - i))
}

/** A leg hands its pushed digest over to the merge step, and says so. */
export async function handDigestOver(
  run: RunIds,
  leg: { platforms: string[]; digest: string; tags: string[] }
): Promise<void> {
  const names = await handOver(run, {
    platforms: leg.platforms,
    digest: leg.digest,
    repositories: repositoriesOf('tags', leg.tags)
  })
  core.info(`Handed ${leg.digest} to the merge step (artifacts ${names.join(', ')})`)
}
