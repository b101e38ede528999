// docker/metadata-action's inputs, read with its syntax and defaults so that its step's `with:` block
// moves here unchanged: `images` (names, or name=…,enable=…), `tags` (rules such as
// type=semver,pattern={{version}}) and `flavor` (latest, prefix, suffix, onlatest). Each line is one CSV
// record (csv-parse, as metadata-action reads it); an attribute is key=value split at the first "=".
import { parse } from 'csv-parse/sync'
import { InputError, messageOf } from '../errors.js'

export const RULE_TYPES = ['schedule', 'semver', 'pep440', 'match', 'edge', 'ref', 'raw', 'sha'] as const
export type RuleType = (typeof RULE_TYPES)[number]

/** One tags rule: its type and its attributes, every default filled in. */
export interface TagRule {
  type: RuleType
  attrs: Record<string, string>
}

export interface Flavor {
  latest: 'auto' | 'true' | 'false'
  prefix: string
  prefixLatest: boolean
  suffix: string
  suffixLatest: boolean
}

export interface ImageName {
  name: string
  enable: boolean
}

/** What the tags are made from when `images` is given. */
export interface TagRules {
  images: ImageName[]
  /** Highest priority first, as metadata-action orders them. */
  rules: TagRule[]
  flavor: Flavor
}

/** metadata-action's rules when `tags` is not given. */
const DEFAULT_RULES = ['type=schedule', 'type=ref,event=branch', 'type=ref,event=tag', 'type=ref,event=pr']

const PRIORITIES: Record<RuleType, string> = {
  schedule: '1000',
  semver: '900',
  pep440: '900',
  match: '800',
  edge: '700',
  ref: '600',
  raw: '200',
  sha: '100'
}

/** Each rule type's attributes: those it must have, and the defaults of the others. */
const RULE_SHAPES: Record<RuleType, { required: string[]; defaults: Record<string, string> }> = {
  schedule: { required: [], defaults: { pattern: 'nightly' } },
  semver: { required: ['pattern'], defaults: { value: '', match: '' } },
  pep440: { required: ['pattern'], defaults: { value: '', match: '' } },
  match: { required: ['pattern'], defaults: { group: '0', value: '' } },
  edge: { required: [], defaults: { branch: '' } },
  ref: { required: ['event'], defaults: {} },
  raw: { required: ['value'], defaults: {} },
  sha: { required: [], defaults: { prefix: 'sha-', format: 'short' } }
}

/** One line's fields, as metadata-action's csv-parse call reads them. */
function fieldsOf(input: string, line: string): string[] {
  try {
    const records: string[][] = parse(line, { relaxColumnCount: true, skipEmptyLines: true })
    return records[0] ?? []
  } catch (error) {
    throw new InputError(`${input}: "${line}" cannot be read: ${messageOf(error).replace(/^CsvError: /, '')}`)
  }
}

/** A field split at its first "=" and trimmed: [key, value], or [value] without one. */
function splitField(field: string): [string] | [string, string] {
  const eq = field.indexOf('=')
  return eq < 0 ? [field.trim()] : [field.slice(0, eq).trim(), field.slice(eq + 1).trim()]
}

const isRuleType = (value: string): value is RuleType => (RULE_TYPES as readonly string[]).includes(value)

/** Reads one tags rule; a line without type= is a raw value (metadata-action's type=raw). */
export function parseRule(line: string): TagRule {
  const attrs: Record<string, string> = {}
  let type: RuleType = 'raw'
  for (const field of fieldsOf('tags', line)) {
    const [key, value] = splitField(field)
    if (value === undefined) attrs.value = key
    else if (key.toLowerCase() !== 'type') attrs[key.toLowerCase()] = value
    else if (isRuleType(value)) type = value
    else
      throw new InputError(
        `tags: "${line}" has the unknown type "${value}"; accepted: ${RULE_TYPES.join(', ')}`
      )
  }
  const shape = RULE_SHAPES[type]
  const missing = shape.required.filter(name => !(name in attrs))
  if (missing.length) throw new InputError(`tags: "${line}" needs ${missing.map(m => `${m}=`).join(', ')}`)
  if (type === 'ref' && attrs.event === 'pr' && !('prefix' in attrs)) attrs.prefix = 'pr-'
  const rule = { type, attrs: { ...shape.defaults, ...attrs } }
  checkRule(line, rule)
  return { type, attrs: { enable: 'true', priority: PRIORITIES[type], ...rule.attrs } }
}

