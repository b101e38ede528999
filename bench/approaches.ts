// The four ways the benchmark builds and pushes the same program: the action, the typical (QEMU)
// Dockerfile, Docker's cross-compiling Dockerfile and the floor. Each returns what it measured. In the
// hosted scenario each gets back only what its documented GitHub caching gives it: the action the
// Actions cache, the Dockerfiles BuildKit's exported cache (cache-to/cache-from), the floor its Go
// caches restored setup-go-style (one entry, exact key, from the same cache service).
import { restoreCache, saveCache } from '@actions/cache'
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { bench, ownedByRunner, pathWithoutGo, RUNNER_USER, runtimeToken } from '../scripts/lib/bench-env.js'
import { programOutput } from '../scripts/lib/program.js'
import { runAction } from '../scripts/run-action.js'
import { PROGRAMS, scenarioOf, type ProgramName } from './plan.js'
import type { Approach, BenchRun, Condition } from './report/schema.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const WORK = '/tmp/go-mini-bench'

/** A copy of a program as a repository would hold it, with its line counts. */
export interface Program {
  name: ProgramName
  dir: string
  /** Its main packages: the first is the image's entrypoint. */
  mains: string[]
  ownLines: number
  dependencyLines: number
  /** go.mod and go.sum as prepared: each cell starts from them (a dependency bump changes both). */
  goMod: string
  goSum: string
}

/** What one measurement needs: the program, the platforms, where to push, the state kept between its runs. */
export interface Measurement {
  program: Program
  platforms: string[]
  ref: string
  condition: Condition
  state: {
    toolCache: string
    cachePrefix: string
    floorCache: string
    floorModcache: string
    /** Where the hosted Dockerfile builds export BuildKit's cache to, and import it from. */
    buildkitCache: string
  }
}

const hosted = (m: Measurement) => scenarioOf(m.condition) === 'hosted'

export type Measured = Pick<BenchRun, 'seconds' | 'stages' | 'binaries' | 'uploadedBytes' | 'cacheEntries'>

/** The loopback cache service's entries (scripts/e2e/cache-server.mjs keeps them in entries.json). */
interface CacheEntry {
  key: string
  size: number
  finalized: boolean
}
function cacheEntries(prefix: string): CacheEntry[] {
  const file = join(bench().cacheDir, 'entries.json')
  const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CacheEntry[]) : []
  return all.filter(entry => entry.finalized && entry.key.startsWith(prefix))
}

/** Runs `work` and says which cache entries under `prefix` it saved: key → bytes, and their sum. */
async function savedDuring<T>(
  prefix: string,
  work: () => Promise<T>
): Promise<{ result: T; uploadedBytes: number; cacheEntries: Record<string, number> }> {
  const before = new Set(cacheEntries(prefix).map(entry => entry.key))
  const result = await work()
  const saved = cacheEntries(prefix).filter(entry => !before.has(entry.key))
  return {
    result,
    uploadedBytes: saved.reduce((sum, entry) => sum + entry.size, 0),
    cacheEntries: Object.fromEntries(saved.map(entry => [entry.key, entry.size]))
  }
}

export const goEnv = (gocache: string, gomodcache: string): NodeJS.ProcessEnv => ({
  ...process.env,
  GOCACHE: gocache,
  GOMODCACHE: gomodcache,
  GOFLAGS: '-modcacherw',
  GOPROXY: bench().goproxy,
  GOSUMDB: 'off',
  GOTOOLCHAIN: 'local',
  CGO_ENABLED: '0'
})

/** The Actions results service as a job sees it: the bench's loopback one, with a run's token. */
const cacheServiceEnv = () => ({
  ACTIONS_CACHE_SERVICE_V2: 'true',
  ACTIONS_RESULTS_URL: bench().cacheUrl,
  ACTIONS_RUNTIME_TOKEN: runtimeToken('bench')
})

/** Lines of Go (tests left out) under a folder. */
function goLines(root: string): number {
  if (!existsSync(root)) return 0
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.go') && !f.endsWith('_test.go'))
    .reduce((sum, f) => sum + readFileSync(join(root, f), 'utf8').split('\n').length, 0)
}

