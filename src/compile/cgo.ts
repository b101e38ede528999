// Says before building when the program needs cgo, which a static FROM scratch image cannot have.
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
