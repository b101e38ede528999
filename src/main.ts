// The action's main step, read top to bottom as the pipeline it runs: inputs → Go → caches →
// compile → image → outputs and summary (mode: build), or inputs → merge (mode: merge). Each stage
// takes its own request from the configuration and hands its result forward.
import * as core from '@actions/core'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { restoreGoCaches, type GoCache } from './cache/caches.js'
import { folderBytes } from './cache/size.js'
import { onCancel } from './cancel.js'
import { cgoPackages, notMainPackages } from './compile/cgo.js'
import { compileAll, type Binary } from './compile/compile.js'
import { withGoMatcher } from './compile/matcher.js'
import { compileJobs, stampVersion } from './compile/plan.js'
import { commitTime, eventPayload, gitContext } from './git.js'
import { setupGo, type GoToolchain } from './go/install.js'
import {
  datesImages,
  planBuilder,
  startPlannedBuilder,
  type BuilderChoice,
  type BuilderNeeds,
  type BuilderPlan
} from './image/builder.js'
import { buildImage, type BuiltImage } from './image/buildx.js'
import { GOROOT_ZONEINFO, tzdataFor } from './image/dockerfile.js'
import { login } from './image/login.js'
import {
  annotationList,
  labelList,
  ociKeys,
  parseAnnotation,
  repositoryFacts,
  withoutRunTimes
} from './image/metadata.js'
import { readConfig, type BuildConfig } from './inputs/config.js'
import { withEnvironment } from './inputs/parse.js'
import { handOver, runIds, type RunIds } from './matrix/handoff.js'
import { mergeIndex, type MergeRequest } from './matrix/merge.js'
import { mergeOutputsOf, outputsOf, type BuildResult } from './outputs.js'
import { repositoriesOf } from './reference.js'
import { Stages } from './stages.js'
import { secretParts } from './secrets.js'
import { saveState } from './state.js'
import { mergeSummaryMarkdown, summaryMarkdown, writeSummary } from './summary.js'

export async function main(): Promise<void> {
  if (process.platform !== 'linux') {
    throw new Error(
      `go-mini-action runs on Linux runners (it needs docker buildx); this one is ${process.platform}`
    )
  }
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const config = readConfig(
    withEnvironment(name => core.getInput(name), process.env),
    workspace
  )
  if (config.mode === 'merge') await merge(config.merge)
  else await build(config, workspace)
}

function maskSecrets(secrets: string[]): void {
  for (const secret of secrets) for (const part of secretParts(secret)) core.setSecret(part)
}

async function merge(request: MergeRequest): Promise<void> {
  maskSecrets([request.credentials?.password ?? ''])
  const logout = request.credentials ? await login(request.credentials) : undefined
  const index = await core
    .group('Merge the digests of the matrix legs', () => mergeIndex(request))
    .finally(() => logout?.())
  setOutputs(mergeOutputsOf(index))
  core.info(`Created ${index.image} under ${request.tags.join(', ')}`)
  await writeSummary(mergeSummaryMarkdown({ ...index, tags: request.tags }))
}

async function build(requested: BuildConfig, workspace: string): Promise<void> {
  maskSecrets([requested.go.token, requested.publish.credentials?.password ?? ''])
  // A matrix leg that could not hand its digest over must fail before it builds or pushes anything.
  const handoffRun = requested.publish.pushByDigest ? runIds(process.env) : undefined
  const stages = new Stages()
  const source = await sourceFacts(requested)
  // The builder is decided beside the Go set-up and the cache restore: a given one that cannot do what is
  // asked fails before anything compiles (at once); one to create instead starts beside the compile.
  const planned = planBuilder(requested.publish.builder, builderNeeds(requested))
  const restored = stages
    .run('Set up Go', () => setupGo(requested.go))
    .then(async go => {
      const config = withTzdataOf(requested, go)
      const caches = await stages.run('Restore Go caches', () =>
        restoreGoCaches(config.cache, config.compile, go, workspace, source.tag)
      )
      return { go, config, caches }
    })
  const [builderPlan, { go, config, caches }] = await Promise.all([planned, restored])
  core.info(builderPlan.said)
  const contextDir = await createContext(caches)
  try {
    await buildFrom(config, { workspace, stages, source, go, builderPlan, caches, contextDir, handoffRun })
  } catch (error) {
    // The post step, which removes it after a success, does not run after a failure.
    await rm(contextDir, { recursive: true, force: true })
    throw error
  }
}

