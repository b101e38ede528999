// The source's facts for the build, from the runner's GITHUB_* variables or, outside a runner, from
// git: the commit, the version stamped into the binaries, and the time that dates the image.
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

/** What a version stamped into a binary may be: a tag name or a version input of this form. */
export const STAMPABLE_VERSION = /^[0-9A-Za-z][0-9A-Za-z._+~-]{0,127}$/

/** The version stamped into binaries: as given, else the git tag, else the short commit, else "dev". */
export function stampVersion(given: string, git: GitContext): string {
  if (given) return given
  if (git.refType === 'tag' && git.refName && STAMPABLE_VERSION.test(git.refName)) return git.refName
  if (git.sha) return git.sha.slice(0, 7)
  return 'dev'
}

/** Seconds since 1970 as RFC 3339 in UTC, without fractions: the image's created, goreleaser's date. */
const rfc3339 = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z')

/** The facts of the source that the stages after the inputs use. */
export interface SourceFacts {
  /** The version stamped into the binaries. */
  version: string
  sha?: string
  /** The tag being built, if this is a release. */
  tag?: string
  /** Seconds since 1970: the commit's time unless given. */
  sourceDateEpoch: number
  /** The same time in RFC 3339: the image's created, goreleaser's date, the SBOM's. */
  time: string
}

export async function sourceFacts(
  env: NodeJS.ProcessEnv,
  cwd: string,
  given: { version: string; sourceDateEpoch?: number }
): Promise<SourceFacts> {
  // Two git runs, side by side: neither needs the other.
  const [git, committed] = await Promise.all([
    gitContext(env, cwd),
    given.sourceDateEpoch === undefined ? commitTime(cwd) : undefined
  ])
  const sourceDateEpoch = given.sourceDateEpoch ?? committed ?? Math.floor(Date.now() / 1000)
  const tag = git.refType === 'tag' ? git.refName : undefined
  const version = stampVersion(given.version, git)
  return { version, sha: git.sha, tag, sourceDateEpoch, time: rfc3339(sourceDateEpoch) }
}
