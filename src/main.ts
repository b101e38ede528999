// The action's main step, read top to bottom as the pipeline it runs: inputs → Go → caches →
// compile → image → outputs and summary (mode: build), or inputs → merge (mode: merge). Each stage
// takes its own request from the configuration and hands its result forward; this file only composes.
import * as core from '@actions/core'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { restoreGoCaches, type RestoredCaches } from './cache/caches.js'
import { recordHeldFolders } from './cache/save.js'
import { compileProgram, type Binary } from './compile/compile.js'
import { compileIdentity } from './compile/plan.js'
import { listFromFolders, type Listing } from './compile/packages.js'
import { eventPayload, gitContext, sourceFacts, type SourceFacts } from './git.js'
import { setupGo, type GoToolchain } from './go/install.js'
import {
  builderNeeds,
  planBuilder,
  startPlannedBuilder,
  type BuilderChoice,
  type BuilderPlan
} from './docker/builder.js'
import type { BuiltImage } from './docker/buildx.js'
import { login, withoutLogin, type Credentials, type DockerSession } from './docker/login.js'
import { checkPushAccess } from './registry/push-access.js'
import { PUBLISHERS } from './image/publish.js'
import { writeSboms } from './compile/sbom.js'
import { writeImageFiles } from './image/rootfs.js'
import { publishImage } from './image/stage.js'
import { readConfig, type BuildConfig } from './inputs/config.js'
import { refuseUnknownInputs } from './inputs/known.js'
import { withEnvironment } from './inputs/parse.js'
import { createContext } from './layout.js'
import { handDigestOver, runIds, type RunIds } from './matrix/handoff.js'
import { mergeIndex, type MergeRequest } from './matrix/merge.js'
import { mergeOutputsOf, outputsOf } from './outputs.js'
import { repositoriesOf } from './reference.js'
import { readRunner, type Runner } from './runner.js'
import { resolveMergeTags, resolveTags } from './tags/resolve.js'
import { secretParts } from './secrets.js'
import { Stages } from './stages.js'
import { saveState } from './state.js'
import { failureSummaryMarkdown, mergeSummaryMarkdown, summaryMarkdown, writeSummary } from './summary.js'
import { settleTzdata } from './tzdata.js'
import { failureOf } from './errors.js'

export async function main(): Promise<void> {
  if (process.platform !== 'linux') {
    throw new Error(
      `go-mini-action runs on Linux runners (it needs docker buildx); this one is ${process.platform}`
    )
  }
  // The runner's environment, read here once and handed to every stage that needs part of it.
  const runner = readRunner()
  const stages = new Stages()
  // A failure, an input refused or a build that broke, still writes the job summary: its kind, its
  // message, and the stages so far.
  await mainStaged(runner, stages).catch(async (error: unknown) => {
    await writeSummary(failureSummaryMarkdown(stages.times, failureOf(error)), runner.env)
    throw error
  })
}

async function mainStaged(runner: Runner, stages: Stages): Promise<void> {
  refuseUnknownInputs(runner.env)
  const config = readConfig(
    withEnvironment(name => core.getInput(name), runner.env),
    runner.workspace
  )
  if (config.mode === 'merge') await merge(config.merge, runner)
  else await build(config, runner, stages)
}

function maskSecrets(secrets: string[]): void {
  for (const secret of secrets) for (const part of secretParts(secret)) core.setSecret(part)
}

function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

/** The docker config of this step: a private one logged in with the given credentials, or the runner's. */
const dockerSession = (credentials: Credentials | undefined, runner: Runner): Promise<DockerSession> =>
  credentials ? login(credentials, runner) : Promise.resolve(withoutLogin(runner))

async function merge(given: MergeRequest, runner: Runner): Promise<void> {
  maskSecrets([given.credentials?.password ?? ''])
  const request = await resolveMergeTags(given, runner)
  const run = runIds(runner.env, runner.temp)
  const docker = await dockerSession(request.credentials, runner)
  // The legs' images must carry this commit: GITHUB_SHA, else the checkout's HEAD.
  const { sha } = await gitContext(runner.env, runner.cwd)
  const index = await checkPushAccess(repositoriesOf('tags', request.tags), docker.env)
    .then(() =>
      core.group('Merge the digests of the matrix legs', () =>
        mergeIndex(request, { run, revision: sha, dockerEnv: docker.env })
      )
    )
    .finally(() => docker.end())
  setOutputs(mergeOutputsOf(index))
  core.info(`Created ${index.image} under ${request.tags.join(', ')}`)
  await writeSummary(mergeSummaryMarkdown({ ...index, tags: request.tags }), runner.env)
}

/** What the stages before the compile produced, for those after it. */
interface Prepared {
  config: BuildConfig
  runner: Runner
  stages: Stages
  source: SourceFacts
  go: GoToolchain
  builderPlan: BuilderPlan
  restored: RestoredCaches<Listing | undefined>
  contextDir: string
  /** A matrix leg's run, to hand its digest over in. */
  handoffRun?: RunIds
  /** The runner's event payload (GITHUB_EVENT_PATH), read once: the tags and the labels take from it. */
  payload: unknown
}

/** What the compile and the image stage produced. */
interface Built {
  binaries: Binary[]
  /** platform → the SPDX document of its binaries. */
  sboms: Record<string, string>
  image: BuiltImage
  builder: BuilderChoice
}

