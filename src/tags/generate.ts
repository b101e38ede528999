// Tags, version, labels and annotations from the git ref, as docker/metadata-action makes them: each
// enabled rule, highest priority first, may give a value; the first is the version, the others its
// partial versions, and the first rule that gave one decides `latest` (flavor latest=auto). Templates are
// handlebars, versions semver or PEP 440, dates moment-timezone: the libraries metadata-action uses.
// Pure: the event, the repository's facts and the clock come in the request. Loaded only when `images`
// is given (handlebars and the time-zone data are most of its chunk).
import * as pep440 from '@renovatebot/pep440'
import Handlebars from 'handlebars'
import semver from 'semver'
import { InputError, messageOf } from '../errors.js'
import type { Flavor, TagRule, TagRules } from './rules.js'
import { BRANCH_REF, PULL_REF, TAG_REF, type GitHubEvent } from './event.js'
import { expandTemplate, templateValues, type TemplateValues } from './templates.js'

/** The repository's facts, for the labels and for type=edge's default branch. */
export interface RepoFacts {
  name: string
  description: string
  htmlUrl: string
  defaultBranch: string
  /** SPDX id. */
  licenses: string
}

export interface TagRequest extends TagRules {
  /** The user's extra labels and annotations (templates allowed), key=value. */
  labels: string[]
  annotations: string[]
  event: GitHubEvent
  repo: RepoFacts
  /** {{date}}'s instant. */
  now: Date
  /** {{commit_date}}'s instant. */
  commitDate: Date
  /** org.opencontainers.image.created. */
  created: string
  /** DOCKER_METADATA_SHORT_SHA_LENGTH, else 7. */
  shortShaLength: number
}

export interface Version {
  main?: string
  partial: string[]
  latest: boolean
}

export interface GeneratedTags {
  version: Version
  /** Full references, image by image. */
  tags: string[]
  /** The tags without their image: the version, the partials, latest. */
  tagNames: string[]
  /** The enabled images. */
  images: string[]
  labels: string[]
  annotations: string[]
  /** What a rule could not use (a tag that is not semver, a pattern that does not match). */
  warnings: string[]
}

/** What a rule gave: a value and whether it asks for latest (flavor latest=auto). */
interface Given {
  value: string
  latest: boolean
}

/** A tag as a registry accepts it: every run of other characters becomes one "-". */
export const sanitizeTag = (tag: string) => tag.replace(/[^a-zA-Z0-9._-]+/g, '-')

export function generateTags(request: TagRequest): GeneratedTags {
  const warnings: string[] = []
  const values = templateValues(request)
  const expand = (text: string) => expandTemplate(text, values)
  const version: Version = { main: undefined, partial: [], latest: false }
  let latest: boolean | undefined
  for (const rule of request.rules) {
    const enabled = expand(rule.attrs.enable)
    if (enabled !== 'true' && enabled !== 'false')
      throw new InputError(`tags: enable=${rule.attrs.enable} gives "${enabled}"; accepted: true, false`)
    if (enabled === 'false') continue
    const given = ruleValue(rule, request, values, warnings)
    if (!given) continue
    const value = sanitizeTag(withAffixes(given.value, rule, request.flavor, expand))
    if (!value) continue
    if (version.main === undefined) version.main = value
    else if (value !== version.main && !version.partial.includes(value)) version.partial.push(value)
    latest ??= request.flavor.latest === 'auto' ? given.latest : request.flavor.latest === 'true'
  }
  version.latest = latest ?? false
  const images = request.images.filter(image => image.enable).map(image => image.name)
  const tagNames = tagNamesOf(version, request.flavor)
  const tags = images.length ? images.flatMap(image => tagNames.map(name => `${image}:${name}`)) : tagNames
  return {
    version,
    tags,
    tagNames,
    images,
    labels: ociList(
      request,
      version,
      request.labels.map(text => expandTemplate(text, values, 'labels'))
    ),
    annotations: ociList(
      request,
      version,
      request.annotations.map(text => expandTemplate(text, values, 'annotations'))
    ),
    warnings
  }
}

function tagNamesOf(version: Version, flavor: Flavor): string[] {
  if (!version.main) return []
  const latest = `${flavor.prefixLatest ? flavor.prefix : ''}latest${flavor.suffixLatest ? flavor.suffix : ''}`
  return [version.main, ...version.partial, ...(version.latest ? [sanitizeTag(latest)] : [])]
}

/** A rule's prefix and suffix, else the flavor's (templates expanded). */
function withAffixes(value: string, rule: TagRule, flavor: Flavor, expand: (text: string) => string): string {
  const prefix = 'prefix' in rule.attrs ? rule.attrs.prefix : flavor.prefix
  const suffix = 'suffix' in rule.attrs ? rule.attrs.suffix : flavor.suffix
  return `${expand(prefix)}${value}${expand(suffix)}`
}