function checkRule(line: string, { type, attrs }: TagRule): void {
  const accepted = (name: string, values: string[]) => {
    if (!values.includes(attrs[name]))
      throw new InputError(`tags: "${line}" has ${name}=${attrs[name]}; accepted: ${values.join(', ')}`)
  }
  if (type === 'ref') accepted('event', ['branch', 'tag', 'pr'])
  if (type === 'sha') accepted('format', ['short', 'long'])
  if (type === 'match' && !/^\d+$/.test(attrs.group))
    throw new InputError(
      `tags: "${line}" has group=${attrs.group}; give the number of a group (0: the whole match)`
    )
}

/** The rules, highest priority first (a stable sort: equal priorities keep their order). */
export function parseRules(lines: string[]): TagRule[] {
  const rules = (lines.length ? lines : DEFAULT_RULES).map(parseRule)
  return rules.sort((a, b) => Number(b.attrs.priority) - Number(a.attrs.priority))
}

/** Reads `flavor`: latest=auto|true|false, prefix=…/suffix=… each with an optional onlatest=true|false. */
export function parseFlavor(lines: string[]): Flavor {
  const flavor: Flavor = { latest: 'auto', prefix: '', prefixLatest: false, suffix: '', suffixLatest: false }
  for (const line of lines) {
    let onLatestFor: 'prefix' | 'suffix' | undefined
    for (const field of fieldsOf('flavor', line)) {
      const [key, value] = splitField(field)
      const name = key.toLowerCase()
      if (value === undefined) throw new InputError(`flavor: "${line}" is not of the form key=value`)
      if (name === 'latest' && (value === 'auto' || value === 'true' || value === 'false'))
        flavor.latest = value
      else if (name === 'prefix' || name === 'suffix') {
        flavor[name] = value
        onLatestFor = name
      } else if (name === 'onlatest' && (value === 'true' || value === 'false')) {
        if (onLatestFor) flavor[onLatestFor === 'prefix' ? 'prefixLatest' : 'suffixLatest'] = value === 'true'
      } else
        throw new InputError(
          `flavor: "${line}" has ${name}=${value}; accepted: latest=auto|true|false, prefix=…, suffix=…, onlatest=true|false`
        )
    }
  }
  return flavor
}

/**
 * Reads `images`: one name per line, name=…,enable=true|false, or (metadata-action's first form) one
 * line of names separated by commas. Names are lower-cased, as metadata-action does.
 */
export function parseImages(lines: string[]): ImageName[] {
  if (lines.length === 1) {
    const fields = fieldsOf('images', lines[0]).map(splitField)
    if (fields.every(f => f.length === 1))
      return fields.map(([name]) => ({ name: name.toLowerCase(), enable: true }))
  }
  return lines.map(line => {
    const image: ImageName = { name: '', enable: true }
    for (const [key, value] of fieldsOf('images', line).map(splitField)) {
      const name = key.toLowerCase()
      if (value === undefined) image.name = key.toLowerCase()
      else if (name === 'name') image.name = value.toLowerCase()
      else if (name === 'enable' && (value === 'true' || value === 'false')) image.enable = value === 'true'
      else throw new InputError(`images: "${line}" has ${name}=${value}; accepted: name=…, enable=true|false`)
    }
    if (!image.name) throw new InputError(`images: "${line}" names no image`)
    return image
  })
}