/** The source's facts and, when `images` is given, the tags its rules make: all before anything compiles. */
async function sourceAndTags(given: BuildConfig, runner: Runner) {
  const payload = await eventPayload(runner.env)
  const facts = await sourceFacts(runner.env, given.compile.workingDirectory, {
    version: given.compile.version,
    sourceDateEpoch: given.publish.sourceDateEpoch
  })
  const { publish, source } = await resolveTags(given.publish, facts, {
    env: runner.env,
    payload,
    versionGiven: Boolean(given.compile.version)
  })
  return { requested: { ...given, publish }, source, payload }
}

async function build(given: BuildConfig, runner: Runner, stages: Stages): Promise<void> {
  maskSecrets([given.go.token, given.publish.credentials?.password ?? ''])
  // A matrix leg that could not hand its digest over must fail before it builds or pushes anything.
  const leg = given.publish.destination === 'registry-by-digest'
  const handoffRun = leg ? runIds(runner.env, runner.temp) : undefined
  const { requested, source, payload } = await sourceAndTags(given, runner)
  // The builder is decided beside the Go set-up and the cache restore: a given one that cannot do what is
  // asked fails before anything compiles (at once); one to create instead starts beside the compile.
  const needs = builderNeeds(requested.compile.platforms.length, requested.publish)
  const goAndCaches = stages
    .run('Set up Go', () => setupGo(requested.go, runner.temp))
    .then(async go => {
      const config = settleTzdata(requested, go.goroot)
      const { compile } = config
      const targets = {
        workingDirectory: compile.workingDirectory,
        platforms: compile.platforms.map(p => p.name),
        jobs: compileIdentity(compile)
      }
      // Go's listing of the packages, from the folders while they are checked (listFromFolders).
      const listing = () => listFromFolders(go.go, compile)
      const restored = await stages.run('Restore Go caches', () =>
        restoreGoCaches(config.cache, targets, go, runner, source.tag, listing)
      )
      return { go, config, restored }
    })
  const [builderPlan, { go, config, restored }] = await Promise.all([
    planBuilder(requested.publish.builder, needs, runner.env),
    goAndCaches
  ])
  core.info(builderPlan.said)
  const contextDir = await createContext(runner.temp)
  saveState({ contextDir, caches: restored.caches })
  const prepared = {
    config,
    runner,
    stages,
    source,
    go,
    builderPlan,
    restored,
    contextDir,
    handoffRun,
    payload
  }
  // The post step, which removes the context after a success, does not run after a failure.
  await buildFrom(prepared).catch(async (error: unknown) => {
    await rm(contextDir, { recursive: true, force: true })
    throw error
  })
}

async function buildFrom(prepared: Prepared): Promise<void> {
  const { config, go, restored, source, stages, handoffRun } = prepared
  const { caches } = restored
  // Credentials and the builder are checked before or while compiling, never only after it; the
  // private docker config lives until the image is pushed, whatever the outcome.
  const { credentials, destination, tags } = config.publish
  const docker = await dockerSession(credentials, prepared.runner)
  const pushCheck = PUBLISHERS[destination].pushes
    ? checkPushAccess(repositoriesOf('tags', tags), docker.env)
    : Promise.resolve()
  const { binaries, sboms, image, builder } = await pushCheck
    .then(() => compileAndPublish(prepared, docker))
    .finally(() => docker.end())
  setOutputs(outputsOf({ go, caches, binaries, sboms, image, version: source.version }))
  if (handoffRun) {
    const platforms = config.compile.platforms.map(p => p.name)
    await handDigestOver(handoffRun, { platforms, digest: image.digest, tags: config.publish.tags })
  }
  const summary = summaryMarkdown({
    goVersion: go.version,
    goSource: go.source,
    builder,
    caches,
    cachesUnused: restored.unused,
    binaries,
    image: { ...image, tags: config.publish.tags },
    stages: stages.times
  })
  await writeSummary(summary, prepared.runner.env)
}

async function compileAndPublish(prepared: Prepared, docker: DockerSession): Promise<Built> {
  const { config, stages, source, go, contextDir } = prepared
  const { workspace } = prepared.runner
  const builder = startPlannedBuilder(prepared.builderPlan, docker.env)
  const imageFiles = writeImageFiles(config.dockerfile, contextDir, go.goroot)
  const names = config.compile.mains.map(main => main.name).join(', ')
  const binaries = await stages.run(`Build ${names} ${source.version}`, () =>
    compileBeside([builder, imageFiles], stop =>
      compileProgram(config.compile, {
        go: go.go,
        version: source.version,
        commit: source.sha ?? '',
        date: source.time,
        contextDir,
        workspace,
        stop,
        listed: prepared.restored.read
      })
    )
  )
  const [chosen, filesBytes] = await Promise.all([builder, imageFiles])
  // While the image builds: the records of the cache folders, as the compile left them (folder.ts).
  const recorded = recordHeldFolders(prepared.restored.caches, prepared.runner.env)
  const sboms = await writeSboms(go.go, binaries, join(contextDir, 'sbom'), source.time)
  const image = await publishImage(
    {
      publish: config.publish,
      platforms: config.compile.platforms.map(p => p.name),
      title: config.compile.mains[0].name,
      source,
      payload: prepared.payload,
      contextDir,
      filesBytes,
      builder: chosen,
      docker
    },
    stages
  )
  await recorded
  return { binaries, sboms, image, builder: chosen }
}

/**
 * Compiles while the builder is made ready and the image's own files are written: nothing of either
 * waits for Go, and either failing stops the compile at once.
 */
async function compileBeside(
  beside: Promise<unknown>[],
  work: (stop: AbortSignal) => Promise<Binary[]>
): Promise<Binary[]> {
  const stop = new AbortController()
  for (const task of beside) task.catch(() => stop.abort())
  const [binaries] = await Promise.all([work(stop.signal), ...beside])
  return binaries
}
