// Turns bench/results.json into bench/RESULTS.md and bench/chart.svg. Pure but for the writes:
// `npx tsx bench/report.ts` re-renders them from a committed results.json.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export type Approach = 'action' | 'typical' | 'cross' | 'floor'
export type Condition = 'cold' | 'warm'
export const CONDITIONS: Condition[] = ['cold', 'warm']

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
}

export interface BenchResults {
  date: string
  minutes: number
  options: { reps: number; emulatedReps: number }
  versions: Record<string, string>
  programs: { name: string; main: string; ownLines: number; dependencyLines: number }[]
  platformSets: Record<string, string[]>
  runs: BenchRun[]
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
const TARGETS: Record<Condition, number> = { cold: 1.1, warm: 1.25 }
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
    `<text x="${x0 + axis.panelW / 2}" y="20" text-anchor="middle" font-weight="bold">${condition} caches</text>`
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
  const out = CONDITIONS.flatMap((condition, panel) => chartPanel(results, stats, condition, panel, axis))
  approaches.forEach((a, j) => {
    out.push(`<rect x="${60 + j * 200}" y="${h - 12}" width="12" height="12" fill="${COLORS[a]}"/>`)
    out.push(`<text x="${76 + j * 200}" y="${h - 2}" font-size="12">${APPROACH_NAMES[a]}</text>`)
  })
  const width = 2 * panelW + 20
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
    `- repetitions: ${results.options.reps} (the typical Dockerfile, whose emulated builds take minutes: ${results.options.emulatedReps}), interleaved`,
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
    for (const condition of CONDITIONS) {
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

export function resultsMarkdown(results: BenchResults): string {
  const stats = summarize(results)
  const targetLines = targets(results, stats, groupsOf(results)).map(
    t => `- ${t.holds ? '✅ holds' : '❌ misses'}: ${t.text}`
  )
  return [
    ...headerLines(results),
    ...wallTimeLines(results, stats),
    ...stageLines(results, stats),
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
  for (const condition of CONDITIONS) {
    const ratios = groups.flatMap(g => {
      const [a, f] = [cellOf(stats, g, 'action', condition), cellOf(stats, g, 'floor', condition)]
      return a && f ? [{ g, a, f, ratio: a.median / f.median }] : []
    })
    if (!ratios.length) continue
    const misses = ratios.filter(x => x.ratio > TARGETS[condition])
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
        `action / floor ≤ ${TARGETS[condition]} ${condition}: ${ratios.map(x => `${x.g.program}×${x.g.set} ${x.ratio.toFixed(2)}`).join(', ')}.` +
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
    ...sizeTargets(results)
  ]
}

/** The table the project README quotes: median seconds, cold / warm, per approach. */
export function readmeTable(results: BenchResults): string {
  const stats = summarize(results)
  const approaches = approachesIn(results, ['action', 'floor', 'cross', 'typical'])
  const cell = (g: Group, a: Approach) =>
    CONDITIONS.map(c => cellOf(stats, g, a, c))
      .map(s => (s ? fmt(s.median) : '–'))
      .join(' / ')
  return [
    `| program | platforms | ${approaches.map(a => `${APPROACH_NAMES[a]}, cold / warm`).join(' | ')} |`,
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
