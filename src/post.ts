// The action's post step, run after every later step of a job that succeeded (post-if: success()):
// saves the Go caches, then removes the build context.
import * as core from '@actions/core'
import { rm } from 'node:fs/promises'
import { saveGoCaches } from './cache/caches.js'
import { loadState } from './state.js'

export async function post(): Promise<void> {
  const { contextDir, caches } = loadState()
  if (caches?.length) await core.group('Save Go caches', () => saveGoCaches(caches))
  if (contextDir) {
    await rm(contextDir, { recursive: true, force: true })
    core.info(`Removed the build context ${contextDir}`)
  }
}
