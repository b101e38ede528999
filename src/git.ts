// The git facts of the build, from the runner's GITHUB_* variables or, outside a runner, from git.
import { readFile } from 'node:fs/promises'
import { run } from './exec.js'

/** The git facts a version can come from (GITHUB_REF_TYPE, GITHUB_REF_NAME, GITHUB_SHA). */
export interface GitContext {
  refType?: string
  refName?: string
  sha?: string
}

export async function gitContext(env: NodeJS.ProcessEnv, cwd: string): Promise<GitContext> {
  if (env.GITHUB_SHA)
    return { refType: env.GITHUB_REF_TYPE, refName: env.GITHUB_REF_NAME, sha: env.GITHUB_SHA }
  const head = await run('git', ['rev-parse', 'HEAD'], { cwd }).catch(() => undefined)
  if (!head || head.code !== 0) return {}
  const tag = await run('git', ['describe', '--tags', '--exact-match', 'HEAD'], { cwd })
  return tag.code === 0
    ? { refType: 'tag', refName: tag.stdout.trim(), sha: head.stdout.trim() }
    : { sha: head.stdout.trim() }
}

/** The commit's time in seconds since 1970 (git log -1 --format=%ct), or undefined outside git. */
export async function commitTime(cwd: string): Promise<number | undefined> {
  const result = await run('git', ['log', '-1', '--format=%ct'], { cwd }).catch(() => undefined)
  const seconds = Number(result?.code === 0 ? result.stdout.trim() : NaN)
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined
}

/** The runner's event payload (GITHUB_EVENT_PATH), or undefined outside a runner. */
export async function eventPayload(env: NodeJS.ProcessEnv): Promise<unknown> {
  if (!env.GITHUB_EVENT_PATH) return undefined
  return JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8').catch(() => 'null'))
}
