// What `main` hands to `post`, in one typed object (the runner keeps it as STATE_* variables).
import * as core from '@actions/core'
import type { GoCache } from './cache/caches.js'

export interface State {
  /** The build context (binaries, Dockerfile, archive): removed in post, after every later step ran. */
  contextDir?: string
  /** The caches main restored, with the keys post saves them under. */
  caches?: GoCache[]
}

const KEY = 'go-mini-action'

export function saveState(state: State): void {
  core.saveState(KEY, JSON.stringify(state))
}

export function loadState(): State {
  const text = core.getState(KEY)
  return text ? (JSON.parse(text) as State) : {}
}
