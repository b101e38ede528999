// Says before building when the program needs cgo, which a static FROM scratch image cannot have.
import { run } from '../exec.js'

/** Non-standard packages among the main package's dependencies that have cgo files ("import C"). */
export async function cgoPackages(go: string, cwd: string, mainPackage: string): Promise<string[]> {
  const format = '{{if and (not .Standard) .CgoFiles}}{{.ImportPath}}{{end}}'
  const result = await run(go, ['list', '-deps', '-f', format, mainPackage], {
    cwd,
    env: { ...process.env, CGO_ENABLED: '1', GOTOOLCHAIN: 'local' }
  })
  // A failing `go list` (a missing module, a syntax error) is left to `go build` to report.
  return result.code === 0 ? result.stdout.split('\n').filter(Boolean) : []
}
