// Runs the bundled action (dist/main.js, then dist/post.js) the way the GitHub runner does: inputs as
// INPUT_* variables, GITHUB_OUTPUT/STATE/ENV/PATH files, STATE_* and the exported variables handed to
// post. Used by the README's example command and by the end-to-end tests.
//
// Usage: npx tsx scripts/run-action.ts [--runner-dir DIR] [--result FILE] [--no-post] [--env K=V]… [input=value]…
// Echoes the action's log and prints the outputs; --result also writes {exitCode, postExitCode, outputs, log} as JSON.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { programOutput, runProgram } from './lib/program.js'
import { RunnerLog } from './lib/runner-log.js'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export interface ActionRun {
  exitCode: number
  postExitCode?: number
  outputs: Record<string, string>
  /** What main exported for later steps (GITHUB_ENV). */
  exported: Record<string, string>
  /** What main put in front of PATH (GITHUB_PATH), as it ends up ordered there. */
  addedPaths: string[]
  log: string
  postLog?: string
  summary: string
  /** What the post step wrote to its own job summary. */
  postSummary?: string
}

/** Cancelling as the runner does: `signal` once the log contains `logContains`. */
export interface SignalWhen {
  logContains: string
  signal: 'SIGINT' | 'SIGTERM'
}

export interface RunActionOptions {
  inputs?: Record<string, string>
  env?: Record<string, string>
  runnerDir?: string
  post?: boolean
  /** Copy the action's log to stderr as it runs (the CLI does; tests keep it in the result). */
  echo?: boolean
  signalWhen?: SignalWhen
  /**
   * Run both steps as this user (with its groups, HOME /home/<user>), as GitHub's runners run steps as
   * a non-root user: the runner's folders become its own. Needs root; root hides permission defects.
   */
  user?: string
  /**
   * Called when the runner's folders are ready, right before main starts: what a runner does before a
   * step (here also handing the folders to `user`) is not the step's time (the bench times from here).
   */
  onReady?: () => void
}

/** Reads a runner file command file: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const block = /^([^=<]+)<<(.+)$/.exec(line)
    if (block) {
      const end = lines.indexOf(block[2], i + 1)
      values[block[1]] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return values
}

/** How a step is started: the Node the runner runs the action with, as `user` when given. */
function nodeCommand(script: string, user?: string): [string, string[]] {
  // GO_MINI_ACTION_NODE (the e2e suite gives Node 24, as runs.using says), else this one.
  const node = process.env.GO_MINI_ACTION_NODE || process.execPath
  if (!user) return [node, [script]]
  // setpriv execs Node in its place, so a signal for the step reaches Node itself.
  return ['setpriv', ['--reuid', user, '--regid', user, '--init-groups', '--', node, script]]
}

async function runNode(
  script: string,
  env: NodeJS.ProcessEnv,
  { echo, signalWhen, user }: Pick<RunActionOptions, 'echo' | 'signalWhen' | 'user'>
): Promise<{ code: number; log: string }> {
  let log = ''
  let signalled = false
  const [file, args] = nodeCommand(script, user)
  // Echoed as the runner shows a step's log; the result keeps it raw.
  const shown = new RunnerLog(env.RUNNER_DEBUG === '1')
  const { code } = await runProgram(file, args, {
    env,
    onOutput: (chunk, kill) => {
      log += chunk
      if (echo) process.stderr.write(shown.write(chunk))
      // Cancelling as the runner does: a signal once the log shows what the caller waits for.
      if (signalWhen && !signalled && log.includes(signalWhen.logContains)) {
        signalled = true
        kill(signalWhen.signal)
      }
    }
  })
  if (echo) process.stderr.write(shown.end())
  return { code, log }
}

/** The runner's folders and GITHUB_* files for one step, all empty. */
function runnerFiles(runnerDir: string) {
  const dirs = {
    temp: join(runnerDir, 'temp'),
    toolCache: join(runnerDir, 'tool-cache'),
    files: join(runnerDir, 'files')
  }
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true })
  const step = mkdtempSync(join(dirs.files, 'step-'))
  const files = {
    OUTPUT: join(step, 'OUTPUT'),
    STATE: join(step, 'STATE'),
    ENV: join(step, 'ENV'),
    PATH: join(step, 'PATH'),
    STEP_SUMMARY: join(step, 'STEP_SUMMARY')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  return { dirs, files }
}
type RunnerFiles = ReturnType<typeof runnerFiles>

/** The environment the runner gives the main step: GITHUB_*, RUNNER_*, INPUT_*, then the caller's. */
function stepEnv(
  { dirs, files }: RunnerFiles,
  inputs: Record<string, string>,
  env: Record<string, string>
): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: repo,
    GITHUB_REPOSITORY: 'acme/go-mini-action-example',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'build',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    ...env
  }
  for (const [name, file] of Object.entries(files)) base[`GITHUB_${name}`] = file
  for (const [name, value] of Object.entries(inputs))
    base[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  return base
}

/**
 * Gives the runner's folders to `user`: its step files and temp folder every time, the tool cache
 * only while root still owns it (a tool cache of thousands of files is not walked on every run).
 */
