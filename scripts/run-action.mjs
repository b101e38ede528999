#!/usr/bin/env node
// Runs the bundled action (dist/main.js, then dist/post.js) the way the GitHub runner does: inputs as
// INPUT_* variables, GITHUB_OUTPUT/STATE/ENV/PATH files, STATE_* and the exported variables handed to
// post. Used by the README's example command and by the end-to-end tests.
//
// Usage: node scripts/run-action.mjs [--runner-dir DIR] [--result FILE] [--no-post] [--env K=V]… [input=value]…
// Echoes the action's log and prints the outputs; --result also writes {exitCode, postExitCode, outputs, log} as JSON.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Reads a runner file command file: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseFileCommand(text) {
  const values = {}
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

function runNode(script, env, echo, signalWhen) {
  return new Promise(resolvePromise => {
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let log = ''
    let signalled = false
    const keep = chunk => {
      log += chunk
      if (echo) process.stderr.write(chunk)
      // Cancelling as the runner does: a signal once the log shows what the caller waits for.
      if (signalWhen && !signalled && log.includes(signalWhen.logContains)) {
        signalled = true
        child.kill(signalWhen.signal)
      }
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('close', code => resolvePromise({ code: code ?? 1, log }))
  })
}

export async function runAction({ inputs = {}, env = {}, runnerDir, post = true, echo = false, signalWhen }) {
  runnerDir ??= mkdtempSync(join(tmpdir(), 'runner-'))
  const dirs = {
    temp: join(runnerDir, 'temp'),
    toolCache: join(runnerDir, 'tool-cache'),
    files: join(runnerDir, 'files')
  }
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true })
  const step = mkdtempSync(join(dirs.files, 'step-'))
  const files = Object.fromEntries(
    ['OUTPUT', 'STATE', 'ENV', 'PATH', 'STEP_SUMMARY'].map(n => [n, join(step, n)])
  )
  for (const file of Object.values(files)) writeFileSync(file, '')

  const base = {
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

  const main = await runNode(join(repo, 'dist', 'main.js'), base, echo, signalWhen)
  const result = {
    exitCode: main.code,
    outputs: parseFileCommand(readFileSync(files.OUTPUT, 'utf8')),
    exported: parseFileCommand(readFileSync(files.ENV, 'utf8')),
    // First one first, as the runner puts them in front of PATH (each new one before the others).
    addedPaths: readFileSync(files.PATH, 'utf8').split('\n').filter(Boolean).reverse(),
    log: main.log,
    summary: readFileSync(files.STEP_SUMMARY, 'utf8')
  }
  if (post) {
    // The runner hands post the state as STATE_* and what main exported, as it does for later steps.
    const postEnv = { ...base, ...result.exported }
    for (const [name, value] of Object.entries(parseFileCommand(readFileSync(files.STATE, 'utf8')))) {
      postEnv[`STATE_${name}`] = value
    }
    postEnv.PATH = [...result.addedPaths, base.PATH].join(delimiter)
    // Each step has a summary file of its own; the runner shows them one after the other.
    postEnv.GITHUB_STEP_SUMMARY = `${files.STEP_SUMMARY}.post`
    writeFileSync(postEnv.GITHUB_STEP_SUMMARY, '')
    const postRun = await runNode(join(repo, 'dist', 'post.js'), postEnv, echo)
    result.postExitCode = postRun.code
    result.postLog = postRun.log
    result.postSummary = readFileSync(postEnv.GITHUB_STEP_SUMMARY, 'utf8')
  }
  return result
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const options = { inputs: {}, env: {}, echo: true }
  let resultFile
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--runner-dir') options.runnerDir = resolve(args[++i])
    else if (arg === '--result') resultFile = resolve(args[++i])
    else if (arg === '--no-post') options.post = false
    else if (arg === '--env') {
      const kv = args[++i]
      options.env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1)
    } else if (arg.includes('='))
      options.inputs[arg.slice(0, arg.indexOf('='))] = arg.slice(arg.indexOf('=') + 1)
    else {
      console.error(`run-action: unexpected argument ${arg}`)
      process.exit(2)
    }
  }
  if (!existsSync(join(repo, 'dist', 'main.js'))) {
    console.error('run-action: dist/main.js is missing; run npm run bundle')
    process.exit(2)
  }
  const result = await runAction(options)
  if (resultFile) writeFileSync(resultFile, JSON.stringify(result, null, 2))
  console.log('\noutputs:')
  for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name}: ${value}`)
  process.exit(result.exitCode || result.postExitCode || 0)
}
