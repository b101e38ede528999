// The compile stage: checks the main packages, runs the planned `go build`s in parallel (up to one per
// core), then proves each binary static.
import * as core from '@actions/core'
import { mkdir, rename, rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { printUntrusted, run } from '../exec.js'
import { readElfFile, staticProblem } from './elf.js'
import { rebaseGoPaths, withGoMatcher } from './matcher.js'
import { checkPackages, type Listing } from './packages.js'
import {
  compileJobs,
  goExecName,
  GORELEASER_STAMPS,
  type CompileJob,
  type CompileRequest,
  type JobBinary
} from './plan.js'
import { asError, messageOf } from '../errors.js'

export interface Binary {
  platform: string
  name: string
  path: string
  size: number
  seconds: number
  /** When its compile started (ms since 1970), for the summary's timeline. */
  started: number
}

/** How Go's messages are turned into the action's: paths from the workspace, packages by their pattern. */
export interface Reporting {
  /** The working directory as seen from the workspace, for the paths in Go's messages. */
  sourcePrefix: string
  /** Each main package's import path by its pattern, when `go list` could load them. */
  importPaths?: Record<string, string>
}

/** Pure: the packages Go's output says failed (its "# import/path" lines), main packages by their pattern. */
export function failedPackages(said: string, importPaths: Record<string, string> = {}): string[] {
  const patternOf = new Map(Object.entries(importPaths).map(([pattern, path]) => [path, pattern]))
  const failed = [...said.matchAll(/^# (\S+)$/gm)].map(([, path]) => patternOf.get(path) ?? path)
  return [...new Set(failed)]
}

function buildFailure(job: CompileJob, said: string, reporting: Reporting): Error {
  // Printed line by line, paths from the workspace: the problem matcher makes them annotations.
  printUntrusted(rebaseGoPaths(said, reporting.sourcePrefix))
  const failed = failedPackages(said, reporting.importPaths)
  const where = failed.length ? ` in ${failed.join(', ')}` : ''
  const output = job.outputDir ?? job.binaries[0].output
  const full = /no space left on device/i.test(said)
    ? ` because the disk is full (no space left to write ${output})`
    : ''
  return new Error(`go build for ${job.platform.name} failed${where}${full}:\n${said}`)
}

/** Moves each binary of a several-mains build from Go's name for it to its own path. */
async function placeBinaries(job: CompileJob, importPaths: Record<string, string> = {}): Promise<void> {
  if (!job.outputDir) return
  for (const binary of job.binaries)
    await rename(join(job.outputDir, goExecName(importPaths[binary.package] ?? binary.name)), binary.output)
  await rm(job.outputDir, { recursive: true, force: true })
}

/** Proves that a binary can run FROM scratch. */
async function provenStatic(job: CompileJob, binary: JobBinary, started: number): Promise<Binary> {
  let problem: string | undefined
  let size = 0
  try {
    const elf = await readElfFile(binary.output)
    size = elf.size
    problem = staticProblem(elf.facts, job.platform.elfMachine)
  } catch (error) {
    problem = messageOf(error)
  }
  if (problem)
    throw new Error(`the binary ${binary.name} for ${job.platform.name} cannot run FROM scratch: ${problem}`)
  const seconds = (Date.now() - started) / 1000
  return {
    platform: job.platform.name,
    name: binary.name,
    path: binary.output,
    size,
    seconds,
    started
  }
}

async function compileOne(
  go: string,
  cwd: string,
  job: CompileJob,
  signal: AbortSignal,
  reporting: Reporting
): Promise<Binary[]> {
  const started = Date.now()
  await mkdir(job.outputDir ?? dirname(job.binaries[0].output), { recursive: true })
  const result = await run(go, job.args, { cwd, env: job.env, signal })
  if (signal.aborted) throw new Error(`${job.platform.name}: stopped because another platform failed`)
  if (result.code !== 0) throw buildFailure(job, (result.stderr || result.stdout).trim(), reporting)
  await placeBinaries(job, reporting.importPaths)
  return Promise.all(job.binaries.map(binary => provenStatic(job, binary, started)))
}

/**
 * What one go build gave: "linux/amd64 app: 6222008 bytes in 1.2 s", or for several binaries of one
 * build, each size and the build's time once.
 */
export function compiledLine(binaries: Binary[]): string {
  const [first] = binaries
  if (binaries.length === 1)
    return `${first.platform} ${first.name}: ${first.size} bytes in ${first.seconds.toFixed(1)} s`
  const sizes = binaries.map(b => `${b.name} ${b.size} bytes`).join(', ')
  return `${first.platform}: ${sizes}, in one go build of ${first.seconds.toFixed(1)} s`
}

/**
 * Builds every platform; the first failure stops the others and is the error reported. The binaries
 * come in the jobs' order.
 */
export async function compileAll(
  go: string,
  cwd: string,
  jobs: CompileJob[],
  reporting: Reporting = { sourcePrefix: '' },
  /** Aborted from outside (another stage failed): every build stops. */
  stop?: AbortSignal
): Promise<Binary[]> {
  const abort = new AbortController()
  stop?.addEventListener('abort', () => abort.abort(), { once: true })
  const results: Binary[][] = Array.from({ length: jobs.length }, (): Binary[] => [])
  let next = 0
  let firstError: Error | undefined
  const worker = async () => {
    while (next < jobs.length && !firstError) {
      const index = next++
      try {
        results[index] = await compileOne(go, cwd, jobs[index], abort.signal, reporting)
        core.info(compiledLine(results[index]))
      } catch (error) {
        if (!firstError) {
          firstError = asError(error)
          abort.abort()
        }
      }
    }
  }
  const workers = Math.min(jobs.length, availableParallelism())
  await Promise.all(Array.from({ length: workers }, worker))
  if (firstError) throw firstError
  return results.flat()
}

/** Where and how the program is compiled, beyond the compile request. */
export interface CompileRun {
  go: string
  /** The version stamped into the binaries. */
  version: string
  /** The full commit SHA and its time (RFC 3339), for goreleaser's main.commit and main.date. */
  commit: string
  date: string
  contextDir: string
  /** GITHUB_WORKSPACE: Go's messages name files relative to it. */
  workspace: string
  /** Aborted from outside (another stage failed): every build stops. */
  stop?: AbortSignal
  /** What `go list` said while the cache folders were checked, when it still holds (listFromFolders). */
  listed?: Listing
}

/**
 * Whether the mains can be built in one `go build` per platform: Go names each binary after its import
 * path (goExecName), so it must know them, and no two may share that name.
 */
export function batchable(importPaths: Record<string, string> | undefined, packages: string[]): boolean {
  if (!importPaths || packages.some(p => !importPaths[p])) return false
  const names = packages.map(p => goExecName(importPaths[p]))
  return new Set(names).size === names.length
}

/** The compile stage: checks the main packages, then builds every platform's binaries. */
export async function compileProgram(request: CompileRequest, how: CompileRun): Promise<Binary[]> {
  const { workingDirectory, mains } = request
  const packages = mains.map(main => main.package)
  const facts = await checkPackages(how.go, request, how.listed)
  const values: Record<string, string> = {
    [GORELEASER_STAMPS.commit]: how.commit,
    [GORELEASER_STAMPS.date]: how.date
  }
  const stamps = Object.fromEntries(facts.stamps.map(variable => [variable, values[variable]]))
  const batch = batchable(facts.importPaths, packages)
  const jobs = compileJobs(request, how.version, how.contextDir, stamps, batch)
  const reporting = {
    sourcePrefix: relative(how.workspace, workingDirectory),
    importPaths: facts.importPaths
  }
  return withGoMatcher(how.contextDir, () => compileAll(how.go, workingDirectory, jobs, reporting, how.stop))
}
