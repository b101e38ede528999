// The tags made from `images` + rules for this build, before anything compiles: the event and the
// repository from the runner (its variables and event payload), the commit's time, then the generator
// (loaded only here, a chunk of its own). One version everywhere: without a `version` input the rules'
// version is stamped into the binaries and given as the version output and label.
import * as core from '@actions/core'
import { commitTime, eventPayload, STAMPABLE_VERSION, type SourceFacts } from '../git.js'
import type { MergeRequest } from '../matrix/merge.js'
import type { Runner } from '../runner.js'
import { InputError } from '../errors.js'
import type { PublishRequest } from '../image/publish.js'
import { COMMIT_TIME_KEYS, repositoryFacts } from '../image/metadata.js'
import { oneLine } from '../untrusted.js'
import type { GeneratedTags, RepoFacts } from './generate.js'
import type { TagRules } from './rules.js'
import { eventPayloadOf, githubEvent } from './event.js'

/** What the publish request and the source become once the tags are made. */
export interface Tagged {
  publish: PublishRequest
  source: SourceFacts
}

const VERSION_KEY = 'org.opencontainers.image.version'

/**
 * The repository as the event payload describes it, else as GITHUB_REPOSITORY names it; its description
 * and licence as the action's own labels read them (repositoryFacts).
 */
export function repoFacts(env: NodeJS.ProcessEnv, payload: unknown): RepoFacts {
  const repository = (payload as { repository?: Record<string, unknown> } | null)?.repository ?? {}
  const text = (value: unknown, otherwise = '') => (typeof value === 'string' ? value : otherwise)
  const fullName = env.GITHUB_REPOSITORY ?? ''
  const { description = '', licenses = '' } = repositoryFacts(payload)
  return {
    name: text(repository.name, fullName.split('/')[1] ?? ''),
    description,
    htmlUrl: text(
      repository.html_url,
      fullName ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${fullName}` : ''
    ),
    defaultBranch: text(repository.default_branch),
    licenses
  }
}

/** DOCKER_METADATA_SHORT_SHA_LENGTH, as metadata-action reads it; 7 when not set. */
export function shortShaLength(env: NodeJS.ProcessEnv): number {
  const given = env.DOCKER_METADATA_SHORT_SHA_LENGTH
  if (!given) return 7
  if (!/^\d+$/.test(given) || Number(given) < 1)
    throw new InputError(`DOCKER_METADATA_SHORT_SHA_LENGTH: "${given}" is not a positive number`)
  return Number(given)
}

/**
 * The generated labels and annotations without the keys the action's own facts give: created (the
 * commit's time, so that rebuilds agree) and the version (the one stamped), unless the user's own
 * lines set them.
 */
function withoutFacts(lines: string[], userLines: string[]): string[] {
  const userKeys = new Set(userLines.map(line => line.slice(0, line.indexOf('='))))
  const facts = [...COMMIT_TIME_KEYS, VERSION_KEY]
  return lines.filter(line => {
    const key = line.slice(0, line.indexOf('='))
    return !facts.includes(key) || userKeys.has(key)
  })
}

/** What the generator needs besides the rules: the runner's variables and event, and the commit. */
export interface TagFacts {
  env: NodeJS.ProcessEnv
  payload: unknown
  /** The commit's time ({{commit_date}}), seconds since 1970. */
  commitSeconds: number
  /** org.opencontainers.image.created. */
  created: string
}

/** The rules applied to this event: tags (a push needs one), labels, annotations, version; warnings said. */
export async function tagsFromRules(
  rules: TagRules,
  extra: { labels: string[]; annotations: string[]; pushes: boolean },
  facts: TagFacts
): Promise<GeneratedTags> {
  const { env, payload } = facts
  const { generateTags } = await import('./generate.js')
  const made = generateTags({
    ...rules,
    labels: extra.labels,
    annotations: extra.annotations,
    event: githubEvent(env, eventPayloadOf(payload)),
    repo: repoFacts(env, payload),
    now: new Date(),
    commitDate: new Date(facts.commitSeconds * 1000),
    created: facts.created,
    shortShaLength: shortShaLength(env)
  })
  for (const warning of made.warnings) core.warning(`tags: ${oneLine(warning)}`)
  if (!made.tags.length && extra.pushes)
    throw new InputError(
      `tags: no rule gives a tag for this event (${oneLine(env.GITHUB_EVENT_NAME ?? '')} of ` +
        `${oneLine(env.GITHUB_REF ?? '')}), and a push needs one; add a rule that does (e.g. type=sha) or push: false`
    )
  core.info(`Tags from the rules: ${made.tags.map(tag => oneLine(tag)).join(', ') || 'none'}`)
  return made
}

/** The build's tags, labels and annotations from the rules, and the version they agree on. */
export async function resolveTags(
  publish: PublishRequest,
  source: SourceFacts,
  runner: { env: NodeJS.ProcessEnv; payload: unknown; versionGiven: boolean }
): Promise<Tagged> {
  if (!publish.tagRules) return { publish, source }
  const pushes = publish.destination.startsWith('registry')
  const made = await tagsFromRules(
    publish.tagRules,
    { labels: publish.labels, annotations: publish.annotations, pushes },
    { env: runner.env, payload: runner.payload, commitSeconds: source.sourceDateEpoch, created: source.time }
  )
  const main = made.version.main
  const version = !runner.versionGiven && main && STAMPABLE_VERSION.test(main) ? main : source.version
  return {
    publish: {
      ...publish,
      tags: made.tags,
      labels: withoutFacts(made.labels, publish.labels),
      annotations: withoutFacts(made.annotations, publish.annotations)
    },
    source: { ...source, version }
  }
}

/** The merge step's tags from the rules, as the legs' build made them (the commit's time from git). */
export async function resolveMergeTags(request: MergeRequest, runner: Runner): Promise<MergeRequest> {
  if (!request.tagRules) return request
  const commitSeconds = (await commitTime(runner.cwd)) ?? Math.floor(Date.now() / 1000)
  const made = await tagsFromRules(
    request.tagRules,
    { labels: [], annotations: [], pushes: true },
    { env: runner.env, payload: await eventPayload(runner.env), commitSeconds, created: '' }
  )
  return { ...request, tags: made.tags }
}
