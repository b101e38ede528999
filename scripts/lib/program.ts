// How the project's own tooling (scripts, tests, bench) runs a program: an argument array, never a
// shell string; output captured (and passed on as it comes, when asked). The action itself runs
// programs through src/exec.ts.
import { spawn } from 'node:child_process'

export interface ProgramOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Written to the program's standard input (a password for --password-stdin); none when absent. */
  input?: string
  /** Sees the output (stdout and stderr together) as it comes; may stop the program with a signal. */
  onOutput?: (chunk: string, kill: (signal: NodeJS.Signals) => void) => void
}

export interface ProgramResult {
  code: number
  /** stdout and stderr, interleaved as they came. */
  output: string
}

/** Runs a program; resolves with its exit code and output (code 127 when it cannot start). */
export function runProgram(
  file: string,
  args: string[],
  options: ProgramOptions = {}
): Promise<ProgramResult> {
  return new Promise(resolvePromise => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: 'pipe' })
    // A program that exits without reading its input closes the pipe: the write's EPIPE means nothing.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
    let output = ''
    const kill = (signal: NodeJS.Signals) => child.kill(signal)
    const keep = (chunk: Buffer) => {
      output += chunk
      options.onOutput?.(chunk.toString(), kill)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', error => resolvePromise({ code: 127, output: `cannot run ${file}: ${error.message}` }))
    child.on('close', (code, signal) => resolvePromise({ code: code ?? (signal ? 128 : 1), output }))
  })
}

/** Runs a program and returns its output; a failure throws with the command and the output's end. */
export async function programOutput(
  file: string,
  args: string[],
  options: ProgramOptions = {}
): Promise<string> {
  const { code, output } = await runProgram(file, args, options)
  if (code !== 0) throw new Error(`${file} ${args.join(' ')} failed (${code}):\n${output.slice(-3000)}`)
  return output
}
