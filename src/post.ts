// The action's post step, run after every later step of a job that succeeded (post-if: success()):
// saves the Go caches, then removes the build context.
import * as core from '@actions/core'
import { rm } from 'node:fs/promises'
import { saveGoCaches } from './cache/save.js'
import { readRunner } from './runner.js'
import { loadState } from './state.js'
import { writeSummary } from './summary.js'

export async function post(): Promise<void> {
  const { env } = readRunner()
  const { contextDir, caches } = loadState()
  if (caches?.length) {
    const started = Date.now()
    await core.group('Save Go caches', () => saveGoCaches(caches, env))
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    core.info(`Saving the Go caches took ${seconds} s`)
    // The post step's own part of the job summary, under main's stage table.
    await writeSummary(`Post step: saving the Go caches took ${seconds} s.\n`, env)
  }
  if (contextDir) {
    await rm(contextDir, { recursive: true, force: true })
    core.info(`Removed the build context ${contextDir}`)
  }
}
