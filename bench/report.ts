// Turns bench/results.json into bench/RESULTS.md and bench/chart.svg. Pure but for the writes:
// `npx tsx bench/report.ts` re-renders them from a committed results.json.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export type Approach = 'action' | 'typical' | 'cross' | 'floor'
export type Condition = 'cold' | 'warm' | 'hosted-cold' | 'hosted-next' | 'hosted-bump'
/** The local scenario: caches kept on this machine between runs. */
export const CONDITIONS: Condition[] = ['cold', 'warm']
/** The hosted scenario: every run on a fresh runner, with only what its documented caching restores. */
export const HOSTED_CONDITIONS: Condition[] = ['hosted-cold', 'hosted-next', 'hosted-bump']

/** What one platform's image holds, read back from the registry. */
export interface ImageFacts {
  layers: number
  compressed: number
  unpacked: number
}

export interface BenchRun {
  program: string
  set: number
  approach: Approach
  condition: Condition
  rep: number
  seconds: number
  stages?: Record<string, number>
  binaries?: Record<string, number>
  images?: Record<string, ImageFacts>
  /** Bytes the run saved to the Actions cache (the action, the hosted floor). */
  uploadedBytes?: number
  /** The cache entries the run saved: key → bytes. */
  cacheEntries?: Record<string, number>
  /** Set on runs carried over from an earlier results.json (--reuse): that file's date. */
  reusedFrom?: string
}

/** One run of the cache-growth sequence: the step, its time, and the cache entries it saved. */
export interface GrowthRun {
  step: 'cold' | 'next' | 'bump'
  seconds: number
  uploadedBytes: number
  cacheEntries: Record<string, number>
}

export interface BenchResults {
  date: string
  minutes: number
  options: { reps: number; emulatedReps: number; hostedReps?: number }
  versions: Record<string, string>
  programs: { name: string; main: string; ownLines: number; dependencyLines: number }[]
  platformSets: Record<string, string[]>
  runs: BenchRun[]
  growth?: GrowthRun[]
}

export interface CellStats {
  n: number
  median: number
  min: number
  max: number
  runs: BenchRun[]
}
type Stats = Map<string, CellStats>

/** A program built for one platform set. */
interface Group {
  program: string
  set: number
}

export const APPROACH_NAMES: Record<Approach, string> = {
  action: 'go-mini-action',
  typical: 'typical Dockerfile (QEMU)',
  cross: 'cross-compiling Dockerfile',
  floor: 'floor: go build + COPY'
}
const COLORS: Record<Approach, string> = {
  action: '#2f6fdf',
  typical: '#d9534f',
  cross: '#f0ad4e',
  floor: '#5cb85c'
}
const TARGETS: Partial<Record<Condition, number>> = { cold: 1.1, warm: 1.25, 'hosted-next': 1.3 }
const OVERHEAD_TARGET = 700 * 1024

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const fmt = (s: number) => (s >= 100 ? s.toFixed(0) : s.toFixed(1))
const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`
const mib = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`

const cellKey = (program: string, set: number, approach: Approach, condition: Condition) =>
  `${program}|${set}|${approach}|${condition}`
/** The stats of one cell: group `g` (program and platform set), approach `a`, condition `c`. */
const cellOf = (stats: Stats, g: Group, a: Approach, c: Condition) =>
  stats.get(cellKey(g.program, g.set, a, c))

/** The approaches `results` ran, in `order`. */
const approachesIn = (results: BenchResults, order = Object.keys(APPROACH_NAMES) as Approach[]) =>
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

const groupsOf = (results: BenchResults): Group[] =>
  results.programs.flatMap(p =>
    Object.keys(results.platformSets)
      .filter(s => results.runs.some(r => r.program === p.name && r.set === Number(s)))
      .map(s => ({ program: p.name, set: Number(s) }))
  )

