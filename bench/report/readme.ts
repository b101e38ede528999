// The table the project README quotes, between its markers.
import {
  type Approach,
  APPROACH_NAMES,
  type BenchResults,
  type Condition,
  CONDITIONS,
  type Group
} from './schema.js'
import { approachesIn, cellOf, fmt, groupsOf, summarize } from './stats.js'

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
