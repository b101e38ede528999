// The action's main step: inputs → Go → build → image, each stage handing its result forward.
import * as core from '@actions/core'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compileAll } from './build/compile.js'
import { restoreGoCaches } from './cache/caches.js'
import { folderBytes } from './cache/size.js'
import { compileJobs, stampVersion } from './build/plan.js'
import { gitContext } from './git.js'
import { setupGo } from './go/install.js'
import { buildImage } from './image/buildx.js'
import { readConfig } from './inputs.js'
import { saveState } from './state.js'
import { writeSummary } from './summary.js'

export async function main(): Promise<void> {
  if (process.platform !== 'linux') {
    throw new Error(
      `go-mini-action runs on Linux runners (it needs docker buildx); this one is ${process.platform}`
    )
  }
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const config = readConfig(name => core.getInput(name), workspace)
  if (config.token) core.setSecret(config.token)

  const go = await core.group('Set up Go', () => setupGo(config))
  core.setOutput('go-version', go.version.replace(/^go/, ''))
  core.setOutput('go-path', go.goroot)
  core.setOutput('go-cache-hit', String(go.source === 'tool-cache'))

  const caches = await core.group('Restore Go caches', () => restoreGoCaches(config, go, workspace))
  const modules = caches.find(c => c.name === 'modules')
  core.setOutput('cache-hit', String(modules !== undefined && modules.matchedKey === modules.key))

  const version = stampVersion(config.version, await gitContext(process.env, config.workingDirectory))
  core.setOutput('version', version)
  const contextDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'go-mini-action-'))
  saveState({ contextDir, caches })

  const binaries = await core.group(`Build ${config.binaryName} ${version}`, () =>
    compileAll(go.go, config.workingDirectory, compileJobs(config, version, contextDir))
  )
  core.setOutput(
    'binaries',
    JSON.stringify(Object.fromEntries(binaries.map(b => [b.platform, { path: b.path, size: b.size }])))
  )

  const image = await core.group(config.push ? 'Build and push the image' : 'Build the image', () =>
    buildImage({ ...config, contextDir, platforms: config.platforms.map(p => p.name) })
  )
  core.setOutput('dockerfile', image.dockerfile)
  core.setOutput('digest', image.digest)
  core.setOutput('image', image.image)
  core.setOutput('archive', image.archive)
  core.setOutput('metadata', JSON.stringify(image.metadata))
  core.info(config.push ? `Pushed ${image.image}` : `Wrote ${image.archive} (${image.digest})`)

  await writeSummary({
    goVersion: go.version,
    goSource: go.source,
    caches: await Promise.all(
      caches.map(async c => ({ ...c, bytes: c.matchedKey ? await folderBytes(c.path) : 0 }))
    ),
    binaries,
    image: { ...image, tags: config.tags, pushed: config.push }
  })
}