/** One panel of the chart (cold or warm): a log axis and, per group, a bar per approach. */
function chartPanel(
  results: BenchResults,
  stats: Stats,
  condition: Condition,
  panel: number,
  axis: Axis
): string[] {
  const groups = groupsOf(results)
  const approaches = approachesIn(results)
  const x0 = panel * (axis.panelW + 20)
  const out = [
    `<text x="${x0 + axis.panelW / 2}" y="20" text-anchor="middle" font-weight="bold">${condition === 'hosted-next' ? 'next commit, hosted runner' : `${condition} caches`}</text>`
  ]
  for (const t of axis.ticks) {
    out.push(
      `<line x1="${x0 + 50}" x2="${x0 + axis.panelW}" y1="${axis.y(t)}" y2="${axis.y(t)}" stroke="#ddd"/>`
    )
    out.push(`<text x="${x0 + 45}" y="${axis.y(t) + 4}" text-anchor="end" font-size="11">${t} s</text>`)
  }
  groups.forEach((g, i) => {
    const gx = x0 + 60 + i * (approaches.length * 14 + 20)
    approaches.forEach((a, j) => {
      const s = cellOf(stats, g, a, condition)
      if (!s) return
      const [bx, by] = [gx + j * 14, axis.y(s.median)]
      out.push(
        `<rect x="${bx}" y="${by}" width="12" height="${axis.bottom - by}" fill="${COLORS[a]}"><title>${APPROACH_NAMES[a]}: ${fmt(s.median)} s</title></rect>`
      )
      out.push(
        `<line x1="${bx + 6}" x2="${bx + 6}" y1="${axis.y(s.max)}" y2="${axis.y(s.min)}" stroke="#333"/>`
      )
    })
    const cx = gx + (approaches.length * 14) / 2
    out.push(
      `<text x="${cx}" y="${axis.bottom + 16}" text-anchor="middle" font-size="11">${g.program}</text>`
    )
    out.push(
      `<text x="${cx}" y="${axis.bottom + 30}" text-anchor="middle" font-size="11">${g.set} platform${g.set > 1 ? 's' : ''}</text>`
    )
  })
  return out
}

interface Axis {
  panelW: number
  bottom: number
  ticks: number[]
  y: (seconds: number) => number
}

/** The chart's panels: cold and warm, and the hosted next commit when it ran. */
const chartConditions = (results: BenchResults): Condition[] =>
  [...CONDITIONS, 'hosted-next' as Condition].filter(c => results.runs.some(r => r.condition === c))

export function chartSvg(results: BenchResults, stats: Stats): string {
  const approaches = approachesIn(results)
  const all = [...stats.values()].map(s => s.median)
  const [lo, hi] = [Math.max(0.5, Math.min(...all) / 1.5), Math.max(...all) * 1.5]
  const panelW = 80 + groupsOf(results).length * (approaches.length * 14 + 20)
  const [h, top, bottom] = [300, 40, 250]
  const axis: Axis = {
    panelW,
    bottom,
    ticks: [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].filter(t => t >= lo && t <= hi),
    y: v => top + (bottom - top) * (1 - (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)))
  }
  const conditions = chartConditions(results)
  const out = conditions.flatMap((condition, panel) => chartPanel(results, stats, condition, panel, axis))
  approaches.forEach((a, j) => {
    out.push(`<rect x="${60 + j * 200}" y="${h - 12}" width="12" height="12" fill="${COLORS[a]}"/>`)
    out.push(`<text x="${76 + j * 200}" y="${h - 2}" font-size="12">${APPROACH_NAMES[a]}</text>`)
  })
  const width = conditions.length * (panelW + 20)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h + 10}" viewBox="0 0 ${width} ${h + 10}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...out,
    `<text x="${width - 5}" y="${top - 8}" text-anchor="end" font-size="11" fill="#555">wall time, median (log scale); whiskers: min–max</text>`,
    '</svg>',
    ''
  ].join('\n')
}

const STAGE_NAMES = [
  'Go set-up',
  'cache restore',
  'compile',
  'image build',
  'push',
  'cache save (post)',
  'node, inputs, git, summary'
] as const
type StageRow = Record<(typeof STAGE_NAMES)[number], number>

