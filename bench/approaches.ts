// The four ways the benchmark builds and pushes the same program: the action, the typical (QEMU)
// Dockerfile, Docker's cross-compiling Dockerfile and the floor. Each returns what it measured.
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { bench, pathWithoutGo } from '../scripts/lib/bench-env.js'
import { programOutput } from '../scripts/lib/program.js'
import { runAction } from '../scripts/run-action.js'
import { PROGRAMS, type ProgramName } from './plan.js'
import type { Approach, BenchRun } from './report.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const WORK = '/tmp/go-mini-bench'

/** A copy of a program as a repository would hold it, with its line counts. */
export interface Program {
  name: ProgramName
  dir: string
  main: string
  ownLines: number
  dependencyLines: number
}

/** What one measurement needs: the program, the platforms, where to push, the state kept between its runs. */
export interface Measurement {
  program: Program
  platforms: string[]
  ref: string
  cold: boolean
  state: { toolCache: string; cachePrefix: string; floorCache: string; floorModcache: string }
}

export type Measured = Pick<BenchRun, 'seconds' | 'stages' | 'binaries'>

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
    main: PROGRAMS[name].main,
    ownLines: goLines(dir),
    dependencyLines: goLines(join(modcache, 'github.com'))
  }
}

/** The action's inputs for a program: the bench's Go mirror and builder image, then `more`. */
export function actionInputs(program: Program, more: Record<string, string>): Record<string, string> {
  return {
    'go-download-base-url': bench().goDownloadBaseUrl,
    'system-files-image': bench().systemFilesImage,
    'working-directory': '.',
    main: program.main,
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

/** 1. This action, the bundled dist/ entry run as the runner runs it: main, then post. */
async function action({ program, platforms, ref, state, cold }: Measurement): Promise<Measured> {
  const runnerDir = mkdtempSync(join(WORK, 'runner-'))
  // Empty Go caches at the same paths every time, as on a fresh hosted runner (~/go, ~/.cache):
  // the Actions cache only restores an entry saved from the same paths.
  const [gocache, gomodcache] = [
    join(WORK, 'runner-home', 'gocache'),
    join(WORK, 'runner-home', 'gomodcache')
  ]
  for (const dir of [gocache, gomodcache]) rmSync(dir, { recursive: true, force: true })
  await programOutput('cp', ['-al', state.toolCache, join(runnerDir, 'tool-cache')]) // hard links: quick, not timed
  const started = performance.now()
  const run = await runAction({
    inputs: actionInputs(program, {
      platforms: platforms.join(','),
      tags: ref,
      push: 'true',
      'cache-key-prefix': state.cachePrefix
    }),
    env: {
      ...(goEnv(gocache, gomodcache) as Record<string, string>),
      PATH: pathWithoutGo(),
      GITHUB_WORKSPACE: program.dir,
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: bench().cacheUrl,
      ACTIONS_RUNTIME_TOKEN: 'loopback-token'
    },
    runnerDir
  })
  const seconds = (performance.now() - started) / 1000
  rmSync(runnerDir, { recursive: true, force: true })
  if (run.exitCode !== 0 || run.postExitCode !== 0)
    throw new Error(`the action failed (${cold ? 'cold' : 'warm'}):\n${run.log.slice(-3000)}\n${run.postLog}`)
  const built = JSON.parse(run.outputs.binaries) as Record<string, Record<string, { size: number }>>
  // Each program has one binary: its size per platform.
  const binaries = Object.fromEntries(Object.entries(built).map(([p, b]) => [p, Object.values(b)[0].size]))
  return { seconds, stages: actionStages(run.summary, run.postSummary), binaries }
}

const imageOutput = (ref: string) => `type=image,name=${ref},push=true,oci-mediatypes=true,store=false`

/** 2. and 3.: a Dockerfile of bench/dockerfiles, built by buildx for every platform at once. */
async function dockerfileBuild(
  { program, platforms, ref }: Measurement,
  dockerfile: string
): Promise<Measured> {
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
    `MAIN=${program.main}`,
    '--output',
    imageOutput(ref),
    program.dir
  ])
  return { seconds: (performance.now() - started) / 1000 }
}

const platformDir = (platform: string) => platform.replace(/^linux\//, 'linux-').replace(/\//g, '')

/** 4. The floor: bare `go build`s for the targets, side by side, then a COPY-only buildx build. */
async function floor({ program, platforms, ref, state }: Measurement): Promise<Measured> {
  const context = mkdtempSync(join(WORK, 'floor-'))
  cpSync(join(ROOT, 'bench', 'dockerfiles', 'floor.Dockerfile'), join(context, 'Dockerfile'))
  const binary = (platform: string) => join(context, 'bin', platformDir(platform), 'app')
  const started = performance.now()
  await Promise.all(
    platforms.map(platform => {
      const [os, arch, variant] = platform.split('/')
      const env = {
        ...goEnv(state.floorCache, state.floorModcache),
        GOOS: os,
        GOARCH: arch,
        GOARM: variant?.slice(1) ?? ''
      }
      const args = ['build', '-trimpath', '-ldflags=-s -w', '-o', binary(platform), program.main]
      return programOutput(bench().goBinary, args, { cwd: program.dir, env })
    })
  )
  const compiled = (performance.now() - started) / 1000
  const buildx = ['buildx', 'build', '--platform', platforms.join(','), '--provenance=false']
  await programOutput('docker', [...buildx, '--output', imageOutput(ref), context])
  const seconds = (performance.now() - started) / 1000
  const binaries = Object.fromEntries(platforms.map(p => [p, statSync(binary(p)).size]))
  rmSync(context, { recursive: true, force: true })
  return { seconds, stages: { 'go build': compiled, 'COPY-only image': seconds - compiled }, binaries }
}

export const APPROACHES: Record<Approach, (measurement: Measurement) => Promise<Measured>> = {
  action,
  typical: measurement => dockerfileBuild(measurement, 'typical.Dockerfile'),
  cross: measurement => dockerfileBuild(measurement, 'cross.Dockerfile'),
  floor
}