/** The configuration with the tzdata this Go can give, decided before compiling. */
function withTzdataOf(config: BuildConfig, go: GoToolchain): BuildConfig {
  const { tzdata, reason } = tzdataFor(
    config.dockerfile.tzdata,
    existsSync(join(go.goroot, ...GOROOT_ZONEINFO))
  )
  if (!reason) return config
  core.notice(reason)
  return {
    ...config,
    dockerfile: { ...config.dockerfile, tzdata },
    compile: { ...config.compile, embedTzdata: tzdata === 'embed' }
  }
}

/** What the stages before the compile produced, for those after it. */
interface Prepared {
  workspace: string
  stages: Stages
  source: SourceFacts
  go: GoToolchain
  builderPlan: BuilderPlan
  caches: GoCache[]
  contextDir: string
  handoffRun?: RunIds
}

async function buildFrom(config: BuildConfig, prepared: Prepared): Promise<void> {
  // Credentials and the builder are checked before or while compiling, never only after it; the
  // private docker config lives until the image is pushed, whatever the outcome.
  const logout = config.publish.credentials ? await login(config.publish.credentials) : undefined
  const built = await compileAndPublish(config, prepared).finally(() => logout?.())
  await finish(config, { ...prepared, ...built, version: prepared.source.version })
}

async function compileAndPublish(config: BuildConfig, prepared: Prepared) {
  const { workspace, stages, source, go, contextDir } = prepared
  const builder = startPlannedBuilder(prepared.builderPlan)
  const names = config.compile.mains.map(main => main.name).join(', ')
  const binaries = await stages.run(`Build ${names} ${source.version}`, () =>
    compileBeside(builder, stop => compile(config, go, source.version, contextDir, workspace, stop))
  )
  const chosen = await builder
  const image = await publish(config, { go, source, contextDir, stages, builder: chosen })
  return { binaries, image, builder: chosen }
}

/** What the request asks of BuildKit beyond building and pushing. */
function builderNeeds(config: BuildConfig): BuilderNeeds {
  const { provenance, sbom, annotations, push, pushByDigest, load } = config.publish
  return {
    platforms: config.compile.platforms.length,
    ociArchive: pushByDigest || (!push && !load),
    annotations: annotations.length > 0,
    attestations: provenance !== 'false' || sbom !== 'false',
    indexAnnotations: annotations.some(line => parseAnnotation(line).types.includes('index'))
  }
}

/** Compiles while the builder is made ready; a builder that fails stops the compile at once. */
async function compileBeside(
  builder: Promise<BuilderChoice>,
  work: (stop: AbortSignal) => Promise<Binary[]>
): Promise<Binary[]> {
  const stop = new AbortController()
  builder.catch(() => stop.abort())
  const [binaries] = await Promise.all([work(stop.signal), builder])
  return binaries
}

/** Outputs, the log's last line, the hand-over of a matrix leg, and the job summary. */
async function finish(
  config: BuildConfig,
  result: BuildResult & { go: GoToolchain; stages: Stages; builder: BuilderChoice; handoffRun?: RunIds }
): Promise<void> {
  const { go, caches, binaries, image, stages, builder, handoffRun } = result
  setOutputs(outputsOf(result))
  core.info(resultLine(config, image))
  if (handoffRun) await handDigestOver(config, handoffRun, image)
  await summarize(config, { go, caches, binaries, image, stages, builder })
}

function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

/** The version stamped into the binaries, the commit, and the time every timestamp in the image takes. */
async function sourceFacts(config: BuildConfig) {
  const cwd = config.compile.workingDirectory
  const git = await gitContext(process.env, cwd)
  const sourceDateEpoch =
    config.publish.sourceDateEpoch ?? (await commitTime(cwd)) ?? Math.floor(Date.now() / 1000)
  const tag = git.refType === 'tag' ? git.refName : undefined
  return { version: stampVersion(config.compile.version, git), sha: git.sha, tag, sourceDateEpoch }
}
type SourceFacts = Awaited<ReturnType<typeof sourceFacts>>

/** The build context folder: removed on cancel, else by the post step (after every later step ran). */
async function createContext(caches: GoCache[]): Promise<string> {
  const contextDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'go-mini-action-'))
  onCancel(() => rm(contextDir, { recursive: true, force: true }))
  saveState({ contextDir, caches })
  return contextDir
}

