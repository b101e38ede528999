// Runs programs with argument arrays (never a shell string), capturing their output.
import * as core from '@actions/core'
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { cancelled } from './cancel.js'
import { oneLine } from './untrusted.js'

export interface RunOptions {
  cwd?: string
  /** Variables set for this program over the step's own environment (which it inherits). */
  env?: NodeJS.ProcessEnv
  /** Aborting stops the program and everything it started (sibling builds when one fails). */
  signal?: AbortSignal
  /** Stream the program's output to the log as it comes (workflow commands off), besides capturing it. */
  stream?: boolean
  /** Written to the program's standard input (a password for `--password-stdin`); empty when absent. */
  input?: string
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Workflow commands off until the returned function turns them on again: what a program, a module or
 * a proxy printed ("::add-mask::", "::set-env", "::error::…") is then shown, never run.
 */
export function commandsOff(write: (line: string) => void = core.info): () => void {
  const token = randomUUID()
  write(`::stop-commands::${token}`)
  return () => write(`::${token}::`)
}

/** Prints lines the action did not write, with workflow commands off. */
export function printUntrusted(lines: string[]): void {
  const on = commandsOff()
  for (const line of lines) core.info(line)
  on()
}

/** Runs a program and resolves with its exit code and output; rejects only when it cannot start. */
export function run(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  // Arguments may hold what a server sent (a repository's description in a label): on one line, with
  // "##[" broken, the runner reads no command in the echo.
  core.info(`[command]${oneLine([file, ...args].join(' '), Infinity)}`)
  // A program's last line may lack its new line: the marker that turns commands on starts its own.
  const on = options.stream ? commandsOff(line => process.stdout.write(`\n${line}\n`)) : undefined
  return new Promise<RunResult>((resolvePromise, reject) => {
    // Its own process group, so that stopping it also stops what it started (go → compile, link).
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    // Standard input holds `input` or nothing; a program that exits without reading it is no error.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
    const stop = AbortSignal.any(options.signal ? [options.signal, cancelled] : [cancelled])
    const stopGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    if (stop.aborted) stopGroup()
    else stop.addEventListener('abort', stopGroup, { once: true })
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
    child.on('error', error => reject(new Error(`cannot run ${file}: ${error.message}`)))
    child.on('close', (code, signal) => {
      stop.removeEventListener('abort', stopGroup)
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString()
      })
    })
  }).finally(() => on?.())
}

/** What of a program's words an error message keeps: its ERROR lines (buildx's), else its last five lines. */
export function briefly(said: string): string {
  const lines = said.split('\n').filter(line => line.trim())
  const errors = lines.filter(line => /^(#\d+ )?ERROR\b/i.test(line))
  return (errors.length ? errors : lines).slice(-5).join('\n')
}

/**
 * Returns the result of a program that succeeded; a non-zero exit throws with `what` and the program's
 * own words: all of them, or (`streamed`: the log shows them already) the lines that say what failed.
 */
export function checked(what: string, result: RunResult, streamed = false): RunResult {
  if (result.code !== 0) {
    const all = (result.stderr || result.stdout).trim()
    const said = streamed && all ? `${briefly(all)}\n(the whole output is in the log above)` : all
    throw new Error(`${what} failed (exit code ${result.code})${said ? `:\n${said}` : ''}`)
  }
  return result
}

/** Runs a program and returns its stdout; a non-zero exit throws with `what` and the program's own words. */
export async function runChecked(
  what: string,
  file: string,
  args: string[],
  options: RunOptions = {}
): Promise<string> {
  return checked(what, await run(file, args, options)).stdout
}