async function handOver(user: string, runnerDir: string, dirs: RunnerFiles['dirs']): Promise<void> {
  const owner = `${user}:${user}`
  await programOutput('chown', [owner, runnerDir])
  await programOutput('chown', ['-R', owner, dirs.files, dirs.temp])
  if (statSync(dirs.toolCache).uid === 0) await programOutput('chown', ['-R', owner, dirs.toolCache])
}

const postSummaryOf = (files: RunnerFiles['files']) => `${files.STEP_SUMMARY}.post`

/**
 * What a user's step sees unlike root's: its home, temporary files in the runner's temp folder (this
 * process's TMPDIR may be root's own), a PATH without root's home folders, which it cannot read, and
 * the workspace a safe git directory, as actions/checkout makes it (git refuses another user's).
 */
function asUser(user: string, temp: string, base: NodeJS.ProcessEnv): Record<string, string> {
  const path = (base.PATH ?? '').split(delimiter).filter(dir => !dir.startsWith('/root'))
  return {
    HOME: `/home/${user}`,
    TMPDIR: temp,
    PATH: path.join(delimiter),
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'safe.directory',
    GIT_CONFIG_VALUE_0: base.GITHUB_WORKSPACE ?? ''
  }
}

/** The post step, as the runner runs it: main's state as STATE_*, what main exported, its PATH additions. */
async function runPost(
  base: NodeJS.ProcessEnv,
  files: RunnerFiles['files'],
  main: ActionRun,
  options: Pick<RunActionOptions, 'echo' | 'user'>
) {
  const postEnv: NodeJS.ProcessEnv = { ...base, ...main.exported }
  for (const [name, value] of Object.entries(parseFileCommand(readFileSync(files.STATE, 'utf8')))) {
    postEnv[`STATE_${name}`] = value
  }
  postEnv.PATH = [...main.addedPaths, base.PATH].join(delimiter)
  // Each step has a summary file of its own; the runner shows them one after the other.
  const summary = postSummaryOf(files)
  postEnv.GITHUB_STEP_SUMMARY = summary
  writeFileSync(summary, '')
  const postRun = await runNode(join(repo, 'dist', 'post.js'), postEnv, options)
  return { postExitCode: postRun.code, postLog: postRun.log, postSummary: readFileSync(summary, 'utf8') }
}

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const { inputs = {}, env = {}, post = true, echo = false, signalWhen, user } = options
  const runnerDir = options.runnerDir ?? mkdtempSync(join(tmpdir(), 'runner-'))
  const runner = runnerFiles(runnerDir)
  const base = stepEnv(runner, inputs, env)
  const { files } = runner
  if (user) {
    Object.assign(base, asUser(user, runner.dirs.temp, base))
    writeFileSync(postSummaryOf(files), '') // the post step's own, written by the user too
    await handOver(user, runnerDir, runner.dirs)
  }
  options.onReady?.()
  const main = await runNode(join(repo, 'dist', 'main.js'), base, { echo, signalWhen, user })
  const result: ActionRun = {
    exitCode: main.code,
    outputs: parseFileCommand(readFileSync(files.OUTPUT, 'utf8')),
    exported: parseFileCommand(readFileSync(files.ENV, 'utf8')),
    // First one first, as the runner puts them in front of PATH (each new one before the others).
    addedPaths: readFileSync(files.PATH, 'utf8').split('\n').filter(Boolean).reverse(),
    log: main.log,
    summary: readFileSync(files.STEP_SUMMARY, 'utf8')
  }
  return post ? { ...result, ...(await runPost(base, files, result, { echo, user })) } : result
}

/** The command line: [--runner-dir DIR] [--result FILE] [--no-post] [--env K=V]… [input=value]… */
function parseArguments(args: string[]): { options: RunActionOptions; resultFile?: string } {
  const inputs: Record<string, string> = {}
  const env: Record<string, string> = {}
  const options: RunActionOptions = { inputs, env, echo: true }
  let resultFile: string | undefined
  const pair = (text: string): [string, string] => [
    text.slice(0, text.indexOf('=')),
    text.slice(text.indexOf('=') + 1)
  ]
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--runner-dir') options.runnerDir = resolve(args[++i])
    else if (arg === '--result') resultFile = resolve(args[++i])
    else if (arg === '--no-post') options.post = false
    else if (arg === '--env') {
      const [name, value] = pair(args[++i])
      env[name] = value
    } else if (arg.includes('=')) {
      const [name, value] = pair(arg)
      inputs[name] = value
    } else {
      throw new Error(`run-action: unexpected argument ${arg}`)
    }
  }
  return { options, resultFile }
}

async function cli(): Promise<number> {
  const { options, resultFile } = parseArguments(process.argv.slice(2))
  if (!existsSync(join(repo, 'dist', 'main.js')))
    throw new Error('run-action: dist/main.js is missing; run npm run bundle')
  const result = await runAction(options)
  if (resultFile) writeFileSync(resultFile, JSON.stringify(result, null, 2))
  console.log('\noutputs:')
  for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name}: ${value}`)
  // The job summary, as Markdown (GitHub renders it on the run's page).
  console.log(`\njob summary:\n${result.summary}${result.postSummary ?? ''}`)
  return result.exitCode || result.postExitCode || 0
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  cli().then(
    code => process.exit(code),
    (error: Error) => {
      console.error(error.message)
      process.exit(2)
    }
  )
}
