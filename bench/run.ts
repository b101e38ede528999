// The benchmark: builds and pushes the same Go programs as multi-platform images in four ways,
// interleaved, cold and warm, several times each; writes bench/results.json, bench/RESULTS.md and
// bench/chart.svg. Run it with `sudo bash bench/run.sh` (it sets up the bench first).
//
//   npx tsx bench/run.ts [--reps N] [--emulated-reps N] [--programs hello,blobd] [--sets 1,2,4]
//                        [--approaches action,typical,cross,floor]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { readIndex } from '../__tests__/e2e/helpers/registry.js'
import { bench, pathWithoutGo } from '../scripts/lib/bench-env.js'
import { programOutput } from '../scripts/lib/program.js'
import { runAction } from '../scripts/run-action.js'
import {
  actionInputs,
  APPROACHES,
  bumpDependency,
  prepareProgram,
  resetDependencies,
  ROOT,
  WORK,
  type Measurement,
  type Program
} from './approaches.js'
import {
  growthSteps,
  parseOptions,
  plannedRuns,
  recordedOptions,
  PLATFORM_SETS,
  scenarioOf,
  type BenchOptions,
  type PlannedCell
} from './plan.js'
import { writeReport } from './report.js'
import { stampSource } from './stamp.js'
import {
  type BenchResults,
  type BenchRun,
  type Condition,
  type GrowthRun,
  type ImageFacts
} from './report/schema.js'

/** What each platform's image holds, read back from the registry: layers, compressed and unpacked bytes. */
async function imageFacts(ref: string): Promise<Record<string, ImageFacts>> {
  const { images } = await readIndex(ref)
  return Object.fromEntries(
    images.map(i => [i.platform, { layers: i.layers, compressed: i.compressed, unpacked: i.unpacked }])
  )
}