/** A copy of the program with its go.sum, as a repository would hold it; counts its lines of Go. */
export async function prepareProgram(name: ProgramName): Promise<Program> {
  const dir = join(WORK, name, 'src')
  rmSync(join(WORK, name), { recursive: true, force: true })
  cpSync(join(ROOT, PROGRAMS[name].source), dir, { recursive: true })
  const modcache = join(WORK, name, 'tidy-modcache')
  await programOutput(bench().goBinary, ['mod', 'tidy'], {
    cwd: dir,
    env: goEnv(join(WORK, 'tidy-cache'), modcache)
  })
  if (!existsSync(join(dir, 'go.sum'))) writeFileSync(join(dir, 'go.sum'), '') // the Dockerfiles COPY it
  return {
    name,
    dir,
    mains: PROGRAMS[name].mains,
    ownLines: goLines(dir),
    dependencyLines: goLines(join(modcache, 'github.com')),
    goMod: readFileSync(join(dir, 'go.mod'), 'utf8'),
    goSum: readFileSync(join(dir, 'go.sum'), 'utf8')
  }
}

/** Puts go.mod and go.sum back as prepared, before a cell. */
export function resetDependencies(program: Program): void {
  writeFileSync(join(program.dir, 'go.mod'), program.goMod)
  writeFileSync(join(program.dir, 'go.sum'), program.goSum)
}

/** A dependency bump, as a commit makes it: the bench's bump module moves to `version`, go.sum follows (not timed). */
export async function bumpDependency(program: Program, version: string): Promise<void> {
  const module = bench().bumpModule
  const goMod = readFileSync(join(program.dir, 'go.mod'), 'utf8')
  const bumped = goMod.replace(
    new RegExp(`^(\\s*${module.replace(/\./g, '\\.')}) v\\S+$`, 'm'),
    `$1 ${version}`
  )
  if (bumped === goMod) throw new Error(`${program.name}'s go.mod does not require ${module}`)
  writeFileSync(join(program.dir, 'go.mod'), bumped)
  const modcache = join(WORK, program.name, 'tidy-modcache')
  await programOutput(bench().goBinary, ['mod', 'tidy'], {
    cwd: program.dir,
    env: goEnv(join(WORK, 'tidy-cache'), modcache)
  })
}

/** The action's inputs for a program: the bench's Go mirror and builder image, then `more`. */
export function actionInputs(program: Program, more: Record<string, string>): Record<string, string> {
  return {
    'go-download-base-url': bench().goDownloadBaseUrl,
    'system-files-image': bench().systemFilesImage,
    'working-directory': '.',
    main: program.mains.join('\n'),
    ...more
  }
}

/** Stage times from the action's job summary table, and the post step's cache save. */
function actionStages(summary: string, postSummary = ''): Record<string, number> {
  const stages = Object.fromEntries(
    [...summary.matchAll(/^\| ([^|*][^|]*?) \| ([\d.]+) s \|$/gm)].map(m => [m[1], Number(m[2])])
  )
  const saved = /saving the Go caches took ([\d.]+) s/.exec(postSummary)
  if (saved) stages['Save Go caches (post)'] = Number(saved[1])
  return stages
}

/**
 * The action's Go cache folders, at the same paths every time (~/go, ~/.cache): the Actions cache only
 * restores an entry saved from the same paths. Empty on a fresh runner (every condition but warm, with
 * what post recorded beside them); a warm run finds them as the last run left them, as on a runner that
 * keeps its folders (self-hosted, a persistent volume). Owned by the runner's user.
 */
async function actionGoFolders(condition: Condition): Promise<{ gocache: string; gomodcache: string }> {
  const home = join(WORK, 'runner-home')
  const [gocache, gomodcache] = [join(home, 'gocache'), join(home, 'gomodcache')]
  if (condition !== 'warm') {
    // Go's module folders are read-only: rm as root removes them all the same.
    rmSync(home, { recursive: true, force: true })
    for (const dir of [gocache, gomodcache]) mkdirSync(dir, { recursive: true })
    await ownedByRunner(home)
  }
  return { gocache, gomodcache }
}

