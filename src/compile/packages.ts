// What `go list` says of the main packages before anything compiles: each must be a main package; the
// version variable must be declared where the linker will look for it (else it ignores -X silently and
// the binary says "dev" while the labels say the version); goreleaser's main.commit and main.date are
// stamped when declared; and cgo, which a static FROM scratch image cannot have, is worth a warning.
import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { run } from '../exec.js'
import { GORELEASER_STAMPS, type CompileRequest } from './plan.js'
import { InputError } from '../errors.js'

/** A package as `go list` names it, with the package-level variables its files declare. */
export interface ListedPackage {
  pattern: string
  name: string
  variables: string[]
  /** Other package-level names and what they are ("func", "const", "type"): not a variable -X can set. */
  others?: Record<string, string>
}

/** Go source without comments and with every string literal emptied: what the declarations are read from. */
const codeOf = (source: string) =>
  source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/`[^`]*`|"(?:\\.|[^"\\])*"/g, '""')

/** Package-level functions (not methods), constants and types, by name: what -X cannot set. */
export function declaredOthers(source: string): Record<string, string> {
  const code = codeOf(source)
  const others: Record<string, string> = {}
  for (const [, name] of code.matchAll(/^func\s+(\w+)\s*[[(]/gm)) others[name] = 'func'
  for (const [, kind, name] of code.matchAll(/^(const|type)\s+(\w+)/gm)) others[name] = kind
  for (const [, kind, block] of code.matchAll(/^(const|type)\s*\(([\s\S]*?)^\)/gm))
    for (const [, name] of block.matchAll(/^\s*(\w+)/gm)) others[name] = kind
  return others
}

/** The package-level variables Go source declares: `var x …` and the names in `var ( … )` blocks. */
export function declaredVariables(source: string): string[] {
  const code = codeOf(source)
  const names: string[] = []
  for (const [, single] of code.matchAll(/^var\s+(\w+(?:\s*,\s*\w+)*)\s*(?:=|\s)/gm))
    names.push(...single.split(',').map(n => n.trim()))
  for (const [, block] of code.matchAll(/^var\s*\(([\s\S]*?)^\)/gm))
    for (const [, list] of block.matchAll(/^\s*(\w+(?:\s*,\s*\w+)*)\s/gm))
      names.push(...list.split(/\s*,\s*/))
  return [...new Set(names.filter(Boolean))]
}

/** What the one `go list` says: the named packages, and the dependencies with cgo files. */
export interface Listing {
  /** Each pattern's package, in the order of the patterns; undefined when one cannot be loaded. */
  named: (ListedPackage & { importPath: string; error: boolean })[]
  cgo: string[]
  /** Whether Go loaded every package, dependencies too, without an error. */
  clean: boolean
}

/** The fields asked of each package, tab-separated; patterns and file names joined by \x1f. */
const LIST_FORMAT = [
  '{{if .DepOnly}}dep{{end}}',
  '{{if .Error}}error{{end}}',
  '{{if and (not .Standard) .CgoFiles}}cgo{{end}}',
  '{{.ImportPath}}',
  '{{.Name}}',
  '{{.Dir}}',
  '{{join .Match "\\x1f"}}',
  '{{join .GoFiles "\\x1f"}}\x1f{{join .IgnoredGoFiles "\\x1f"}}'
].join('\t')

/** Pure: reads `go list -e -deps -f LIST_FORMAT` into the packages each pattern names and the cgo ones. */
export function parseListing(
  stdout: string,
  patterns: string[]
): Omit<Listing, 'named'> & {
  named: (Omit<Listing['named'][number], 'variables'> & { dir: string; files: string[] })[]
} {
  const rows = stdout
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [dep, error, cgo, importPath, name, dir, match, files] = line.split('\t')
      const matches = match.split('\x1f')
      return { dep: dep === 'dep', error: error === 'error', cgo, importPath, name, dir, matches, files }
    })
  const named = patterns.map(pattern => {
    const row = rows.find(r => !r.dep && (r.matches.includes(pattern) || r.importPath === pattern))
    const files = row?.files.split('\x1f').filter(Boolean) ?? []
    return {
      pattern,
      importPath: row?.importPath ?? '',
      name: row?.name ?? '',
      error: !row || row.error,
      dir: row?.dir ?? '',
      files
    }
  })
  return { named, cgo: rows.filter(r => r.cgo).map(r => r.importPath), clean: !rows.some(r => r.error) }
}

/**
 * One `go list` answers every question asked before compiling: each main package's name, import path
 * and declared variables, the version variable's package, and the dependencies with cgo files (listed
 * with CGO_ENABLED=1, so that Go names them; the files cgo leaves out are read for declarations too).
 */
async function listPackages(
  go: string,
  cwd: string,
  patterns: string[],
  env: NodeJS.ProcessEnv = {}
): Promise<Listing | undefined> {
  const result = await run(go, ['list', '-e', '-deps', '-f', LIST_FORMAT, ...patterns], {
    cwd,
    env: { CGO_ENABLED: '1', GOTOOLCHAIN: 'local', ...env }
  })
  if (result.code !== 0) return undefined
  const { named, cgo, clean } = parseListing(result.stdout, patterns)
  const listed = await Promise.all(
    named.map(async ({ dir, files, ...pkg }) => {
      const sources = await Promise.all(files.map(file => readFile(join(dir, file), 'utf8').catch(() => '')))
      const others = Object.assign({}, ...sources.map(declaredOthers)) as Record<string, string>
      return { ...pkg, variables: sources.flatMap(declaredVariables), others }
    })
  )
  return { named: listed, cgo, clean }
}

/** What the checks take of the compile request. */
export type PackagesRequest = Pick<
  CompileRequest,
  'workingDirectory' | 'mains' | 'versionVariable' | 'versionVariableGiven' | 'cgo'
>

/** The package of the version variable (main.version → main). */
const variablePackage = (variable: string) => variable.slice(0, variable.lastIndexOf('.'))

/** The one `go list` of the checks: the main packages, and the version variable's package when not main. */
function listFor(
  go: string,
  request: PackagesRequest,
  env?: NodeJS.ProcessEnv
): Promise<Listing | undefined> {
  const packages = request.mains.map(main => main.package)
  const path = variablePackage(request.versionVariable)
  return listPackages(go, request.workingDirectory, path === 'main' ? packages : [...packages, path], env)
}

/**
 * The checks' `go list` from the cache folders as they are, without the network (GOPROXY=off), to run
 * while the folders are checked: it reads them, downloads nothing, and adds to GOCACHE only Go's index
 * of the packages it read (which the check leaves out, and a restore, after it ended, would keep: the
 * index of a module version never changes). Its answer holds only when every package loaded (a module
 * the folders lack fails to) and the folders held their entries; else the compile lists again.
 */
export async function listFromFolders(go: string, request: PackagesRequest): Promise<Listing | undefined> {
  const listing = await listFor(go, request, { GOPROXY: 'off' })
  return listing?.clean ? listing : undefined
}

/** What a static build does to packages with cgo files, and how to avoid it. */
export function cgoMessage(packages: string[]): string {
  return (
    `these packages have cgo files, which the static build leaves out (CGO_ENABLED=0): ${packages.join(', ')}. ` +
    'One with a pure-Go fallback builds without them; one that compiles a stub instead (as mattn/go-sqlite3 ' +
    'does) builds, but its functions fail at run time in the image. Use a pure-Go alternative (modernc.org/sqlite ' +
    'for go-sqlite3), or build tags that leave the package out.'
  )
}

/** Why the version variable would be ignored by the linker, or undefined when it is declared. */
export function versionVariableProblem(
  variable: string,
  mains: ListedPackage[],
  other?: ListedPackage
): string | undefined {
  const dot = variable.lastIndexOf('.')
  const [path, name] = [variable.slice(0, dot), variable.slice(dot + 1)]
  const where = path === 'main' ? mains : other ? [other] : []
  const kind = where.map(p => p.others?.[name]).find(Boolean)
  if (kind && !where.some(p => p.variables.includes(name)))
    return (
      `version-variable: ${variable} is a ${kind}, not a variable; the linker's -X sets only string variables. ` +
      `Declare var ${name} string (or name the variable that holds the version)`
    )
  const lacking =
    path === 'main'
      ? mains.filter(m => !m.variables.includes(name)).map(m => `package main of ${m.pattern}`)
      : other?.variables.includes(name)
        ? []
        : [`package ${path}`]
  if (!lacking.length) return undefined
  return (
    `version-variable: ${variable} is not declared in ${lacking.join(', ')}; ` +
    `the linker would ignore it and the binary would not say its version. Declare var ${name} string there, or name the variable that holds the version`
  )
}