/** What one rule gives for this event, if anything. */
function ruleValue(
  rule: TagRule,
  request: TagRequest,
  values: TemplateValues,
  warnings: string[]
): Given | undefined {
  const { ref, eventName, sha } = request.event
  const expand = (text: string) => expandTemplate(text, values)
  const { attrs } = rule
  switch (rule.type) {
    case 'schedule':
      return /schedule/.test(eventName)
        ? { value: expandDates(attrs.pattern, values), latest: false }
        : undefined
    case 'semver':
    case 'pep440':
    case 'match': {
      if (!TAG_REF.test(ref) && !attrs.value) return undefined
      const raw = attrs.value ? expand(attrs.value) : ref.replace(TAG_REF, '')
      if (rule.type === 'match') return matchValue(raw, attrs, warnings)
      const version = versionPart(raw, attrs.match, warnings).replace(/\//g, '-')
      return rule.type === 'semver'
        ? semverValue(version, attrs, warnings)
        : pep440Value(version, attrs, warnings)
    }
    case 'ref':
      return refValue(attrs.event, ref)
    case 'edge': {
      const branch = attrs.branch || request.repo.defaultBranch
      return BRANCH_REF.test(ref) && ref.replace(BRANCH_REF, '') === branch
        ? { value: 'edge', latest: false }
        : undefined
    }
    case 'raw':
      return { value: expand(attrs.value), latest: false }
    case 'sha':
      if (!sha) return undefined
      return { value: attrs.format === 'long' ? sha : sha.slice(0, request.shortShaLength), latest: false }
  }
}

function refValue(event: string, ref: string): Given | undefined {
  if (event === 'branch' && BRANCH_REF.test(ref)) return { value: ref.replace(BRANCH_REF, ''), latest: false }
  if (event === 'tag' && TAG_REF.test(ref)) return { value: ref.replace(TAG_REF, ''), latest: true }
  if (event === 'pr' && PULL_REF.test(ref))
    return { value: ref.replace(PULL_REF, '').replace(/\/merge$/, ''), latest: false }
  return undefined
}

/** semver's and pep440's match=: the version is the pattern's first group, where it matches. */
function versionPart(raw: string, match: string, warnings: string[]): string {
  if (!match) return raw
  const found = raw.match(regExpOf(match))
  if (found?.[1] !== undefined) return found[1]
  if (!found) warnings.push(`${match} does not match ${raw}.`)
  return raw
}

/** A pattern as /source/flags or as the source alone. */
function regExpOf(pattern: string): RegExp {
  const literal = /^\/(.+)\/(.*)$/.exec(pattern)
  try {
    return literal ? new RegExp(literal[1], literal[2]) : new RegExp(pattern)
  } catch (error) {
    throw new InputError(`tags: the pattern "${pattern}" is not a regular expression: ${messageOf(error)}`)
  }
}

/** A pattern of exactly {{raw}}: a pre-release then keeps its tag as it is. */
export function isRawStatement(pattern: string): boolean {
  try {
    const [only, ...rest] = Handlebars.parseWithoutProcessing(pattern).body
    if (rest.length || only?.type !== 'MustacheStatement') return false
    const { path } = only as hbs.AST.MustacheStatement
    return (path as hbs.AST.PathExpression).original === 'raw'
  } catch {
    return false
  }
}

function semverValue(raw: string, attrs: Record<string, string>, warnings: string[]): Given | undefined {
  const parsed = semver.valid(raw) ? semver.parse(raw, { loose: true }) : null
  if (!parsed) {
    warnings.push(`${raw} is not a valid semver. More info: https://semver.org/`)
    return undefined
  }
  if (semver.prerelease(raw))
    return {
      value: expandTemplate(isRawStatement(attrs.pattern) ? attrs.pattern : '{{version}}', parsed),
      latest: false
    }
  return { value: expandTemplate(attrs.pattern, parsed), latest: true }
}

function pep440Value(raw: string, attrs: Record<string, string>, warnings: string[]): Given | undefined {
  const explained = pep440.valid(raw) ? pep440.explain(raw) : null
  if (!explained) {
    warnings.push(`${raw} does not conform to PEP 440. More info: https://www.python.org/dev/peps/pep-0440`)
    return undefined
  }
  if (explained.is_prerelease || explained.is_postrelease || explained.is_devrelease)
    return { value: isRawStatement(attrs.pattern) ? raw : (pep440.clean(raw) ?? raw), latest: false }
  const parts = {
    raw: () => raw,
    version: () => pep440.clean(raw),
    major: () => pep440.major(raw),
    minor: () => pep440.minor(raw),
    patch: () => pep440.patch(raw)
  }
  return { value: expandTemplate(attrs.pattern, parts), latest: true }
}

function matchValue(raw: string, attrs: Record<string, string>, warnings: string[]): Given | undefined {
  const found = raw.match(regExpOf(attrs.pattern))
  if (!found) {
    warnings.push(`${attrs.pattern} does not match ${raw}.`)
    return undefined
  }
  const group = found[Number(attrs.group)]
  if (group === undefined) {
    warnings.push(`Group ${attrs.group} does not exist for ${attrs.pattern} pattern.`)
    return undefined
  }
  return { value: group, latest: true }
}

/** type=schedule's pattern: only {{date}} and {{commit_date}} are known there, as in metadata-action. */
function expandDates(pattern: string, { date, commit_date }: TemplateValues): string {
  return expandTemplate(pattern, { date, commit_date })
}

/**
 * The OCI keys metadata-action writes, then the user's (a later key replaces an earlier one; a line
 * without "=" is dropped), sorted by key.
 */
function ociList(request: TagRequest, version: Version, extra: string[]): string[] {
  const { repo, event } = request
  const lines = [
    `org.opencontainers.image.title=${repo.name}`,
    `org.opencontainers.image.description=${repo.description}`,
    `org.opencontainers.image.url=${repo.htmlUrl}`,
    `org.opencontainers.image.source=${repo.htmlUrl}`,
    `org.opencontainers.image.version=${version.main ?? ''}`,
    `org.opencontainers.image.created=${request.created}`,
    `org.opencontainers.image.revision=${event.sha}`,
    `org.opencontainers.image.licenses=${repo.licenses}`,
    ...extra
  ]
  const keys = new Map<string, string>()
  for (const line of lines) {
    const eq = line.indexOf('=')
    if (eq >= 0) keys.set(line.slice(0, eq), line.slice(eq + 1))
  }
  return [...keys].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => `${key}=${value}`)
}
