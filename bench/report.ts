// Turns bench/results.json into bench/RESULTS.md, bench/chart.svg and the README's table (the parts
// under bench/report/ are pure): `npx tsx bench/report.ts` re-renders them from a committed results.json.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chartSvg } from './report/chart.js'
import { withReadmeTable } from './report/readme.js'
import { resultsMarkdown } from './report/results.js'
import type { BenchResults } from './report/schema.js'
import { summarize } from './report/stats.js'

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