async function versions(): Promise<Record<string, string>> {
  const first = async (file: string, args: string[]) =>
    (await programOutput(file, args).catch((e: Error) => e.message)).trim().split('\n')[0]
  const cpu = /^model name\s*: (.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown'
  return {
    machine: `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    kernel: await first('uname', ['-sr']),
    docker: await first('docker', [
      'version',
      '--format',
      'engine {{.Server.Version}}, client {{.Client.Version}}'
    ]),
    buildx: await first('docker', ['buildx', 'version']),
    go: await first(bench().goBinary, ['version']),
    qemu: await first('qemu-aarch64-static', ['--version']),
    node: process.version,
    action: await first('git', ['-C', ROOT, 'log', '-1', '--format=%h %s'])
  }
}

/**
 * The runners' tool cache holds the Go that go.mod asks for, as GitHub's hosted runners hold recent
 * Go releases: one action run fills a template that every run copies.
 */
async function toolCacheTemplate(program: Program): Promise<string> {
  const template = mkdtempSync(join(WORK, 'tool-cache-template-'))
  const warmup = await runAction({
    inputs: actionInputs(program, { platforms: 'linux/amd64', push: 'false', cache: 'false' }),
    // The bench's GOPROXY, for a first program with dependencies (no other proxy is reachable here).
    env: { PATH: pathWithoutGo(), GITHUB_WORKSPACE: program.dir, GOPROXY: bench().goproxy, GOSUMDB: 'off' },
    runnerDir: template
  })
  if (warmup.exitCode !== 0) throw new Error(`the warm-up run failed:\n${warmup.log}`)
  return template
}

/** A source edit in the main package, as between two commits: every run builds a new binary. */
function touchSource(program: Program, id: string): void {
  writeFileSync(join(program.dir, program.mains[0], 'bench_stamp.go'), stampSource(id))
}

async function pruneBuilder(): Promise<void> {
  await programOutput('docker', ['buildx', 'prune', '--all', '--force'])
  await programOutput('docker', ['image', 'rm', '--force', bench().golangImage]).catch(() => undefined)
}

/** The state one cell keeps between its runs, under names unique to the cell. */
function cellState(id: string, template: string): Measurement['state'] {
  return {
    toolCache: join(template, 'tool-cache'),
    cachePrefix: `bench-${id}`,
    floorCache: join(WORK, `floor-cache-${id}`),
    floorModcache: join(WORK, `floor-modcache-${id}`),
    buildkitCache: join(WORK, `buildkit-cache-${id}`)
  }
}

/** What happens to the machine and the source before a run in `condition`. */
async function prepareRun(
  program: Program,
  condition: Condition,
  commit: string,
  bump: string
): Promise<void> {
  // Cold, and every hosted run: a fresh runner, whose engine has no build cache and no images.
  if (condition !== 'warm') await pruneBuilder()
  if (condition === 'hosted-bump') await bumpDependency(program, bump)
  touchSource(program, commit)
}

/** One cell: its runs in order; the first repetition reads the cold images back. */
async function measureCell(
  cell: PlannedCell,
  program: Program,
  template: string,
  session: string
): Promise<BenchRun[]> {
  // The scenario is part of every name: a hosted cold run must not find the local cells' cache entries.
  const id = `${session}-${scenarioOf(cell.conditions[0])}-${cell.rep}-${program.name}-${cell.set}-${cell.approach}`
  const state = cellState(id, template)
  const platforms = PLATFORM_SETS[cell.set]
  const runs: BenchRun[] = []
  resetDependencies(program)
  for (const [index, condition] of cell.conditions.entries()) {
    // Each run its own commit and tag: a cell may run several next commits.
    const commit = `${id}-${index}-${condition}`
    await prepareRun(program, condition, commit, bench().bumpVersions[0])
    const ref = `${bench().registry}/bench/${program.name}-${cell.approach}:${commit}`
    const measurement: Measurement = { program, platforms, ref, state, condition }
    const result = await APPROACHES[cell.approach](measurement)
    const images = cell.rep === 1 && condition === 'cold' ? await imageFacts(ref) : undefined
    const { rep, approach } = cell
    runs.push({ program: program.name, set: Number(cell.set), approach, condition, rep, ...result, images })
  }
  for (const dir of [state.floorCache, state.floorModcache, state.buildkitCache])
    rmSync(dir, { recursive: true, force: true })
  return runs
}

const GROWTH_CONDITIONS = { cold: 'hosted-cold', next: 'hosted-next', bump: 'hosted-bump' } as const

/** The cache-growth sequence on blobd, 2 platforms: the action on a fresh runner each time. */
async function measureGrowth(program: Program, template: string, session: string, log: (t: string) => void) {
  const id = `${session}-growth`
  const state = cellState(id, template)
  const runs: GrowthRun[] = []
  const bumps = [...bench().bumpVersions]
  resetDependencies(program)
  for (const [i, step] of growthSteps().entries()) {
    const condition = GROWTH_CONDITIONS[step]
    await prepareRun(program, condition, `${id}-${i}`, step === 'bump' ? (bumps.shift() ?? '') : '')
    const ref = `${bench().registry}/bench/${program.name}-growth:${id}-${i}`
    const measurement: Measurement = { program, platforms: PLATFORM_SETS[2], ref, state, condition }
    const { seconds, uploadedBytes = 0, cacheEntries = {} } = await APPROACHES.action(measurement)
    runs.push({ step, seconds, uploadedBytes, cacheEntries })
    log(`growth ${i} ${step}: ${seconds.toFixed(1)} s, uploaded ${uploadedBytes} B`)
  }
  resetDependencies(program)
  return runs
}

/**
 * What an earlier results.json (--reuse) carries over: every run of an approach or scenario not run
 * now, marked with that run's date and commit; its growth sequence when none runs now.
 */
function reused(options: BenchOptions): Pick<BenchResults, 'runs' | 'growth' | 'minutes' | 'options'> {
  if (!options.reuse) return { runs: [], minutes: 0, options }
  const earlier = JSON.parse(readFileSync(options.reuse, 'utf8')) as BenchResults
  const from = `${earlier.date.slice(0, 10)} (${earlier.versions.action.split(' ')[0]})`
  const runs = earlier.runs
    .filter(
      run =>
        !options.approaches.includes(run.approach) || !options.scenarios.includes(scenarioOf(run.condition))
    )
    .map(run => ({ ...run, reusedFrom: run.reusedFrom ?? from }))
  return {
    runs,
    growth: options.growth ? undefined : earlier.growth,
    minutes: earlier.minutes, // minutes add up
    options: recordedOptions(options, earlier.options)
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  const about = await versions() // at the start: the commit measured, even if one lands meanwhile
  mkdirSync(WORK, { recursive: true })
  const started = Date.now()
  const log = (text: string) =>
    console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${text}`)
  const programs = new Map<string, Program>()
  for (const name of options.programs) programs.set(name, await prepareProgram(name))
  const template = await toolCacheTemplate([...programs.values()][0])
  const carried = reused(options)
  const runs: BenchRun[] = carried.runs
  const session = Date.now().toString(36)
  for (const cell of plannedRuns(options)) {
    for (const run of await measureCell(cell, programs.get(cell.program) as Program, template, session)) {
      runs.push(run)
      log(
        `${run.program} ×${run.set} ${run.approach.padEnd(7)} ${run.condition}: ${run.seconds.toFixed(1)} s`
      )
    }
    writeFileSync(join(WORK, 'runs.json'), JSON.stringify(runs)) // what a crash would leave
  }
  const blobd = programs.get('blobd')
  const growth = options.growth && blobd ? await measureGrowth(blobd, template, session, log) : carried.growth
  const results: BenchResults = {
    date: new Date().toISOString(),
    minutes: carried.minutes + (Date.now() - started) / 60000,
    options: carried.options,
    versions: about,
    programs: [...programs.values()].map(({ name, mains, ownLines, dependencyLines }) => ({
      name,
      main: mains.join(' '),
      ownLines,
      dependencyLines
    })),
    platformSets: PLATFORM_SETS,
    runs,
    growth
  }
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 1)}\n`)
  writeReport(results, join(ROOT, 'bench'))
  log('wrote bench/results.json, bench/RESULTS.md and bench/chart.svg')
  rmSync(template, { recursive: true, force: true })
}

main().catch((error: Error) => {
  console.error(error.stack ?? error)
  process.exit(1)
})
