// The action's post step, run after every later step of the job: removes the build context.
import * as core from '@actions/core'
import { rm } from 'node:fs/promises'
import { loadState } from './state.js'

export async function post(): Promise<void> {
  const { contextDir } = loadState()
  if (contextDir) {
    await rm(contextDir, { recursive: true, force: true })
    core.info(`Removed the build context ${contextDir}`)
  }
}
