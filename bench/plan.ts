// What the benchmark runs, decided without running anything: the command line's options and the
// ordered list of measurements they ask for (tested in __tests__/unit/bench/plan.test.ts).
import type { Approach, BenchResults, Condition } from './report/schema.js'

/**
 * The programs and their main packages; `bumps`: it has a dependency the dependency-bump case can move
 * (hello has none). blobd3 is blobd with two more commands sharing its packages and dependencies: three
 * binaries in one image (only the action and the floor build it: the Dockerfiles build one binary).
 */
export const PROGRAMS = {
  hello: { source: 'examples/hello', mains: ['./cmd/hello'], bumps: false },
  blobd: { source: 'bench/programs/blobd', mains: ['./cmd/blobd'], bumps: true },
  blobd3: {
    source: 'bench/programs/blobd',
    mains: ['./cmd/blobd', './cmd/blobctl', './cmd/blobpack'],
    bumps: false
  }
}

/** Whether an approach builds a program: the Dockerfiles build one binary. */
export const builds = (approach: Approach, program: ProgramName): boolean =>
  PROGRAMS[program].mains.length === 1 || approach === 'action' || approach === 'floor'
export type ProgramName = keyof typeof PROGRAMS

export const PLATFORM_SETS: Record<string, string[]> = {
  1: ['linux/arm64'],
  2: ['linux/amd64', 'linux/arm64'],
  4: ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/ppc64le']
}

/** local: caches kept on this machine between runs; hosted: every run on a fresh runner. */
export type Scenario = 'local' | 'hosted'

/** The scenario a run's condition belongs to. */
export const scenarioOf = (condition: Condition): Scenario =>
  condition.startsWith('hosted-') ? 'hosted' : 'local'

export interface BenchOptions {
  reps: number
  /** Repetitions of the typical (QEMU) Dockerfile, whose emulated builds take minutes. */
  emulatedReps: number
  /** Repetitions of the hosted scenario. */
  hostedReps: number
  /**
   * Next commits per hosted repetition, each on a fresh runner from the entries the cold run saved: a
   * few seconds each and noisy on a shared disk, so more than one gives their median something to hold.
   */
  hostedNextRuns: number
  /**
   * Warm next commits per local repetition (the typical Dockerfile's: one, a minute each): a second
   * or two each, where the first run of two can differ by a third, so more than one gives the median
   * something to hold, as for the hosted next commits.
   */
  warmRuns: number
  programs: ProgramName[]
  sets: string[]
  approaches: Approach[]
  scenarios: Scenario[]
  /** Run the cache-growth sequence (20 commits and 3 dependency bumps of blobd). */
  growth: boolean
  /** A results.json whose runs of approaches not run now are carried over (their builds do not involve the action). */
  reuse: string
}

const APPROACHES: Approach[] = ['action', 'typical', 'cross', 'floor']
const SCENARIOS: Scenario[] = ['local', 'hosted']

function listOf<T extends string>(flag: string, value: string, accepted: readonly T[]): T[] {
  const items = value.split(',')
  const bad = items.find(item => !accepted.includes(item as T))
  if (bad !== undefined) throw new Error(`${flag}: "${bad}" is not one of ${accepted.join(', ')}`)
  return items as T[]
}

/** A count given to `flag`: a whole number, at least `least`. */
function countOf(flag: string, value: string, least: number): number {
  if (!/^\d+$/.test(value) || Number(value) < least)
    throw new Error(`${flag}: "${value}" is not a whole number of at least ${least}`)
  return Number(value)
}

/**
 * [--reps N] [--emulated-reps N] [--hosted-reps N] [--hosted-next-runs N] [--warm-runs N] [--programs hello,blobd]
 * [--sets 1,2,4] [--approaches action,…] [--scenarios local,hosted] [--growth true|false]
 * [--reuse results.json]
 */
