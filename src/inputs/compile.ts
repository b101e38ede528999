// The compile stage's inputs: the module folder, the main package, the binary's name, the platforms,
// and what goes on `go build`'s command line.
import { basename, relative } from 'node:path'
import type { CompileRequest } from '../compile/plan.js'
import { parsePlatforms } from '../platform.js'
import {
  insidePath,
  isDirectory,
  matching,
  optionalMatching,
  splitList,
  unbalancedQuote,
  withDefault,
  type InputReader
} from './parse.js'

/** The module's folder, absolute; it must exist inside the workspace. */
export function readWorkingDirectory(input: InputReader, workspace: string): string {
  const text = input('working-directory') || '.'
  const path = insidePath('working-directory', workspace, text, 'the workspace')
  if (!isDirectory(path)) {
    throw new Error(`working-directory: "${input('working-directory')}" is not a directory (${path})`)
  }
  return path
}

/** The main package's folder, absolute, inside working-directory. */
function readMainDir(input: InputReader, workingDirectory: string): string {
  const text = input('main') || '.'
  const path = insidePath('main', workingDirectory, text, 'working-directory')
  if (!isDirectory(path)) {
    throw new Error(`main: "${text}" is not a directory inside working-directory (${path})`)
  }
  return path
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
    if (owner) throw new Error(`build-flags: "${flag}" is set by the action; use the input ${owner} instead`)
    if (!flag.startsWith('-')) {
      throw new Error(`build-flags: "${flag}" is not a flag; packages are chosen with the input main`)
    }
  }
  return flags
}

function parseLdflags(ldflags: string): string {
  if (/[\n\r\0]/.test(ldflags)) throw new Error('ldflags: new lines and NUL characters are not accepted')
  const openQuote = unbalancedQuote(ldflags)
  if (openQuote) {
    throw new Error(
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
    /^[0-9A-Za-z][0-9A-Za-z._+~-]{0,127}$/,
    'cannot be stamped into the binary; use up to 128 letters, digits, ".", "_", "+", "~" or "-"'
  )
}

/** Every check in the order of the inputs' table; the binary name defaults to main's folder name. */
export function readCompileRequest(
  input: InputReader,
  workingDirectory: string,
  embedTzdata: boolean
): CompileRequest {
  const mainDir = readMainDir(input, workingDirectory)
  const binaryName = matching(
    'binary-name',
    input('binary-name') || basename(mainDir),
    /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/,
    'is not a file name; use letters, digits, ".", "_" or "-" (not starting with "." or "-")'
  )
  const platforms = parsePlatforms(splitList(withDefault(input, 'platforms')))
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
  const mainRel = relative(workingDirectory, mainDir)
  const mainPackage = mainRel ? `./${mainRel.split('\\').join('/')}` : '.'
  return {
    workingDirectory,
    mainPackage,
    binaryName,
    platforms,
    buildFlags,
    buildTags,
    ldflags,
    version,
    versionVariable,
    embedTzdata
  }
}
