// The test bench that scripts/e2e-env.sh set up, as the end-to-end tests see it. A missing bench is
// a failure, never a skip: these tests only mean something against the real engine and registry.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { runAction, type ActionRun } from '../../../scripts/run-action.mjs'

export interface Bench {
  registry: string
  goDownloadBaseUrl: string
  goVersions: string[]
  /** A release the list names whose archive does not match its sha256. */
  goCorruptVersion: string
  goMirrorLog: string
  builderImage: string
  tlsDir: string
  goproxy: string
  cacheUrl: string
  /** Where the loopback cache service keeps entries.json. */
  cacheDir: string
  /** A Go binary of the bench, for test set-up (the action installs its own). */
  goBinary: string
}

export function bench(): Bench {
  const need = (name: string) => {
    const value = process.env[name]
    if (!value)
      throw new Error(`${name} is not set: run the tests through scripts/test.sh, which sets up the bench`)
    return value
  }
  return {
    registry: need('GO_MINI_E2E_REGISTRY'),
    goDownloadBaseUrl: need('GO_MINI_E2E_GO_DOWNLOAD_BASE_URL'),
    goVersions: need('GO_MINI_E2E_GO_VERSIONS').split(' '),
    goCorruptVersion: need('GO_MINI_E2E_GO_CORRUPT_VERSION'),
    goMirrorLog: need('GO_MINI_E2E_GO_MIRROR_LOG'),
    builderImage: need('GO_MINI_E2E_BUILDER_IMAGE'),
    tlsDir: need('GO_MINI_E2E_TLS_DIR'),
    goproxy: need('GO_MINI_E2E_GOPROXY'),
    cacheUrl: need('GO_MINI_E2E_CACHE_URL'),
    cacheDir: need('GO_MINI_E2E_CACHE_DIR'),
    goBinary: need('GO_MINI_E2E_GO_BINARY')
  }
}

/** PATH without any folder that holds a `go`, so that the action must install its own. */
export function pathWithoutGo(path = process.env.PATH ?? ''): string {
  return path
    .split(delimiter)
    .filter(dir => !existsSync(join(dir, 'go')))
    .join(delimiter)
}

/** Lines the Go mirror logged since `from` (its length in bytes before the run). */
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

/** Runs the bundled action as the runner would, with the bench's Go mirror and builder image. */
export async function runBundledAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: {
    runnerDir?: string
    post?: boolean
    signalWhen?: { logContains: string; signal: 'SIGINT' | 'SIGTERM' }
  } = {}
): Promise<ActionRun> {
  const b = bench()
  return runAction({
    inputs: {
      'go-download-base-url': b.goDownloadBaseUrl,
      'builder-image': b.builderImage,
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
  options: { runnerDir?: string; post?: boolean } = {}
): Promise<{ run: ActionRun; requests: string[] }> {
  const log = bench().goMirrorLog
  const before = fileSize(log)
  const run = await runBundledAction(inputs, env, options)
  return { run, requests: mirrorRequestsSince(log, before) }
}
