// The expressions metadata-action's templates know ({{branch}}, {{tag}}, {{sha}}, {{base_ref}},
// {{is_default_branch}}, {{date 'format' tz='…'}}, {{commit_date …}}), as handlebars helpers over the
// event (event.ts reads it).
import Handlebars from 'handlebars'
import moment from 'moment-timezone'
import { InputError, messageOf } from '../errors.js'
import { BRANCH_REF, PULL_REF, TAG_REF, type GitHubEvent } from './event.js'

/** What the templates read besides the event. */
export interface TemplateFacts {
  event: GitHubEvent
  now: Date
  commitDate: Date
  shortShaLength: number
}

type Helper = (...args: unknown[]) => string

/** The expressions' helpers by name. */
export type TemplateValues = Record<string, Helper>

/** {{date}} or {{commit_date}}: the instant in a moment format ('YYYYMMDD'), in UTC or tz='…'. */
function dateHelper(instant: Date): Helper {
  return (...args) => {
    const options = args[args.length - 1] as Handlebars.HelperOptions
    const format = args.length > 1 && typeof args[0] === 'string' ? args[0] : undefined
    let tz = 'UTC'
    for (const [key, value] of Object.entries(options.hash as Record<string, unknown>)) {
      if (key !== 'tz')
        throw new InputError(`tags: a date expression has the unknown attribute ${key}; accepted: tz`)
      tz = String(value)
    }
    return moment(instant).tz(tz).format(format)
  }
}

/** Whether the build is of the default branch: its push, or an event that always runs there. */
function isDefaultBranch({ ref, eventName, payload }: GitHubEvent): boolean {
  const branch = ref.replace(BRANCH_REF, '')
  if (!branch) return false
  return payload.repository?.default_branch === branch || /create|discussion|issues|schedule/.test(eventName)
}

/** Every expression's value for this event, as handlebars helpers. */
export function templateValues(facts: TemplateFacts): TemplateValues {
  const { ref, sha, payload } = facts.event
  const under = (prefix: RegExp) => (prefix.test(ref) ? ref.replace(prefix, '') : '')
  return {
    branch: () => under(BRANCH_REF),
    tag: () => under(TAG_REF),
    sha: () => sha.slice(0, facts.shortShaLength),
    base_ref: () => {
      if (TAG_REF.test(ref) && payload.base_ref) return payload.base_ref.replace(BRANCH_REF, '')
      if (PULL_REF.test(ref) && payload.pull_request?.base?.ref) return payload.pull_request.base.ref
      return ''
    },
    is_default_branch: () => String(isDefaultBranch(facts.event)),
    is_not_default_branch: () => String(!isDefaultBranch(facts.event)),
    date: dateHelper(facts.now),
    commit_date: dateHelper(facts.commitDate)
  }
}

/**
 * A text with expressions, expanded over `context` (the helpers, or a rule's own: a parsed semver, PEP
 * 440's parts); one that cannot be read is refused naming it.
 */
export function expandTemplate(
  text: string,
  context: object,
  input: 'tags' | 'labels' | 'annotations' = 'tags'
): string {
  try {
    return Handlebars.compile(text)(context)
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`${input}: "${text}" is not a template this action can expand: ${messageOf(error)}`)
  }
}
