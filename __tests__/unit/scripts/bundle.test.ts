// What each Node start of the action parses: dist/main.js and dist/post.js with the chunks they import
// statically. What only some runs need (the Actions cache and artifact clients and their HTTP stack, the
// tag generator) is imported when needed.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The files a module loads before it runs (static imports, followed), and those it may load later. */
function loadedAtStart(entry: string): { atStart: Set<string>; later: Set<string> } {
  const atStart = new Set<string>()
  const later = new Set<string>()
  const visit = (file: string) => {
    if (atStart.has(file)) return
    atStart.add(file)
    const text = readFileSync(file, 'utf8')
    for (const [, spec] of text.matchAll(/^(?:import|} from) (?:[^"\n]* from )?"(\.[^"]+)";$/gm))
      visit(join(dirname(file), spec))
    for (const [, spec] of text.matchAll(/import\("(\.[^"]+)"\)/g)) later.add(join(dirname(file), spec))
  }
  visit(entry)
  return { atStart, later }
}

const bundled = (files: Iterable<string>, pkg: string) =>
  [...files].some(file => readFileSync(file, 'utf8').includes(`// node_modules/${pkg}`))

/** Whether one of the files holds the action's own module `path` (src/…). */
const holds = (files: Iterable<string>, path: string) =>
  [...files].some(file => readFileSync(file, 'utf8').includes(`// ${path}\n`))

describe('dist/', () => {
  it.each(['dist/main.js', 'dist/post.js'])('%s parses no HTTP client stack at start', entry => {
    const { atStart } = loadedAtStart(entry)
    expect(atStart.size).toBeGreaterThan(1)
    // The proxy decision of @actions/http-client (lib/proxy.js, no client) is src/http's.
    for (const pkg of ['undici/', '@actions/http-client/lib/index.js', '@azure/', '@protobuf-ts/'])
      expect([pkg, bundled(atStart, pkg)]).toEqual([pkg, false])
  })

  it.each(['dist/main.js', 'dist/post.js'])('%s imports no built-in module as an ES module', entry => {
    // An ES import of node:http reads its lazy WebSocket getters, which load Node's own undici.
    const { atStart, later } = loadedAtStart(entry)
    for (const file of [...atStart, ...later])
      expect([file, readFileSync(file, 'utf8').match(/^import .* from "(node:)?[a-z_/]+";$/gm)]).toEqual([
        file,
        null
      ])
  })

  // A post step with nothing new to save (every warm run) needs neither: only the folders and the summary.
  it('dist/post.js parses neither the HTTP stack nor @actions/glob at start, only when it saves', () => {
    const { atStart, later } = loadedAtStart('dist/post.js')
    expect([holds(atStart, 'src/http/client.ts'), bundled(atStart, 'tunnel/')]).toEqual([false, false])
    expect(bundled(atStart, '@actions/glob/')).toBe(false)
    expect(holds(atStart, 'src/cache/save.ts')).toBe(true)
    const service = [...later].filter(file => holds(loadedAtStart(file).atStart, 'src/cache/service.ts'))
    expect(service).not.toEqual([])
  })

  it('keeps the real HTTP client for the cache service, loaded when a run uses it', () => {
    const { later } = loadedAtStart('dist/post.js')
    const cache = [...later].find(file => /\/cache-[\w]+\.js$/.test(file)) ?? ''
    const { atStart } = loadedAtStart(cache)
    expect(bundled(atStart, 'undici/')).toBe(true)
    expect(bundled(atStart, '@actions/http-client/lib/index.js')).toBe(true)
  })
})
