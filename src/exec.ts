// Runs programs with argument arrays (never a shell string), capturing their output.
import * as core from '@actions/core'
import { spawn } from 'node:child_process'

export interface RunOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Aborting kills the program (used to stop sibling builds when one fails). */
  signal?: AbortSignal
  /** Stream the program's output to the log as it comes, besides capturing it. */
  stream?: boolean
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs a program and resolves with its exit code and output; rejects only when it cannot start. */
export function run(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  core.info(`[command]${[file, ...args].join(' ')}`)
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      signal: options.signal,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk)
      if (options.stream) process.stdout.write(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk)
      if (options.stream) process.stdout.write(chunk)
    })
    child.on('error', error => {
      if (error.name === 'AbortError') return // reported through 'close' with the kill signal
      reject(new Error(`cannot run ${file}: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString()
      })
    })
  })
}

/** Runs a program and returns its stdout; a non-zero exit throws with `what` and the program's own words. */
export async function runChecked(
  what: string,
  file: string,
  args: string[],
  options: RunOptions = {}
): Promise<string> {
  const result = await run(file, args, options)
  if (result.code !== 0) {
    const said = (result.stderr || result.stdout).trim()
    throw new Error(`${what} failed (exit code ${result.code})${said ? `:\n${said}` : ''}`)
  }
  return result.stdout
}