/** The action's stages: median seconds per stage, with the runner's own time as the rest. */
function stageRow(stats: Stats, group: Group, condition: Condition): StageRow | undefined {
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

/** Which runs were carried over from earlier runs (--reuse), from when and which commit. */
function reusedNote(results: BenchResults): string[] {
  const reused = results.runs.filter(r => r.reusedFrom)
  if (!reused.length) return []
  const sources = [...new Set(reused.map(r => r.reusedFrom))].map(from => {
    const runs = reused.filter(r => r.reusedFrom === from)
    const approaches = [...new Set(runs.map(r => APPROACH_NAMES[r.approach]))].join(', ')
    return `${runs.length} runs of ${approaches} from ${from}`
  })
  return [
    `- carried over from earlier runs (\`--reuse\`), where nothing they measure has changed since: ${sources.join('; ')}. ` +
      "The Dockerfiles' and the floor's builds do not involve the action; carried runs of the action measured the commit named with them."
  ]
}

function headerLines(results: BenchResults): string[] {
  const v = results.versions
  return [
    '# Benchmark results',
    '',
    `Written by \`sudo bash bench/run.sh\` on ${results.date.slice(0, 10)} (${results.minutes.toFixed(0)} minutes). ` +
      'Re-render from `results.json` with `npx tsx bench/report.ts`. How it measures: [README.md](README.md).',
    '',
    `- machine: ${v.machine}; ${v.kernel}`,
    `- Docker ${v.docker}; ${v.buildx}; ${v.go}; ${v.qemu}; Node ${v.node}`,
    `- go-mini-action at ${v.action}`,
    `- repetitions: ${results.options.reps} (the typical Dockerfile, whose emulated builds take minutes: ${results.options.emulatedReps}; the hosted scenario: ${results.options.hostedReps ?? 0}), interleaved`,
    ...reusedNote(results),
    '',
    "| program | own Go lines | dependencies' Go lines |",
    '| --- | --- | --- |',
    ...results.programs.map(p => `| ${p.name} (\`${p.main}\`) | ${p.ownLines} | ${p.dependencyLines} |`),
    '',
    '![wall time per approach and platform count](chart.svg)',
    ''
  ]
}

function wallTimeLines(results: BenchResults, stats: Stats): string[] {
  const approaches = approachesIn(results)
  const lines = [
    '## Wall time',
    '',
    'Median seconds (min–max) from the start of the build to the pushed index; for the action, its main and post steps.',
    ''
  ]
  for (const condition of CONDITIONS) {
    lines.push(
      `### ${condition}`,
      '',
      `| program | platforms | ${approaches.map(a => APPROACH_NAMES[a]).join(' | ')} | action / floor |`,
      `| --- | --- | ${approaches.map(() => '---').join(' | ')} | --- |`
    )
    for (const g of groupsOf(results)) {
      const cells = approaches.map(a => {
        const s = cellOf(stats, g, a, condition)
        return s ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : '–'
      })
      const [action, floor] = [cellOf(stats, g, 'action', condition), cellOf(stats, g, 'floor', condition)]
      const ratio = action && floor ? (action.median / floor.median).toFixed(2) : '–'
      lines.push(`| ${g.program} | ${g.set} | ${cells.join(' | ')} | ${ratio} |`)
    }
    if (condition === 'warm' && approaches.includes('typical'))
      lines.push(
        '',
        'The typical Dockerfile warm is measured for one platform only: it redoes all of its emulated compiling.'
      )
    lines.push('')
  }
  return lines
}

function stageLines(results: BenchResults, stats: Stats): string[] {
  const lines = [
    '## Where the action spends its time',
    '',
    'Median seconds per stage, from the job summary the action writes (main) and its post step.',
    '',
    `| program | platforms | caches | ${STAGE_NAMES.join(' | ')} | total |`,
    `| --- | --- | --- | ${STAGE_NAMES.map(() => '---').join(' | ')} | --- |`
  ]
  for (const g of groupsOf(results))
    for (const condition of [...CONDITIONS, ...HOSTED_CONDITIONS]) {
      const row = stageRow(stats, g, condition)
      const total = cellOf(stats, g, 'action', condition)
      if (row && total)
        lines.push(
          `| ${g.program} | ${g.set} | ${condition} | ${STAGE_NAMES.map(n => fmt(row[n])).join(' | ')} | ${fmt(total.median)} |`
        )
    }
  lines.push('')
  return lines
}

/** The arm64 binary's size for a program: of this run, else of any run that has it. */
function arm64Binary(results: BenchResults, run: BenchRun): number | undefined {
  return (
    run.binaries?.['linux/arm64'] ??
    results.runs.find(r => r.program === run.program && r.binaries?.['linux/arm64'])?.binaries?.[
      'linux/arm64'
    ]
  )
}

function imageLines(results: BenchResults): string[] {
  const lines = [
    '## Images',
    '',
    'linux/arm64 image of each approach (cold run 1): layers, bytes a pull transfers (compressed), bytes unpacked, and the unpacked bytes over the binary.',
    '',
    '| program | approach | layers | compressed | unpacked | binary | unpacked − binary |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  ]
  for (const p of results.programs)
    for (const a of approachesIn(results)) {
      const run = results.runs.find(
        r => r.program === p.name && r.approach === a && r.images?.['linux/arm64']
      )
      const img = run?.images?.['linux/arm64']
      if (!run || !img) continue
      const binary = arm64Binary(results, run)
      lines.push(
        `| ${p.name} | ${APPROACH_NAMES[a]} | ${img.layers} | ${mib(img.compressed)} | ${mib(img.unpacked)} | ${binary ? mib(binary) : '–'} | ${binary ? kib(img.unpacked - binary) : '–'} |`
      )
    }
  lines.push('')
  return lines
}

const HOSTED_NAMES: Record<Approach, string> = {
  action: 'go-mini-action (Actions cache)',
  typical: 'typical Dockerfile',
  cross: 'cross-compiling Dockerfile (cache-to/cache-from)',
  floor: 'hosted floor: setup-go cache + go build + COPY'
}

/** The hosted scenario: per case, each approach's median, the action over the floor, the cross Dockerfile over the action. */
function hostedLines(results: BenchResults, stats: Stats): string[] {
  const approaches = approachesIn(results, ['action', 'floor', 'cross']).filter(a =>
    results.runs.some(r => r.approach === a && HOSTED_CONDITIONS.includes(r.condition))
  )
  if (!approaches.length) return []
  const lines = [
    '## As a hosted runner sees it',
    '',
    'Every run on a fresh runner: the engine pruned, images removed, Go folders empty, Go in the tool cache. ' +
      'Each approach gets back only what its documented GitHub caching gives it (see README.md). ' +
      'The typical Dockerfile has no hosted runs: with cache-from it still redoes every emulated compile, so its local runs stand for it.',
    ''
  ]
  for (const condition of HOSTED_CONDITIONS) {
    const groups = groupsOf(results).filter(g => cellOf(stats, g, 'action', condition))
    if (!groups.length) continue
    lines.push(
      `### ${condition.replace('hosted-', '')}`,
      '',
      `| program | platforms | ${approaches.map(a => HOSTED_NAMES[a]).join(' | ')} | action / floor | cross / action | action uploaded |`,
      `| --- | --- | ${approaches.map(() => '---').join(' | ')} | --- | --- | --- |`
    )
    for (const g of groups) {
      const cell = (a: Approach) => cellOf(stats, g, a, condition)
      const ratio = (x?: CellStats, y?: CellStats) => (x && y ? (x.median / y.median).toFixed(2) : '–')
      const uploaded = median((cell('action')?.runs ?? []).map(r => r.uploadedBytes ?? 0))
      lines.push(
        `| ${g.program} | ${g.set} | ${approaches.map(a => (cell(a) ? fmt((cell(a) as CellStats).median) : '–')).join(' | ')} | ` +
          `${ratio(cell('action'), cell('floor'))} | ${ratio(cell('cross'), cell('action'))} | ${kib(uploaded)} |`
      )
    }
    lines.push('')
  }
  return lines
}

/** The hosted targets: next commit ≥ 3× faster than cross, and uploads ≤ 15% of a cold run's. */
function hostedTargets(stats: Stats, groups: Group[]): Target[] {
  const next = groups.flatMap(g => {
    const [a, x] = [cellOf(stats, g, 'action', 'hosted-next'), cellOf(stats, g, 'cross', 'hosted-next')]
    return a && x ? [{ g, ratio: x.median / a.median }] : []
  })
  const uploads = groups.flatMap(g => {
    const bytes = (c: Condition) =>
      median((cellOf(stats, g, 'action', c)?.runs ?? []).map(r => r.uploadedBytes ?? 0))
    const cold = bytes('hosted-cold')
    return cellOf(stats, g, 'action', 'hosted-next') && cold
      ? [{ g, share: bytes('hosted-next') / cold, next: bytes('hosted-next'), cold }]
      : []
  })
  const out: Target[] = []
  if (next.length)
    out.push({
      holds: next.every(x => x.ratio >= 3),
      text: `next commit ≥ 3× faster than the cross-compiling Dockerfile with its exported cache: ${next.map(x => `${x.g.program}×${x.g.set} ${x.ratio.toFixed(2)}×`).join(', ')}.`
    })
  if (uploads.length)
    out.push({
      holds: uploads.every(x => x.share <= 0.15),
      text: `bytes uploaded to the Actions cache by a next commit ≤ 15% of a cold run's: ${uploads.map(x => `${x.g.program}×${x.g.set} ${kib(x.next)} of ${kib(x.cold)} (${(100 * x.share).toFixed(0)}%)`).join(', ')}.`
    })
  return out
}

/** The build-cache entry's size along the growth sequence: each saved one, first and last. */
function buildEntrySizes(growth: GrowthRun[]): number[] {
  return growth.flatMap(run =>
    Object.entries(run.cacheEntries)
      .filter(([key]) => /-build-/.test(key))
      .map(([, size]) => size)
  )
}

function growthLines(results: BenchResults): string[] {
  const growth = results.growth ?? []
  if (!growth.length) return []
  const sizes = buildEntrySizes(growth)
  const commits = growth.filter(run => run.step === 'next')
  return [
    '## Cache growth',
    '',
    `blobd on 2 platforms, a fresh runner each time: a cold run, then ${commits.length} commits with ${growth.filter(r => r.step === 'bump').length} dependency bumps among them. ` +
      `Build-cache entries saved: ${sizes.map(kib).join(', ') || 'none'}. Bytes uploaded by the commits: ${kib(commits.reduce((sum, r) => sum + r.uploadedBytes, 0))} in all; ` +
      `median next-commit time ${fmt(median(commits.map(r => r.seconds)))} s.`,
    ''
  ]
}

function growthTargets(results: BenchResults): Target[] {
  const sizes = buildEntrySizes(results.growth ?? [])
  if (sizes.length < 1) return []
  const [first, last] = [sizes[0], sizes[sizes.length - 1]]
  return [
    {
      holds: last <= 1.2 * first,
      text: `the build-cache entry after 20 commits and 3 dependency bumps ≤ 1.2× the first: ${kib(last)} vs ${kib(first)} (${(last / first).toFixed(2)}×).`
    }
  ]
}

export function resultsMarkdown(results: BenchResults): string {
  const stats = summarize(results)
  const targetLines = targets(results, stats, groupsOf(results)).map(
    t => `- ${t.holds ? '✅ holds' : '❌ misses'}: ${t.text}`
  )
  return [
    ...headerLines(results),
    ...wallTimeLines(results, stats),
    ...stageLines(results, stats),
    ...hostedLines(results, stats),
    ...growthLines(results),
    ...imageLines(results),
    '## Targets',
    '',
    ...targetLines,
    ''
  ].join('\n')
}

export interface Target {
  holds: boolean
  text: string
}

/** action / floor within TARGETS per condition; a miss names the stages outside compiling and imaging. */
function floorTargets(stats: Stats, groups: Group[]): Target[] {
  const out: Target[] = []
  for (const [condition, limit] of Object.entries(TARGETS) as [Condition, number][]) {
    const ratios = groups.flatMap(g => {
      const [a, f] = [cellOf(stats, g, 'action', condition), cellOf(stats, g, 'floor', condition)]
      return a && f ? [{ g, a, f, ratio: a.median / f.median }] : []
    })
    if (!ratios.length) continue
    const misses = ratios.filter(x => x.ratio > limit)
    const explained = misses.map(x => {
      const row = stageRow(stats, x.g, condition) as StageRow
      const extra = (
        ['Go set-up', 'cache restore', 'cache save (post)', 'node, inputs, git, summary'] as const
      )
        .filter(n => row[n] >= 0.05)
        .map(n => `${n} ${fmt(row[n])} s`)
        .join(', ')
      return ` ${x.g.program}×${x.g.set}: ${fmt(x.a.median - x.f.median)} s over the floor; outside compiling and imaging the action spent ${extra}.`
    })
    out.push({
      holds: misses.length === 0,
      text:
        `action / floor ≤ ${limit} ${condition}: ${ratios.map(x => `${x.g.program}×${x.g.set} ${x.ratio.toFixed(2)}`).join(', ')}.` +
        explained.join('')
    })
  }
  return out
}

/** At least 10× faster than the typical (QEMU) Dockerfile for linux/arm64 alone. */
function typicalTargets(results: BenchResults, stats: Stats, groups: Group[]): Target[] {
  const arm64Only = groups.filter(g => results.platformSets[g.set].join() === 'linux/arm64')
  return CONDITIONS.flatMap(condition => {
    const pairs = arm64Only.flatMap(g => {
      const [a, t] = [cellOf(stats, g, 'action', condition), cellOf(stats, g, 'typical', condition)]
      return a && t ? [{ g, a, t, f: cellOf(stats, g, 'floor', condition) }] : []
    })
    if (!pairs.length) return []
    const text = pairs
      .map(
        x =>
          `${x.g.program} ${(x.t.median / x.a.median).toFixed(1)}× (${fmt(x.t.median)} s vs ${fmt(x.a.median)} s${x.f ? `; the floor is ${(x.t.median / x.f.median).toFixed(1)}× faster` : ''})`
      )
      .join(', ')
    return [
      {
        holds: pairs.every(x => x.t.median / x.a.median >= 10),
        text: `≥ 10× faster than the typical Dockerfile for linux/arm64, ${condition}: ${text}.`
      }
    ]
  })
}

function crossTargets(stats: Stats, groups: Group[]): Target[] {
  const pairs = groups.flatMap(g =>
    CONDITIONS.flatMap(c => {
      const [a, x] = [cellOf(stats, g, 'action', c), cellOf(stats, g, 'cross', c)]
      return a && x ? [{ g, c, a, x }] : []
    })
  )
  if (!pairs.length) return []
  return [
    {
      holds: pairs.every(p => p.a.median < p.x.median),
      text: `faster than the cross-compiling Dockerfile: ${pairs.map(p => `${p.g.program}×${p.g.set} ${p.c} ${(p.x.median / p.a.median).toFixed(2)}×`).join(', ')}.`
    }
  ]
}

function sizeTargets(results: BenchResults): Target[] {
  const over = results.runs
    .filter(r => r.approach === 'action' && r.images)
    .flatMap(r =>
      Object.entries(r.images ?? {}).map(([p, img]) => ({
        program: r.program,
        p,
        over: img.unpacked - (r.binaries?.[p] ?? 0)
      }))
    )
  if (!over.length) return []
  const worst = over.reduce((a, b) => (b.over > a.over ? b : a))
  return [
    {
      holds: over.every(o => o.over <= OVERHEAD_TARGET),
      text: `image ≤ binary + 700 KiB (unpacked): at most binary + ${kib(worst.over)} (${worst.program}, ${worst.p}); the rest is the CA bundle, Go's zoneinfo.zip and /etc/passwd, /etc/group.`
    }
  ]
}

/** Each target of the benchmark, with whether it holds and the numbers behind it. */
export function targets(results: BenchResults, stats: Stats, groups: Group[]): Target[] {
  return [
    ...floorTargets(stats, groups),
    ...typicalTargets(results, stats, groups),
    ...crossTargets(stats, groups),
    ...hostedTargets(stats, groups),
    ...growthTargets(results),
    ...sizeTargets(results)
  ]
}

/** The table the project README quotes: median seconds, cold / warm, per approach. */
export function readmeTable(results: BenchResults): string {
  const stats = summarize(results)
  const approaches = approachesIn(results, ['action', 'floor', 'cross', 'typical'])
  const conditions: Condition[] = [...CONDITIONS, 'hosted-next']
  const cell = (g: Group, a: Approach) =>
    conditions
      .map(c => cellOf(stats, g, a, c))
      .map(s => (s ? fmt(s.median) : '–'))
      .join(' / ')
  return [
    `| program | platforms | ${approaches.map(a => `${APPROACH_NAMES[a]}, cold / warm / hosted next`).join(' | ')} |`,
    `| --- | --- | ${approaches.map(() => '---').join(' | ')} |`,
    ...groupsOf(results).map(
      g =>
        `| ${g.program} | ${results.platformSets[g.set].map(p => p.replace(/^linux\//, '')).join(', ')} | ${approaches.map(a => cell(g, a)).join(' | ')} |`
    )
  ].join('\n')
}

export const README_MARKERS: [string, string] = [
  '<!-- bench-table: written by bench/report.ts -->',
  '<!-- end bench-table -->'
]

/** `readme` with the text between README_MARKERS replaced by the table of `results`. */
export function withReadmeTable(readme: string, results: BenchResults): string {
  const [start, end] = README_MARKERS
  const [i, j] = [readme.indexOf(start), readme.indexOf(end)]
  if (i < 0 || j < i) throw new Error(`the README has no ${start} … ${end} block`)
  return `${readme.slice(0, i + start.length)}\n\n${readmeTable(results)}\n\n${readme.slice(j)}`
}

export function writeReport(results: BenchResults, dir: string): void {
  writeFileSync(join(dir, 'RESULTS.md'), resultsMarkdown(results))
  writeFileSync(join(dir, 'chart.svg'), chartSvg(results, summarize(results)))
  const readme = join(dir, '..', 'README.md')
  writeFileSync(readme, withReadmeTable(readFileSync(readme, 'utf8'), results))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = dirname(fileURLToPath(import.meta.url))
  writeReport(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchResults, dir)
}
