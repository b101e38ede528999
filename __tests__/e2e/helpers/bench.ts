// The test bench that scripts/e2e-env.sh set up, as the end-to-end tests see it. A missing bench is
// a failure, never a skip: these tests only mean something against the real engine and registry.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  bench,
  ownedByRunner,
  pathWithoutGo,
  resultsService,
  RUNNER_USER,
  runtimeToken,
  type Bench
} from '../../../scripts/lib/bench-env.js'
import { runAction, type ActionRun } from '../../../scripts/run-action.js'

export { bench, ownedByRunner, pathWithoutGo, resultsService, RUNNER_USER, runtimeToken, type Bench }

/** Lines the Go mirror logged since `from` (its length in bytes before the run). */
/** The log line of an image build: buildx run as its plugin binary (plugin.ts) or through docker. */
export const BUILDX_BUILD = /\[command\]\S*(?:docker buildx|docker-buildx) build /

export function mirrorRequestsSince(log: string, from: number): string[] {
  if (!existsSync(log)) return []
  return readFileSync(log).subarray(from).toString().split('\n').filter(Boolean)
}

export function fileSize(path: string): number {
  return existsSync(path) ? readFileSync(path).length : 0
}

/** A unique repository name per test run, so reruns never see an older push. */
export function uniqueRepo(registry: string, name: string): string {
  return `${registry}/e2e/${name}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`
}

/**
 * Runs the bundled action as the runner would: with Node 24 (runs.using: node24) unless
 * GO_MINI_ACTION_NODE names another, the bench's Go mirror and builder image.
 */
export async function runBundledAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: {
    runnerDir?: string
    post?: boolean
    signalWhen?: { logContains: string; signal: 'SIGINT' | 'SIGTERM' }
    /** Run as this user (RUNNER_USER: GitHub's runners do not run steps as root). */
    user?: string
  } = {}
): Promise<ActionRun> {
  const b = bench()
  process.env.GO_MINI_ACTION_NODE ||= b.node24
  return runAction({
    inputs: {
      'go-download-base-url': b.goDownloadBaseUrl,
      'system-files-image': b.systemFilesImage,
      'working-directory': 'examples/hello',
      main: './cmd/hello',
      ...inputs
    },
    env: { PATH: pathWithoutGo(), ...env },
    ...options
  })
}

/** Folders under a tool cache that hold a Go, e.g. tool-cache/go/1.24.4/x64. */
export function cachedGoVersions(toolCache: string): string[] {
  const goDir = join(toolCache, 'go')
  return existsSync(goDir) ? readdirSync(goDir).filter(v => existsSync(join(goDir, v, 'x64.complete'))) : []
}

/** Runs the action and returns the run with the Go mirror requests it made. */
export async function runWatched(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: { runnerDir?: string; post?: boolean; user?: string } = {}
): Promise<{ run: ActionRun; requests: string[] }> {
  const log = bench().goMirrorLog
  const before = fileSize(log)
  const run = await runBundledAction(inputs, env, options)
  return { run, requests: mirrorRequestsSince(log, before) }
}
