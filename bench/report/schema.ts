// The benchmark's results as results.json holds them: approaches, conditions, runs and the growth sequence.
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
  options: {
    reps: number
    emulatedReps: number
    hostedReps?: number
    hostedNextRuns?: number
    warmRuns?: number
  }
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

export type Stats = Map<string, CellStats>

/** A program built for one platform set. */
export interface Group {
  program: string
  set: number
}

export const APPROACH_NAMES: Record<Approach, string> = {
  action: 'go-mini-action',
  typical: 'typical Dockerfile (QEMU)',
  cross: 'cross-compiling Dockerfile',
  floor: 'floor: go build + COPY'
}
