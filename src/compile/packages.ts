// What `go list` says of the main packages before anything compiles: each must be a main package,
// and cgo, which a static FROM scratch image cannot have, is worth a warning.
import * as core from '@actions/core'
import { run } from '../exec.js'

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

/** The packages among `packages` that are not main packages (a library cannot be a binary). */
export async function notMainPackages(go: string, cwd: string, packages: string[]): Promise<string[]> {
  const result = await run(go, ['list', '-f', '{{.Name}}', ...packages], {
    cwd,
    env: { ...process.env, GOTOOLCHAIN: 'local' }
  })
  if (result.code !== 0) return [] // left to `go build` to report, with its own words
  const names = result.stdout.split('\n').filter(Boolean)
  return packages.filter((_, i) => names[i] !== 'main')
}

/** Refuses a library given as a main package; warns of cgo. Both questions at once (0.1–0.2 s each). */
export async function checkPackages(go: string, cwd: string, packages: string[]): Promise<void> {
  const [libraries, cgo] = await Promise.all([
    notMainPackages(go, cwd, packages),
    cgoPackages(go, cwd, packages)
  ])
  if (libraries.length) {
    throw new Error(
      `main: ${libraries.join(', ')} is not a main package (package main, with func main): no binary can be built from it`
    )
  }
  if (cgo.length) {
    core.warning(
      `These packages use cgo, which a static image cannot have (the build sets CGO_ENABLED=0): ${cgo.join(', ')}. ` +
        'Without a pure-Go fallback in them, the build fails.'
    )
  }
}
