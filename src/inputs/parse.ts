// The input syntax every reader shares: lists, booleans, choices, URLs and paths that must stay inside
// a folder. Each helper names the input in its error and says what is accepted.
import { parse } from 'csv-parse/sync'
import { existsSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { InputError, messageOf } from '../errors.js'
import { defaultOf, INPUTS, type InputName, type InputSpec } from './table.js'

/** Reads one input by its name, as core.getInput does: trimmed, "" when not given. */
/** Reads one input by its name (only the table's names exist). */
export type InputReader = (name: InputName) => string

/** The reader with each input's `environment` variable applied: the input, else its variable (trimmed), else "". */
export function withEnvironment(input: InputReader, env: NodeJS.ProcessEnv): InputReader {
  return name => {
    const spec: InputSpec = INPUTS[name]
    return input(name) || (spec.environment ? (env[spec.environment]?.trim() ?? '') : '')
  }
}

/** An input, or its default from the table when not given. */
export function withDefault(input: InputReader, name: InputName): string {
  return input(name) || defaultOf(name)
}

/** Splits a list input on commas and new lines (as build-push-action does), dropping blanks. */
export function splitList(text: string, separators = /[\n,]/): string[] {
  return text
    .split(separators)
    .map(item => item.trim())
    .filter(Boolean)
}

/**
 * A list input as build-push-action reads it: docker/actions-toolkit's getInputList, with the same
 * parser (csv-parse) and options. Items on lines or separated by commas, trimmed; an item in double
 * quotes keeps its commas (and new lines), and "" inside it is one quote; blank items are dropped. With
 * ignoreComma (labels, annotations) a line is one item whatever commas it holds.
 */
export function inputList(input: string, text: string, options: { ignoreComma?: boolean } = {}): string[] {
  if (text === '') return []
  let records: string[][]
  try {
    records = parse(text, { columns: false, relaxQuotes: true, relaxColumnCount: true, skipEmptyLines: true })
  } catch (error) {
    throw new InputError(
      `${input}: ${messageOf(error).replace(/^CsvError: /, '')} (a list of lines or commas; "…" quotes an item)`,
      { cause: error }
    )
  }
  const items = records.flatMap(record => {
    if (options.ignoreComma) return [record.join(',')]
    return record.length === 1 ? record[0].split(',') : record
  })
  return items
    .filter(item => item)
    .map(item => item.trim())
    .filter(item => item !== '')
}

export function parseBoolean(input: string, text: string, fallback: boolean): boolean {
  if (text === '') return fallback
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true'
  throw new InputError(`${input}: "${text}" is not a boolean; accepted: true, false`)
}

/** A boolean input read by its name. */
/** The inputs whose kind is boolean. */
export type BooleanInput = {
  [K in InputName]: (typeof INPUTS)[K]['kind'] extends 'boolean' ? K : never
}[InputName]

/** A boolean input, its default from the table. */
export function readBoolean(input: InputReader, name: BooleanInput): boolean {
  return parseBoolean(name, input(name), defaultOf(name) === 'true')
}

export function oneOf<T extends string>(input: string, text: string, accepted: readonly T[]): T {
  if (!(accepted as readonly string[]).includes(text)) {
    throw new InputError(`${input}: "${text}" is not accepted; accepted: ${accepted.join(', ')}`)
  }
  return text as T
}

/** The text, or an error `<input>: "<text>" <why>` when it does not match. */
export function matching(input: string, text: string, pattern: RegExp, why: string): string {
  if (!pattern.test(text)) throw new InputError(`${input}: "${text}" ${why}`)
  return text
}

/** As matching, where "" (not given) is accepted too. */
export function optionalMatching(input: string, text: string, pattern: RegExp, why: string): string {
  return text === '' ? text : matching(input, text, pattern, why)
}

export function httpUrl(input: string, text: string): string {
  return matching(input, text, /^https?:\/\/[^\s/]+[^\s]*$/, 'is not an http(s) URL')
}

/** Whether `path` lies outside `base` ("..dots" is a name inside, "../dots" is not). */
function outside(base: string, path: string): boolean {
  const rel = relative(base, path)
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)
}

/**
 * A path given relative to `base` that must stay inside it, as text and, when it exists, as the file
 * it really is (symbolic links resolved).
 */
export function insidePath(input: string, base: string, text: string, what: string): string {
  const path = resolve(base, text)
  if (outside(base, path)) {
    throw new InputError(`${input}: "${text}" points outside ${what} (${base}); give a path inside it`)
  }
  if (existsSync(path) && outside(realpathSync(base), realpathSync(path))) {
    throw new InputError(
      `${input}: "${text}" is a symbolic link to ${realpathSync(path)}, outside ${what} (${base}); give a path inside it`
    )
  }
  return path
}

export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory()
}

/** The quote Go's flag splitting (cmd/internal/quoted) would find unterminated, if any. */
export function unbalancedQuote(text: string): string | undefined {
  let open: string | undefined
  for (const char of text) {
    if (open) {
      if (char === open) open = undefined
    } else if (char === '"' || char === "'") {
      open = char
    }
  }
  return open === '"' ? 'double' : open === "'" ? 'single' : undefined
}
