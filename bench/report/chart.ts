// bench/chart.svg: per condition a panel with a log axis and, per program and platform set, a bar per
// approach (median, whiskers min–max).
import {
  type Approach,
  APPROACH_NAMES,
  type BenchResults,
  type Condition,
  CONDITIONS,
  type Stats
} from './schema.js'
import { approachesIn, cellOf, fmt, groupsOf } from './stats.js'

const COLORS: Record<Approach, string> = {
  action: '#2f6fdf',
  typical: '#d9534f',
  cross: '#f0ad4e',
  floor: '#5cb85c'
}

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
