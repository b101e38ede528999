// The action's main step: inputs → Go → caches → build → image → summary, each stage handing its
// result forward.
import * as core from '@actions/core'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { cgoPackages } from './build/cgo.js'
import { onCancel } from './cancel.js'
import { compileAll } from './build/compile.js'
import { withGoMatcher } from './build/matcher.js'
import { compileJobs, stampVersion } from './build/plan.js'
import { restoreGoCaches } from './cache/caches.js'
import { folderBytes } from './cache/size.js'
import { commitTime, eventPayload, gitContext } from './git.js'
import { setupGo } from './go/install.js'
import { chooseBuilder } from './image/builder.js'
import { buildImage } from './image/buildx.js'
import { login } from './image/login.js'
import { annotationList, labelList, ociKeys, repositoryFacts } from './image/metadata.js'
import { readConfig } from './inputs.js'
import { repositoriesOf } from './reference.js'
import { handOver, runIds } from './matrix/handoff.js'
import { mergeIndex } from './matrix/merge.js'
import { saveState } from './state.js'
import { writeSummary } from './summary.js'

export async function main(): Promise<void> {
  const stages: { name: string; seconds: number }[] = []
  /** A collapsible group of the log, timed for the job summary. */
  const stage = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now()
    try {
      return await core.group(name, work)
    } finally {
      stages.push({ name, seconds: (Date.now() - started) / 1000 })
    }
  }

  if (process.platform !== 'linux') {
    throw new Error(
      `go-mini-action runs on Linux runners (it needs docker buildx); this one is ${process.platform}`
    )
  }
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const config = readConfig(name => core.getInput(name), workspace)
  const platforms = config.platforms.map(p => p.name)
  if (config.mode === 'merge') {
    const index = await core.group('Merge the digests of the matrix legs', () =>
      mergeIndex({ ...config, platforms })
    )
    core.setOutput('digest', index.digest)
    core.setOutput('image', index.image)
    core.info(`Created ${index.image} under ${config.tags.join(', ')}`)
    return
  }
  if (config.token) core.setSecret(config.token)
  if (config.credentials) core.setSecret(config.credentials.password)
  // A matrix leg that could not hand its digest over must fail before it builds or pushes anything.
  const handoffRun = config.pushByDigest ? runIds(process.env) : undefined

  const go = await stage('Set up Go', () => setupGo(config))
  core.setOutput('go-version', go.version.replace(/^go/, ''))
  core.setOutput('go-path', go.goroot)
  core.setOutput('go-cache-hit', String(go.source === 'tool-cache'))

  const caches = await stage('Restore Go caches', () => restoreGoCaches(config, go, workspace))
  const modules = caches.find(c => c.name === 'modules')
  core.setOutput('cache-hit', String(modules !== undefined && modules.matchedKey === modules.key))

  const git = await gitContext(process.env, config.workingDirectory)
  const version = stampVersion(config.version, git)
  const sourceDateEpoch =
    config.sourceDateEpoch ?? (await commitTime(config.workingDirectory)) ?? Math.floor(Date.now() / 1000)
  core.setOutput('version', version)
  const contextDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'go-mini-action-'))
  onCancel(() => rm(contextDir, { recursive: true, force: true }))
  saveState({ contextDir, caches })

  const binaries = await stage(`Build ${config.binaryName} ${version}`, async () => {
    const cgo = await cgoPackages(go.go, config.workingDirectory, config.mainPackage)
    if (cgo.length) {
      core.warning(
        `These packages use cgo, which a static image cannot have (the build sets CGO_ENABLED=0): ${cgo.join(', ')}. ` +
          'Without a pure-Go fallback in them, the build fails.'
      )
    }
    return withGoMatcher(contextDir, () =>
      compileAll(
        go.go,
        config.workingDirectory,
        compileJobs(config, version, contextDir),
        relative(workspace, config.workingDirectory)
      )
    )
  })

  const facts = ociKeys({
    serverUrl: process.env.GITHUB_SERVER_URL,
    repository: process.env.GITHUB_REPOSITORY,
    revision: git.sha,
    version,
    created: new Date(sourceDateEpoch * 1000).toISOString().replace(/\.000Z$/, 'Z'),
    title: config.binaryName,
    ...repositoryFacts(await eventPayload(process.env))
  })
  // Credentials live only while the image is built and pushed, whatever the outcome.
  const logout = config.credentials ? await login(config.credentials) : undefined
  if (logout) onCancel(logout)
  const image = await stage(config.push ? 'Build and push the image' : 'Build the image', async () =>
    buildImage({
      ...config,
      builder: await chooseBuilder(config.builder, platforms.length),
      contextDir,
      goroot: go.goroot,
      sourceDateEpoch,
      platforms,
      labels: labelList(facts, config.labels),
      annotations: annotationList(facts, config.annotations, platforms.length > 1)
    })
  ).finally(() => logout?.())
  if (config.push) {
    // One buildx command builds and pushes; its progress log tells the two apart for the summary.
    const imageStage = stages.pop()!
    stages.push(
      { name: 'Build the image', seconds: Math.max(0, imageStage.seconds - image.pushSeconds) },
      { name: 'Push the image', seconds: image.pushSeconds }
    )
  }
  const binarySizes = Object.fromEntries(binaries.map(b => [b.platform, b.size]))
  core.setOutput(
    'binaries',
    JSON.stringify(Object.fromEntries(binaries.map(b => [b.platform, { path: b.path, size: b.size }])))
  )
  core.setOutput('dockerfile', image.dockerfile)
  core.setOutput('digest', image.digest)
  // As build-push-action: the image ID (config digest) of a single-platform image, else the index digest.
  core.setOutput('imageid', String(image.buildx['containerimage.config.digest'] ?? image.digest))
  core.setOutput('image', image.image)
  core.setOutput('archive', image.archive)
  core.setOutput(
    'image-size',
    JSON.stringify(Object.fromEntries(Object.entries(image.platforms).map(([p, i]) => [p, i.size])))
  )
  core.setOutput(
    'metadata',
    JSON.stringify({
      digest: image.digest,
      platforms: image.platforms,
      binaries: binarySizes,
      buildx: image.buildx
    })
  )
  core.info(
    config.push
      ? `Pushed ${image.image}`
      : image.archive
        ? `Wrote ${image.archive} (${image.digest})`
        : `Loaded ${image.digest}`
  )
  if (handoffRun) {
    const keys = await handOver(handoffRun, {
      platforms,
      digest: image.digest,
      repositories: repositoriesOf('tags', config.tags)
    })
    core.info(`Handed ${image.digest} to the merge step (${keys.join(', ')})`)
  }

  await writeSummary({
    goVersion: go.version,
    goSource: go.source,
    caches: await Promise.all(
      caches.map(async c => ({ ...c, bytes: c.matchedKey ? await folderBytes(c.path) : 0 }))
    ),
    binaries,
    image: { ...image, tags: config.tags, pushed: config.push },
    stages
  })
}