/** 1. This action, the bundled dist/ entry run as the runner runs it (as its user): main, then post. */
async function action(measurement: Measurement): Promise<Measured> {
  const { program, platforms, ref, state } = measurement
  // One path for every run, as a runner's tool cache and temp folders have (/opt/hostedtoolcache on
  // GitHub's, _work/_tool on a self-hosted one): Go keys what it remembers of GOROOT by its path.
  const runnerDir = join(WORK, 'runner')
  rmSync(runnerDir, { recursive: true, force: true })
  mkdirSync(runnerDir)
  const { gocache, gomodcache } = await actionGoFolders(measurement.condition)
  await programOutput('cp', ['-al', state.toolCache, join(runnerDir, 'tool-cache')]) // hard links: quick, not timed
  await ownedByRunner(runnerDir) // not timed either
  // The action runs on Node 24, as GitHub runs it (action.yml: node24), as in the e2e suite.
  process.env.GO_MINI_ACTION_NODE ||= bench().node24
  let started = performance.now()
  const saved = await savedDuring(state.cachePrefix, () =>
    runAction({
      // From main's start, as a runner starts the step: not the bench's own hand-over to the user.
      onReady: () => (started = performance.now()),
      inputs: actionInputs(program, {
        platforms: platforms.join(','),
        tags: ref,
        push: 'true',
        'cache-key-prefix': state.cachePrefix
      }),
      env: {
        ...(goEnv(gocache, gomodcache) as Record<string, string>),
        // Go's own read-only module cache, as a runner has it (the floor's -modcacherw is for rm).
        GOFLAGS: '',
        PATH: pathWithoutGo(),
        GITHUB_WORKSPACE: program.dir,
        // As GitHub's runners say which kind they are: a hosted one keeps nothing for the next job.
        RUNNER_ENVIRONMENT: hosted(measurement) ? 'github-hosted' : 'self-hosted',
        ...cacheServiceEnv()
      },
      runnerDir,
      user: RUNNER_USER
    })
  )
  const run = saved.result
  const seconds = (performance.now() - started) / 1000
  rmSync(runnerDir, { recursive: true, force: true })
  if (run.exitCode !== 0 || run.postExitCode !== 0)
    throw new Error(`the action failed (${measurement.condition}):\n${run.log.slice(-3000)}\n${run.postLog}`)
  const built = JSON.parse(run.outputs.binaries) as Record<string, Record<string, { size: number }>>
  // The size of a platform's binaries together (one, but for blobd3).
  const sizeOf = (b: Record<string, { size: number }>) => Object.values(b).reduce((sum, x) => sum + x.size, 0)
  const binaries = Object.fromEntries(Object.entries(built).map(([p, b]) => [p, sizeOf(b)]))
  const { uploadedBytes, cacheEntries } = saved
  return {
    seconds,
    stages: actionStages(run.summary, run.postSummary),
    binaries,
    uploadedBytes,
    cacheEntries
  }
}

const imageOutput = (ref: string) => `type=image,name=${ref},push=true,oci-mediatypes=true,store=false`

/**
 * BuildKit's cache as a hosted runner gets it: exported after each build (mode=max, every stage), imported
 * before the next. type=local stands in for type=gha: both export layers, neither the cache mounts.
 */
function exportedCacheArgs(measurement: Measurement): { args: string[]; settle: () => void } {
  if (!hosted(measurement)) return { args: [], settle: () => undefined }
  const dir = measurement.state.buildkitCache
  const next = `${dir}.next`
  rmSync(next, { recursive: true, force: true })
  const from = existsSync(dir) ? ['--cache-from', `type=local,src=${dir}`] : []
  const settle = () => {
    rmSync(dir, { recursive: true, force: true })
    renameSync(next, dir)
  }
  return { args: [...from, '--cache-to', `type=local,dest=${next},mode=max`], settle }
}

/** 2. and 3.: a Dockerfile of bench/dockerfiles, built by buildx for every platform at once. */
async function dockerfileBuild(measurement: Measurement, dockerfile: string): Promise<Measured> {
  const { program, platforms, ref } = measurement
  const cache = exportedCacheArgs(measurement)
  const started = performance.now()
  await programOutput('docker', [
    'buildx',
    'build',
    '--network',
    'host',
    '--platform',
    platforms.join(','),
    '--provenance=false',
    '--file',
    join(ROOT, 'bench', 'dockerfiles', dockerfile),
    '--build-arg',
    `GOLANG_IMAGE=${bench().golangImage}`,
    '--build-arg',
    `MAIN=${program.mains[0]}`,
    ...cache.args,
    '--output',
    imageOutput(ref),
    program.dir
  ])
  const seconds = (performance.now() - started) / 1000
  cache.settle()
  return { seconds }
}

