// The event a build runs for, read from the runner's variables and payload as metadata-action reads
// it. Apart from templates.ts so that main loads no handlebars or time-zone data at start.

/** The refs a build runs for: a branch, a tag, a pull request's merge ref. */
export const BRANCH_REF = /^refs\/heads\//
export const TAG_REF = /^refs\/tags\//
export const PULL_REF = /^refs\/pull\//

/** The fields of the event payload the tags read. */
export interface EventPayload {
  number?: number
  base_ref?: string | null
  pull_request?: { head?: { sha?: string }; base?: { ref?: string } }
  repository?: { default_branch?: string }
}

/** The payload's fields the tags read, each kept only where it has the type GitHub gives it. */
export function eventPayloadOf(payload: unknown): EventPayload {
  const object = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
  const body = object(payload)
  const pull = object(body.pull_request)
  return {
    number: typeof body.number === 'number' ? body.number : undefined,
    base_ref: text(body.base_ref),
    pull_request: { head: { sha: text(object(pull.head).sha) }, base: { ref: text(object(pull.base).ref) } },
    repository: { default_branch: text(object(body.repository).default_branch) }
  }
}

/** The event a build runs for, as the tags see it. */
export interface GitHubEvent {
  eventName: string
  ref: string
  sha: string
  payload: EventPayload
}

/**
 * The event from GITHUB_EVENT_NAME, GITHUB_REF, GITHUB_SHA and the payload, as metadata-action forms it:
 * a pull_request_target's ref is its pull request's merge ref; with DOCKER_METADATA_PR_HEAD_SHA=true a
 * pull request's sha is its head's, not the merge commit's.
 */
export function githubEvent(env: NodeJS.ProcessEnv, payload: EventPayload): GitHubEvent {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  let ref = env.GITHUB_REF ?? ''
  let sha = env.GITHUB_SHA ?? ''
  if (/pull_request_target/.test(eventName)) ref = `refs/pull/${payload.number}/merge`
  const headSha = payload.pull_request?.head?.sha
  if (/true/i.test(env.DOCKER_METADATA_PR_HEAD_SHA ?? '') && /pull_request/.test(eventName) && headSha)
    sha = headSha
  return { eventName, ref, sha, payload }
}
