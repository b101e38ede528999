// Statistics over the runs: cells (program, platform set, approach, condition) and their medians, and
// the numbers' formats.
import {
  type Approach,
  APPROACH_NAMES,
  type BenchResults,
  type BenchRun,
  type Condition,
  type Group,
  type GrowthRun,
  type Stats
} from './schema.js'

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

export const fmt = (s: number) => (s >= 100 ? s.toFixed(0) : s.toFixed(1))

export const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`

export const mib = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`

const cellKey = (program: string, set: number, approach: Approach, condition: Condition) =>
  `${program}|${set}|${approach}|${condition}`

/** The stats of one cell: group `g` (program and platform set), approach `a`, condition `c`. */
export const cellOf = (stats: Stats, g: Group, a: Approach, c: Condition) =>
  stats.get(cellKey(g.program, g.set, a, c))

/** The approaches `results` ran, in `order`. */
export const approachesIn = (results: BenchResults, order = Object.keys(APPROACH_NAMES) as Approach[]) =>
  order.filter(a => results.runs.some(r => r.approach === a))

/** Median, min and max wall time of each (program, set, approach, condition). */
export function summarize(results: BenchResults): Stats {
  const cells = new Map<string, BenchRun[]>()
  for (const r of results.runs) {
    const key = cellKey(r.program, r.set, r.approach, r.condition)
    cells.set(key, [...(cells.get(key) ?? []), r])
  }
  const stats: Stats = new Map()
  for (const [key, runs] of cells) {
    const seconds = runs.map(r => r.seconds)
    stats.set(key, {
      n: runs.length,
      median: median(seconds),
      min: Math.min(...seconds),
      max: Math.max(...seconds),
      runs
    })
  }
  return stats
}

export const groupsOf = (results: BenchResults): Group[] =>
  results.programs.flatMap(p =>
    Object.keys(results.platformSets)
      .filter(s => results.runs.some(r => r.program === p.name && r.set === Number(s)))
      .map(s => ({ program: p.name, set: Number(s) }))
  )

/** The build-cache entry's size along the growth sequence: each saved one, first and last. */
export function buildEntrySizes(growth: GrowthRun[]): number[] {
  return growth.flatMap(run =>
    Object.entries(run.cacheEntries)
      .filter(([key]) => /-build-/.test(key))
      .map(([, size]) => size)
  )
}

export const STAGE_NAMES = [
  'Go set-up',
  'cache restore',
  'compile',
  'image build',
  'push',
  'cache save (post)',
  'node, inputs, git, summary'
] as const

export type StageRow = Record<(typeof STAGE_NAMES)[number], number>

/** The action's stages: median seconds per stage, with the runner's own time as the rest. */
export function stageRow(stats: Stats, group: Group, condition: Condition): StageRow | undefined {
  const s = cellOf(stats, group, 'action', condition)
  if (!s) return undefined
  const pick = (pattern: RegExp) =>
    median(
      s.runs.map(r =>
        Object.entries(r.stages ?? {})
          .filter(([n]) => pattern.test(n))
          .reduce((t, [, v]) => t + v, 0)
      )
    )
  const row = {
    'Go set-up': pick(/^Set up Go$/),
    'cache restore': pick(/^Restore Go caches$/),
    compile: pick(/^Build (?!the image)/),
    'image build': pick(/^Build the image$/),
    push: pick(/^Push the image$/),
    'cache save (post)': pick(/^Save Go caches \(post\)$/)
  }
  const measured = Object.values(row).reduce((a, b) => a + b, 0)
  return { ...row, 'node, inputs, git, summary': Math.max(0, s.median - measured) }
}

/** The floor's stages (what bench/approaches.ts times), median seconds; 0 for one it has not. */
export function floorStageRow(stats: Stats, group: Group, condition: Condition) {
  const s = cellOf(stats, group, 'floor', condition)
  const pick = (name: string) => median((s?.runs ?? []).map(r => r.stages?.[name] ?? 0))
  return {
    restore: pick('cache restore'),
    build: pick('go build'),
    image: pick('COPY-only image'),
    save: pick('cache save')
  }
}