export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    reps: 3,
    emulatedReps: 1,
    hostedReps: 1,
    hostedNextRuns: 1,
    warmRuns: 1,
    programs: Object.keys(PROGRAMS) as ProgramName[],
    sets: Object.keys(PLATFORM_SETS),
    approaches: APPROACHES,
    scenarios: SCENARIOS,
    growth: true,
    reuse: ''
  }
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value = ''] = [argv[i], argv[i + 1]]
    if (flag === '--reps') options.reps = countOf(flag, value, 1)
    else if (flag === '--emulated-reps') options.emulatedReps = countOf(flag, value, 0)
    else if (flag === '--hosted-reps') options.hostedReps = countOf(flag, value, 0)
    else if (flag === '--hosted-next-runs') options.hostedNextRuns = countOf(flag, value, 1)
    else if (flag === '--warm-runs') options.warmRuns = countOf(flag, value, 1)
    else if (flag === '--programs')
      options.programs = listOf(flag, value, Object.keys(PROGRAMS) as ProgramName[])
    else if (flag === '--sets') options.sets = listOf(flag, value, Object.keys(PLATFORM_SETS))
    else if (flag === '--approaches') options.approaches = listOf(flag, value, APPROACHES)
    else if (flag === '--scenarios') options.scenarios = listOf(flag, value, SCENARIOS)
    else if (flag === '--growth') options.growth = listOf(flag, value, ['true', 'false'])[0] === 'true'
    else if (flag === '--reuse') options.reuse = value
    else throw new Error(`unknown argument ${flag}`)
  }
  return options
}

/**
 * The repetitions a results.json records: this run's, but for a scenario not run now (its runs carried
 * over from `earlier`, --reuse), whose repetitions are the earlier results'.
 */
export function recordedOptions(
  options: BenchOptions,
  earlier: BenchResults['options']
): BenchResults['options'] & BenchOptions {
  const local = options.scenarios.includes('local')
  const hosted = options.scenarios.includes('hosted')
  return {
    ...options,
    reps: local ? options.reps : earlier.reps,
    warmRuns: local ? options.warmRuns : (earlier.warmRuns ?? 1),
    hostedReps: hosted ? options.hostedReps : (earlier.hostedReps ?? 0),
    hostedNextRuns: hosted ? options.hostedNextRuns : (earlier.hostedNextRuns ?? 1)
  }
}

/** One approach on one program and platform set in one repetition: a cold run, then (maybe) warm ones. */
export interface PlannedCell {
  rep: number
  program: ProgramName
  set: string
  approach: Approach
  /** In order; the cold run prunes the engine's build cache first. */
  conditions: Condition[]
}

/**
 * Every cell, interleaved: repetition by repetition, each program, set and approach; the local
 * scenario first, then the hosted one. The typical Dockerfile runs only `emulatedReps` times, and warm
 * only for one platform (a warm typical build redoes all of its emulated compiling: COPY . . invalidates
 * the go build step, which has no cache mount); it has no hosted cells (with cache-from it would import
 * the same layers and still redo every emulated compile: its local runs stand for it).
 */
export function plannedRuns(options: BenchOptions): PlannedCell[] {
  const cells: PlannedCell[] = []
  const each = (
    reps: number,
    cell: (rep: number, program: ProgramName, set: string, a: Approach) => void
  ) => {
    for (let rep = 1; rep <= reps; rep++)
      for (const program of options.programs)
        for (const set of options.sets)
          for (const approach of options.approaches)
            if (builds(approach, program)) cell(rep, program, set, approach)
  }
  if (options.scenarios.includes('local'))
    each(options.reps, (rep, program, set, approach) => {
      if (approach === 'typical' && rep > options.emulatedReps) return
      const warm = approach !== 'typical' ? options.warmRuns : PLATFORM_SETS[set].length === 1 ? 1 : 0
      const conditions: Condition[] = ['cold', ...Array.from({ length: warm }, () => 'warm' as const)]
      cells.push({ rep, program, set, approach, conditions })
    })
  if (options.scenarios.includes('hosted'))
    each(options.hostedReps, (rep, program, set, approach) => {
      if (approach === 'typical') return
      const next: Condition[] = Array.from({ length: options.hostedNextRuns }, () => 'hosted-next')
      const conditions: Condition[] = ['hosted-cold', ...next]
      if (PROGRAMS[program].bumps) conditions.push('hosted-bump')
      cells.push({ rep, program, set, approach, conditions })
    })
  return cells
}

/** One step of the cache-growth sequence: a commit that edits the main package, or a dependency bump. */
export type GrowthStep = 'cold' | 'next' | 'bump'

/**
 * The cache-growth sequence: a cold run, then 20 commits with a dependency bump after every fifth
 * (3 bumps), each on a fresh runner restoring from the Actions cache.
 */
export function growthSteps(commits = 20, bumpEvery = 5): GrowthStep[] {
  const steps: GrowthStep[] = ['cold']
  for (let commit = 1; commit <= commits; commit++) {
    steps.push('next')
    if (commit % bumpEvery === 0 && commit < commits) steps.push('bump')
  }
  return steps
}
