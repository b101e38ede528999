// What `go list` says of the main packages before anything compiles: each must be a main package; the
// version variable must be declared where the linker will look for it (else it ignores -X silently and
// the binary says "dev" while the labels say the version); goreleaser's main.commit and main.date are
// stamped when declared; and cgo, which a static FROM scratch image cannot have, is worth a warning.
import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { run } from '../exec.js'
import { GORELEASER_STAMPS } from './plan.js'

/** Non-standard packages among the main packages' dependencies that have cgo files ("import C"). */
export async function cgoPackages(go: string, cwd: string, mainPackages: string[]): Promise<string[]> {
  const format = '{{if and (not .Standard) .CgoFiles}}{{.ImportPath}}{{end}}'
  const result = await run(go, ['list', '-deps', '-f', format, ...mainPackages], {
    cwd,
    env: { ...process.env, CGO_ENABLED: '1', GOTOOLCHAIN: 'local' }
  })
  // A failing `go list` (a missing module, a syntax error) is left to `go build` to report.
  return result.code === 0 ? result.stdout.split('\n').filter(Boolean) : []
}

/** A package as `go list` names it, with the package-level variables its files declare. */
export interface ListedPackage {
  pattern: string
  name: string
  variables: string[]
}

/** The package-level variables Go source declares: `var x …` and the names in `var ( … )` blocks. */
export function declaredVariables(source: string): string[] {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/`[^`]*`|"(?:\\.|[^"\\])*"/g, '""')
  const names: string[] = []
  for (const [, single] of code.matchAll(/^var\s+(\w+(?:\s*,\s*\w+)*)\s*(?:=|\s)/gm))
    names.push(...single.split(',').map(n => n.trim()))
  for (const [, block] of code.matchAll(/^var\s*\(([\s\S]*?)^\)/gm))
    for (const [, list] of block.matchAll(/^\s*(\w+(?:\s*,\s*\w+)*)\s/gm))
      names.push(...list.split(/\s*,\s*/))
  return [...new Set(names.filter(Boolean))]
}

/** Each pattern's package name and declared variables; undefined when `go list` fails (go build says why). */
async function listPackages(
  go: string,
  cwd: string,
  patterns: string[]
): Promise<ListedPackage[] | undefined> {
  const format = '{{.Name}}\t{{.Dir}}\t{{join .GoFiles "\\t"}}'
  const result = await run(go, ['list', '-f', format, ...patterns], {
    cwd,
    env: { ...process.env, GOTOOLCHAIN: 'local' }
  })
  if (result.code !== 0) return undefined
  const lines = result.stdout.split('\n').filter(Boolean)
  return Promise.all(
    lines.map(async (line, i) => {
      const [name, dir, ...files] = line.split('\t')
      const sources = await Promise.all(files.map(file => readFile(join(dir, file), 'utf8').catch(() => '')))
      return { pattern: patterns[i], name, variables: sources.flatMap(declaredVariables) }
    })
  )
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

/**
 * Checks the main packages before compiling; returns the goreleaser variables (main.commit, main.date)
 * that a main package declares, to be stamped too. Both `go list` questions run side by side.
 */
export async function checkPackages(
  go: string,
  cwd: string,
  packages: string[],
  versionVariable: { name: string; given: boolean },
  cgoMode: 'warn' | 'error' = 'warn'
): Promise<string[]> {
  const path = versionVariable.name.slice(0, versionVariable.name.lastIndexOf('.'))
  const [mains, other, cgo] = await Promise.all([
    listPackages(go, cwd, packages),
    path === 'main' ? undefined : listPackages(go, cwd, [path]),
    cgoPackages(go, cwd, packages)
  ])
  if (!mains) return [] // left to `go build` to report, with its own words
  const libraries = mains.filter(m => m.name !== 'main').map(m => m.pattern)
  if (libraries.length) {
    throw new Error(
      `main: ${libraries.join(', ')} is not a main package (package main, with func main): no binary can be built from it`
    )
  }
  const problem = versionVariableProblem(versionVariable.name, mains, other?.[0])
  // The default main.version in a program without one is no mistake: nothing is stamped, the labels
  // still carry the version. A variable the user named is.
  if (problem && versionVariable.given) throw new Error(problem)
  if (problem)
    core.notice(`${problem.replace(/^version-variable: /, '')} (the image's labels carry the version)`)
  if (cgo.length) {
    const said = cgoMessage(cgo)
    if (cgoMode === 'error') throw new Error(`cgo: error: ${said}`)
    core.warning(`${said} Set cgo: error to stop the build on them.`)
  }
  const declared = new Set(mains.flatMap(m => m.variables))
  return Object.values(GORELEASER_STAMPS).filter(variable => declared.has(variable.slice('main.'.length)))
}
