// The compile stage: checks the main packages, runs the planned `go build`s in parallel (up to one per
// core), then proves each binary static.
import * as core from '@actions/core'
import { mkdir, readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { dirname, relative } from 'node:path'
import { printUntrusted, run } from '../exec.js'
import { readElf, staticProblem } from './elf.js'
import { rebaseGoPaths, withGoMatcher } from './matcher.js'
import { checkPackages } from './packages.js'
import { compileJobs, GORELEASER_STAMPS, type CompileJob, type CompileRequest } from './plan.js'

export interface Binary {
  platform: string
  name: string
  path: string
  size: number
  seconds: number
  /** When its compile started (ms since 1970), for the summary's timeline. */
  started: number
}

async function compileOne(
  go: string,
  cwd: string,
  job: CompileJob,
  signal: AbortSignal,
  sourcePrefix: string
): Promise<Binary> {
  const started = Date.now()
  await mkdir(dirname(job.output), { recursive: true })
  const result = await run(go, job.args, { cwd, env: { ...process.env, ...job.env }, signal })
  if (signal.aborted) throw new Error(`${job.platform.name}: stopped because another platform failed`)
  if (result.code !== 0) {
    const said = (result.stderr || result.stdout).trim()
    // Printed line by line, paths from the workspace: the problem matcher makes them annotations.
    printUntrusted(rebaseGoPaths(said, sourcePrefix))
    const full = /no space left on device/i.test(said)
      ? ` because the disk is full (no space left to write ${job.output})`
      : ''
    throw new Error(`go build for ${job.platform.name} failed${full}:\n${said}`)
  }
  const data = await readFile(job.output)
  let problem: string | undefined
  try {
    problem = staticProblem(readElf(data), job.platform.elfMachine)
  } catch (error) {
    problem = (error as Error).message
  }
  if (problem) throw new Error(`the binary for ${job.platform.name} cannot run FROM scratch: ${problem}`)
  return {
    platform: job.platform.name,
    name: job.name,
    path: job.output,
    size: data.length,
    seconds: (Date.now() - started) / 1000,
    started
  }
}

/**
 * Builds every platform; the first failure stops the others and is the error reported. `sourcePrefix`
 * is the working directory as seen from the workspace, for the paths in Go's messages.
 */
export async function compileAll(
  go: string,
  cwd: string,
  jobs: CompileJob[],
  sourcePrefix = '',
  /** Aborted from outside (another stage failed): every build stops. */
  stop?: AbortSignal
): Promise<Binary[]> {
  const abort = new AbortController()
  stop?.addEventListener('abort', () => abort.abort(), { once: true })
  const results: Binary[] = new Array(jobs.length)
  let next = 0
  let firstError: Error | undefined
  const worker = async () => {
    while (next < jobs.length && !firstError) {
      const index = next++
      try {
        results[index] = await compileOne(go, cwd, jobs[index], abort.signal, sourcePrefix)
        core.info(
          `${jobs[index].platform.name} ${jobs[index].name}: ${results[index].size} bytes in ${results[index].seconds.toFixed(1)} s`
        )
      } catch (error) {
        if (!firstError) {
          firstError = error as Error
          abort.abort()
        }
      }
    }
  }
  const workers = Math.min(jobs.length, availableParallelism())
  await Promise.all(Array.from({ length: workers }, worker))
  if (firstError) throw firstError
  return results
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
}

/** The compile stage: checks the main packages, then builds every platform's binaries. */
export async function compileProgram(request: CompileRequest, how: CompileRun): Promise<Binary[]> {
  const { workingDirectory, mains } = request
  const packages = mains.map(main => main.package)
  const declared = await checkPackages(
    how.go,
    workingDirectory,
    packages,
    {
      name: request.versionVariable,
      given: request.versionVariableGiven
    },
    request.cgo
  )
  const values: Record<string, string> = {
    [GORELEASER_STAMPS.commit]: how.commit,
    [GORELEASER_STAMPS.date]: how.date
  }
  const stamps = Object.fromEntries(declared.map(variable => [variable, values[variable]]))
  const jobs = compileJobs(request, how.version, how.contextDir, stamps)
  return withGoMatcher(how.contextDir, () =>
    compileAll(how.go, workingDirectory, jobs, relative(how.workspace, workingDirectory), how.stop)
  )
}