const platformDir = (platform: string) => platform.replace(/^linux\//, 'linux-').replace(/\//g, '')

/** The floor's Go caches: kept on disk (local), or restored and saved setup-go-style (hosted). */
interface FloorCaches {
  gocache: string
  gomodcache: string
  restore: () => Promise<void>
  save: () => Promise<void>
}

/**
 * As actions/setup-go caches on a hosted runner: GOMODCACHE and GOCACHE in one entry whose key is the
 * Go version and go.sum's hash, restored by exact key only, saved after the job when it missed.
 */
async function hostedFloorCaches({ program, state }: Measurement): Promise<FloorCaches> {
  Object.assign(process.env, cacheServiceEnv()) // @actions/cache reads its service from here
  const home = join(WORK, 'hosted-floor-home')
  const [gocache, gomodcache] = [join(home, 'gocache'), join(home, 'gomodcache')]
  rmSync(home, { recursive: true, force: true }) // a fresh runner: empty folders (not timed)
  const goVersion = (await programOutput(bench().goBinary, ['env', 'GOVERSION'])).trim()
  const sum = createHash('sha256')
    .update(readFileSync(join(program.dir, 'go.sum')))
    .digest('hex')
  const key = `${state.cachePrefix}-setup-go-Linux-x64-${goVersion}-${sum}`
  let hit: string | undefined
  return {
    gocache,
    gomodcache,
    restore: async () => {
      hit = await restoreCache([gocache, gomodcache], key)
    },
    save: async () => {
      if (hit !== key) await saveCache([gocache, gomodcache], key)
    }
  }
}

const localFloorCaches = ({ state }: Measurement): FloorCaches => ({
  gocache: state.floorCache,
  gomodcache: state.floorModcache,
  restore: async () => undefined,
  save: async () => undefined
})

/**
 * The bare `go build`s for the targets, side by side: one per platform, of every main package at once
 * (`-o DIR/`) when there are several. `output` is the binary's path, or the folder for several.
 */
async function goBuilds(m: Measurement, caches: FloorCaches, output: (platform: string) => string) {
  await Promise.all(
    m.platforms.map(platform => {
      const [os, arch, variant] = platform.split('/')
      const env = {
        ...goEnv(caches.gocache, caches.gomodcache),
        GOOS: os,
        GOARCH: arch,
        GOARM: variant?.slice(1) ?? ''
      }
      const args = ['build', '-trimpath', '-ldflags=-s -w', '-o', output(platform), ...m.program.mains]
      return programOutput(bench().goBinary, args, { cwd: m.program.dir, env })
    })
  )
}

/** 4. The floor: bare `go build`s for the targets, side by side, then a COPY-only buildx build. */
async function floor(measurement: Measurement): Promise<Measured> {
  const { platforms, ref, state } = measurement
  const caches = hosted(measurement) ? await hostedFloorCaches(measurement) : localFloorCaches(measurement)
  const context = mkdtempSync(join(WORK, 'floor-'))
  cpSync(join(ROOT, 'bench', 'dockerfiles', 'floor.Dockerfile'), join(context, 'Dockerfile'))
  const folder = (platform: string) => join(context, 'bin', platformDir(platform))
  // One main: its binary is /app; several: each under Go's name for it, in the platform's folder.
  const output = (platform: string) =>
    measurement.program.mains.length === 1 ? join(folder(platform), 'app') : `${folder(platform)}/`
  const times: number[] = [performance.now()]
  const saved = await savedDuring(state.cachePrefix, async () => {
    await caches.restore()
    times.push(performance.now())
    await goBuilds(measurement, caches, output)
    times.push(performance.now())
    const buildx = ['buildx', 'build', '--platform', platforms.join(','), '--provenance=false']
    await programOutput('docker', [...buildx, '--output', imageOutput(ref), context])
    times.push(performance.now())
    await caches.save()
    times.push(performance.now())
  })
  const [started, restored, compiled, imaged, ended] = times.map(t => t / 1000)
  const bytesIn = (dir: string) =>
    readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
  const binaries = Object.fromEntries(platforms.map(p => [p, bytesIn(folder(p))]))
  rmSync(context, { recursive: true, force: true })
  const stages = {
    ...(hosted(measurement) ? { 'cache restore': restored - started } : {}),
    'go build': compiled - restored,
    'COPY-only image': imaged - compiled,
    ...(hosted(measurement) ? { 'cache save': ended - imaged } : {})
  }
  const { uploadedBytes, cacheEntries } = saved
  return { seconds: ended - started, stages, binaries, uploadedBytes, cacheEntries }
}

export const APPROACHES: Record<Approach, (measurement: Measurement) => Promise<Measured>> = {
  action,
  typical: measurement => dockerfileBuild(measurement, 'typical.Dockerfile'),
  cross: measurement => dockerfileBuild(measurement, 'cross.Dockerfile'),
  floor
}
