// What the benchmark runs, decided without running anything: the command line's options and the
// ordered list of measurements they ask for (tested in __tests__/unit/bench/plan.test.ts).
import type { Approach, Condition } from './report.js'

export const PROGRAMS = {
  hello: { source: 'examples/hello', main: './cmd/hello' },
  blobd: { source: 'bench/programs/blobd', main: './cmd/blobd' }
}
export type ProgramName = keyof typeof PROGRAMS

export const PLATFORM_SETS: Record<string, string[]> = {
  1: ['linux/arm64'],
  2: ['linux/amd64', 'linux/arm64'],
  4: ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/ppc64le']
}

export interface BenchOptions {
  reps: number
  /** Repetitions of the typical (QEMU) Dockerfile, whose emulated builds take minutes. */
  emulatedReps: number
  programs: ProgramName[]
  sets: string[]
  approaches: Approach[]
}

const APPROACHES: Approach[] = ['action', 'typical', 'cross', 'floor']

function listOf<T extends string>(flag: string, value: string, accepted: readonly T[]): T[] {
  const items = value.split(',')
  const bad = items.find(item => !accepted.includes(item as T))
  if (bad !== undefined) throw new Error(`${flag}: "${bad}" is not one of ${accepted.join(', ')}`)
  return items as T[]
}

/** [--reps N] [--emulated-reps N] [--programs hello,blobd] [--sets 1,2,4] [--approaches action,…] */
export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    reps: 3,
    emulatedReps: 1,
    programs: Object.keys(PROGRAMS) as ProgramName[],
    sets: Object.keys(PLATFORM_SETS),
    approaches: APPROACHES
  }
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value = ''] = [argv[i], argv[i + 1]]
    if (flag === '--reps') options.reps = Number(value)
    else if (flag === '--emulated-reps') options.emulatedReps = Number(value)
    else if (flag === '--programs')
      options.programs = listOf(flag, value, Object.keys(PROGRAMS) as ProgramName[])
    else if (flag === '--sets') options.sets = listOf(flag, value, Object.keys(PLATFORM_SETS))
    else if (flag === '--approaches') options.approaches = listOf(flag, value, APPROACHES)
    else throw new Error(`unknown argument ${flag}`)
  }
  return options
}

/** One approach on one program and platform set in one repetition: a cold run, then (maybe) a warm one. */
export interface PlannedCell {
  rep: number
  program: ProgramName
  set: string
  approach: Approach
  /** In order; the cold run prunes the engine's build cache first. */
  conditions: Condition[]
}

/**
 * Every cell, interleaved: repetition by repetition, each program, set and approach. The typical
 * Dockerfile runs only `emulatedReps` times, and warm only for one platform (a warm typical build
 * redoes all of its emulated compiling: COPY . . invalidates the go build step, which has no cache mount).
 */
export function plannedRuns(options: BenchOptions): PlannedCell[] {
  const cells: PlannedCell[] = []
  for (let rep = 1; rep <= options.reps; rep++)
    for (const program of options.programs)
      for (const set of options.sets)
        for (const approach of options.approaches) {
          if (approach === 'typical' && rep > options.emulatedReps) continue
          const warm = approach !== 'typical' || PLATFORM_SETS[set].length === 1
          cells.push({ rep, program, set, approach, conditions: warm ? ['cold', 'warm'] : ['cold'] })
        }
  return cells
}
