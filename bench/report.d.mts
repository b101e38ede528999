export interface BenchRun {
  program: string
  set: number
  approach: 'action' | 'typical' | 'cross' | 'floor'
  condition: 'cold' | 'warm'
  rep: number
  seconds: number
  stages?: Record<string, number>
  binaries?: Record<string, number>
  images?: Record<string, { layers: number; compressed: number; unpacked: number }>
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
export function summarize(results: BenchResults): Map<string, CellStats>
export function chartSvg(results: BenchResults, stats: Map<string, CellStats>): string
export function resultsMarkdown(results: BenchResults): string
export function targets(
  results: BenchResults,
  stats: Map<string, CellStats>,
  groups: { program: string; set: number }[]
): { holds: boolean; text: string }[]
export function readmeTable(results: BenchResults): string
export const README_MARKERS: [string, string]
export function withReadmeTable(readme: string, results: BenchResults): string
export function writeReport(results: BenchResults, dir: string): void
