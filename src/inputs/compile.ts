// The compile stage's inputs: the module folder, the main package, the binary's name, the platforms,
// and what goes on `go build`'s command line.
import { basename, relative } from 'node:path'
import type { CompileRequest, MainPackage } from '../compile/plan.js'
import { STAMPABLE_VERSION } from '../git.js'
import { parsePlatforms } from '../platform.js'
import {
  inputList,
  type InputReader,
  insidePath,
  isDirectory,
  matching,
  oneOf,
  optionalMatching,
  splitList,
  unbalancedQuote,
  withDefault
} from './parse.js'
import { InputError } from '../errors.js'

/** The module's folder, absolute; it must exist inside the workspace. */
export function readWorkingDirectory(input: InputReader, workspace: string): string {
  const text = withDefault(input, 'working-directory')
  const path = insidePath('working-directory', workspace, text, 'the workspace')
  if (!isDirectory(path)) {
    throw new InputError(`working-directory: "${input('working-directory')}" is not a directory (${path})`)
  }
  return path
}

/** A main package's folder, absolute, inside working-directory. */
function mainDir(text: string, workingDirectory: string): string {
  const path = insidePath('main', workingDirectory, text, 'working-directory')
  if (!isDirectory(path)) {
    throw new InputError(`main: "${text}" is not a directory inside working-directory (${path})`)
  }
  return path
}

/** Top-level paths the image already uses, or that a container runtime mounts over. */
export const RESERVED_TOP_LEVEL = ['etc', 'tmp', 'usr', 'dev', 'proc', 'sys']

const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/

/** A binary's name, or why it cannot be one: not a file name, a path the image uses. */
function checkBinaryName(input: string, name: string, from: string): void {
  matching(
    input,
    name,
    FILE_NAME,
    `is not a file name${from}; use letters, digits, ".", "_" or "-" (not starting with "." or "-")`
  )
  if (RESERVED_TOP_LEVEL.includes(name)) {
    throw new InputError(
      `${input}: the binary /${name}${from} would collide with /${name}, which the image uses`
    )
  }
}

/** The binary names: binary-name (or its folder's name) for the first, the folder's name for the others. */
function binaryNames(input: InputReader, texts: string[], dirs: string[]): string[] {
  const names = dirs.map((dir, i) => (i === 0 && input('binary-name')) || basename(dir))
  names.forEach((name, i) => {
    if (i === 0 && input('binary-name')) checkBinaryName('binary-name', name, '')
    else checkBinaryName('main', name, ` (the folder name of ${texts[i]})`)
    const first = names.indexOf(name)
    if (first !== i) {
      throw new InputError(
        `main: ${texts[first]} and ${texts[i]} would both be the binary /${name}; set binary-name or rename a folder`
      )
    }
  })
  return names
}

/** The main packages (newline- or comma-separated); the first is the entrypoint. */
function readMains(input: InputReader, workingDirectory: string): MainPackage[] {
  const texts = splitList(withDefault(input, 'main'))
  const dirs = texts.map(text => mainDir(text, workingDirectory))
  const names = binaryNames(input, texts, dirs)
  return dirs.map((dir, i) => {
    const rel = relative(workingDirectory, dir)
    return { package: rel ? `./${rel.split('\\').join('/')}` : '.', name: names[i] }
  })
}

// `go build` flags that the action sets itself, and the input that controls each instead.
const OWNED_BUILD_FLAGS: Record<string, string> = {
  '-o': 'binary-name',
  '-ldflags': 'ldflags',
  '-tags': 'build-tags',
  '-trimpath': '(always set)'
}

function parseBuildFlags(text: string): string[] {
  const flags = splitList(text, /\s+/)
  for (const flag of flags) {
    const name = flag.split('=')[0].replace(/^--/, '-')
    const owner = OWNED_BUILD_FLAGS[name]
    if (owner)
      throw new InputError(`build-flags: "${flag}" is set by the action; use the input ${owner} instead`)
    if (!flag.startsWith('-')) {
      throw new InputError(`build-flags: "${flag}" is not a flag; packages are chosen with the input main`)
    }
  }
  return flags
}

function parseLdflags(ldflags: string): string {
  if (/[\n\r\0]/.test(ldflags)) throw new InputError('ldflags: new lines and NUL characters are not accepted')
  const openQuote = unbalancedQuote(ldflags)
  if (openQuote) {
    throw new InputError(
      `ldflags: the ${openQuote} quote in "${ldflags}" is never closed; Go splits -ldflags on spaces outside quotes`
    )
  }
  return ldflags
}

function parseBuildTags(text: string): string[] {
  const tags = splitList(text, /[\s,]+/)
  for (const tag of tags) matching('build-tags', tag, /^[A-Za-z0-9_.!-]+$/, 'is not a build tag')
  return tags
}

function parseVersion(text: string): string {
  return optionalMatching(
    'version',
    text,
    STAMPABLE_VERSION,
    'cannot be stamped into the binary; use up to 128 letters, digits, ".", "_", "+", "~" or "-"'
  )
}

/** Every check in the order of the inputs' table; a binary's name defaults to its main package's folder name. */
export function readCompileRequest(
  input: InputReader,
  workingDirectory: string,
  embedTzdata: boolean
): CompileRequest {
  const mains = readMains(input, workingDirectory)
  const platforms = parsePlatforms(inputList('platforms', withDefault(input, 'platforms')))
  const buildFlags = parseBuildFlags(input('build-flags'))
  const buildTags = parseBuildTags(input('build-tags'))
  const ldflags = parseLdflags(input('ldflags'))
  const version = parseVersion(input('version'))
  const versionVariable = matching(
    'version-variable',
    withDefault(input, 'version-variable'),
    /^[A-Za-z0-9_./-]+\.[A-Za-z_][A-Za-z0-9_]*$/,
    'is not a Go package path and variable, e.g. main.version'
  )
  return {
    workingDirectory,
    mains,
    platforms,
    buildFlags,
    buildTags,
    ldflags,
    version,
    versionVariable,
    versionVariableGiven: input('version-variable') !== '',
    cgo: oneOf('cgo', withDefault(input, 'cgo'), ['warn', 'error'] as const),
    embedTzdata
  }
}