async function compile(
  config: BuildConfig,
  go: GoToolchain,
  version: string,
  contextDir: string,
  workspace: string,
  stop: AbortSignal
): Promise<Binary[]> {
  const { workingDirectory, mains } = config.compile
  const packages = mains.map(main => main.package)
  // Both questions at once: each `go list` loads the packages on its own (0.1–0.2 s).
  const [libraries, cgo] = await Promise.all([
    notMainPackages(go.go, workingDirectory, packages),
    cgoPackages(go.go, workingDirectory, packages)
  ])
  if (libraries.length) {
    throw new Error(
      `main: ${libraries.join(', ')} is not a main package (package main, with func main): no binary can be built from it`
    )
  }
  if (cgo.length) {
    core.warning(
      `These packages use cgo, which a static image cannot have (the build sets CGO_ENABLED=0): ${cgo.join(', ')}. ` +
        'Without a pure-Go fallback in them, the build fails.'
    )
  }
  const jobs = compileJobs(config.compile, version, contextDir)
  return withGoMatcher(contextDir, () =>
    compileAll(go.go, workingDirectory, jobs, relative(workspace, workingDirectory), stop)
  )
}

/** OCI labels and annotations: the facts of the commit and the repository, then the user's. */
async function ociLists(config: BuildConfig, source: SourceFacts, platforms: number) {
  const facts = ociKeys({
    serverUrl: process.env.GITHUB_SERVER_URL,
    repository: process.env.GITHUB_REPOSITORY,
    revision: source.sha,
    version: source.version,
    created: new Date(source.sourceDateEpoch * 1000).toISOString().replace(/\.000Z$/, 'Z'),
    title: config.compile.mains[0].name,
    ...repositoryFacts(await eventPayload(process.env))
  })
  const labels = withoutRunTimes(config.publish.labels)
  const annotations = withoutRunTimes(config.publish.annotations)
  for (const line of [...labels.dropped, ...annotations.dropped]) {
    core.notice(
      `"${line}" is replaced by the commit's time (${facts['org.opencontainers.image.created']}), so that every build ` +
        'of this commit gives the same digest; set source-date-epoch to choose another time'
    )
  }
  return {
    labels: labelList(facts, labels.kept),
    annotations: annotationList(facts, annotations.kept, platforms > 1)
  }
}

/** Builds the image and pushes, exports or loads it. */
async function publish(
  config: BuildConfig,
  built: { go: GoToolchain; source: SourceFacts; contextDir: string; stages: Stages; builder: BuilderChoice }
): Promise<BuiltImage> {
  const platforms = config.compile.platforms.map(p => p.name)
  const lists = await ociLists(config, built.source, platforms.length)
  const { push } = config.publish
  const began = Date.now()
  const image = await core.group(push ? 'Build and push the image' : 'Build the image', async () =>
    buildImage({
      ...config.dockerfile,
      ...config.publish,
      ...lists,
      builder: built.builder.name,
      noCache: datesImages(built.builder.buildkit),
      contextDir: built.contextDir,
      goroot: built.go.goroot,
      sourceDateEpoch: built.source.sourceDateEpoch,
      platforms
    })
  )
  built.stages.record('Build the image', image.buildSeconds, began)
  if (push || config.publish.pushByDigest)
    built.stages.record('Push the image', image.pushSeconds, began + image.buildSeconds * 1000)
  return image
}

function resultLine(config: BuildConfig, image: BuiltImage): string {
  if (config.publish.push) return `Pushed ${image.image}`
  if (image.archive) return `Wrote ${image.archive} (${image.digest})`
  return `Loaded ${image.digest}`
}

async function handDigestOver(config: BuildConfig, run: RunIds, image: BuiltImage): Promise<void> {
  const keys = await handOver(run, {
    platforms: config.compile.platforms.map(p => p.name),
    digest: image.digest,
    repositories: repositoriesOf('tags', config.publish.tags)
  })
  core.info(`Handed ${image.digest} to the merge step (${keys.join(', ')})`)
}

async function summarize(
  config: BuildConfig,
  result: {
    go: GoToolchain
    caches: GoCache[]
    binaries: Binary[]
    image: BuiltImage
    stages: Stages
    builder: BuilderChoice
  }
): Promise<void> {
  const { go, caches, binaries, image, builder } = result
  const markdown = summaryMarkdown({
    goVersion: go.version,
    goSource: go.source,
    builder,
    caches: await Promise.all(
      caches.map(async c => ({ ...c, bytes: c.matchedKey ? await folderBytes(c.path) : 0 }))
    ),
    binaries,
    image: {
      ...image,
      tags: config.publish.tags,
      pushed: config.publish.push,
      pushedByDigest: config.publish.pushByDigest
    },
    stages: result.stages.times
  })
  await writeSummary(markdown)
}
