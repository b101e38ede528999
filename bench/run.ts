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
  prepareProgram,
  ROOT,
  WORK,
  type Measurement,
  type Program
} from './approaches.js'
import { parseOptions, plannedRuns, PLATFORM_SETS, type PlannedCell } from './plan.js'
import { writeReport, type BenchResults, type BenchRun, type ImageFacts } from './report.js'

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
    env: { PATH: pathWithoutGo(), GITHUB_WORKSPACE: program.dir },
    runnerDir: template
  })
  if (warmup.exitCode !== 0) throw new Error(`the warm-up run failed:\n${warmup.log}`)
  return template
}

/** A source edit in the main package, as between two commits: every run builds something new. */
function touchSource(program: Program, id: string): void {
  writeFileSync(
    join(program.dir, program.main, 'bench_stamp.go'),
    `package main\n\nvar benchStamp = "${id}"\n`
  )
}

async function pruneBuilder(): Promise<void> {
  await programOutput('docker', ['buildx', 'prune', '--all', '--force'])
  await programOutput('docker', ['image', 'rm', '--force', bench().golangImage]).catch(() => undefined)
}

/** One cell: its cold run and, where planned, its warm one; the first repetition reads the images back. */
async function measureCell(
  cell: PlannedCell,
  program: Program,
  template: string,
  session: string
): Promise<BenchRun[]> {
  const id = `${session}-${cell.rep}-${program.name}-${cell.set}-${cell.approach}`
  const state = {
    toolCache: join(template, 'tool-cache'),
    cachePrefix: `bench-${id}`,
    floorCache: join(WORK, `floor-cache-${id}`),
    floorModcache: join(WORK, `floor-modcache-${id}`)
  }
  const platforms = PLATFORM_SETS[cell.set]
  const runs: BenchRun[] = []
  for (const condition of cell.conditions) {
    if (condition === 'cold') await pruneBuilder()
    touchSource(program, `${id}-${condition}`)
    const ref = `${bench().registry}/bench/${program.name}-${cell.approach}:${id}-${condition}`
    const measurement: Measurement = { program, platforms, ref, state, cold: condition === 'cold' }
    const result = await APPROACHES[cell.approach](measurement)
    const images = cell.rep === 1 && condition === 'cold' ? await imageFacts(ref) : undefined
    const { rep, approach } = cell
    runs.push({ program: program.name, set: Number(cell.set), approach, condition, rep, ...result, images })
  }
  rmSync(state.floorCache, { recursive: true, force: true })
  rmSync(state.floorModcache, { recursive: true, force: true })
  return runs
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
  const runs: BenchRun[] = []
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
  const results: BenchResults = {
    date: new Date().toISOString(),
    minutes: (Date.now() - started) / 60000,
    options,
    versions: about,
    programs: [...programs.values()].map(({ name, main, ownLines, dependencyLines }) => ({
      name,
      main,
      ownLines,
      dependencyLines
    })),
    platformSets: PLATFORM_SETS,
    runs
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