/** What the checks found that the compile uses. */
export interface PackageFacts {
  /** The goreleaser variables (main.commit, main.date) a main package declares, stamped too. */
  stamps: string[]
  /** Each main package's import path, by its pattern; undefined when `go list` could not load them. */
  importPaths?: Record<string, string>
}

/** Fails on a named package that is not a main package, or on cgo with cgo: error; else warns. */
function checkMainsAndCgo(listing: Listing, mains: Listing['named'], cgoMode: 'warn' | 'error'): void {
  const libraries = mains.filter(m => m.name !== 'main').map(m => m.pattern)
  if (libraries.length) {
    throw new InputError(
      `main: ${libraries.join(', ')} is not a main package (package main, with func main): no binary can be built from it`
    )
  }
  if (listing.cgo.length) {
    const said = cgoMessage(listing.cgo)
    if (cgoMode === 'error') throw new InputError(`cgo: error: ${said}`)
    core.warning(`${said} Set cgo: error to stop the build on them.`)
  }
}

/**
 * Checks the main packages before compiling, with one `go list` (or the answer `listed` already has,
 * listFromFolders').
 */
export async function checkPackages(
  go: string,
  request: PackagesRequest,
  listed?: Listing
): Promise<PackageFacts> {
  const packages = request.mains.map(main => main.package)
  const path = variablePackage(request.versionVariable)
  const listing = listed ?? (await listFor(go, request))
  const mains = listing?.named.slice(0, packages.length)
  // A package Go cannot load is left to `go build` to report, with its own words.
  if (!listing || !mains || mains.some(m => m.error)) return { stamps: [] }
  checkMainsAndCgo(listing, mains, request.cgo)
  const other = path === 'main' ? undefined : listing.named[packages.length]
  const problem = versionVariableProblem(request.versionVariable, mains, other?.error ? undefined : other)
  // The default main.version in a program without one is no mistake: nothing is stamped, the labels
  // still carry the version. A variable the user named is.
  if (problem && request.versionVariableGiven) throw new InputError(problem)
  if (problem)
    core.notice(`${problem.replace(/^version-variable: /, '')} (the image's labels carry the version)`)
  const declared = new Set(mains.flatMap(m => m.variables))
  return {
    stamps: Object.values(GORELEASER_STAMPS).filter(variable => declared.has(variable.slice('main.'.length))),
    importPaths: Object.fromEntries(mains.map(m => [m.pattern, m.importPath]))
  }
}
