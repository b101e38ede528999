// Bundles the action's two entry points into dist/ (committed; CI fails when it is stale), and writes
// dist/licenses.txt: the name, version, licence and licence text of every package bundled, as the
// docker actions ship them. ESM output for node24 that also runs on Node 20; the banner gives bundled
// CommonJS code a `require`.
import { build } from 'esbuild'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join } from 'node:path'

// Chunks: what only some runs need (@actions/cache, @actions/artifact) is loaded when needed, not
// parsed at every start. Old chunks go first, so that dist/ holds only what this build wrote.
rmSync('dist/chunks', { recursive: true, force: true })

/** This script's folder. */
const SCRIPTS = dirname(new URL(import.meta.url).pathname)

/**
 * @actions/core imports @actions/http-client for getIDToken and @actions/tool-cache for downloadTool;
 * the action calls neither (its downloads are src/http's), and that client's undici is 0.8 MB that
 * every Node start would parse (about 50 ms, in main and in post). For those two importers it resolves
 * to a stub whose classes fail if ever constructed; @actions/cache and @actions/artifact, loaded only
 * when a run uses them, keep the real client.
 * @type {import('esbuild').Plugin}
 */
const withoutUnusedHttpClient = {
  name: 'without-unused-http-client',
  setup(bundler) {
    bundler.onResolve({ filter: /^@actions\/http-client(\/lib\/auth(\.js)?)?$/ }, args =>
      /node_modules\/@actions\/(core|tool-cache)\/lib\//.test(args.importer)
        ? { path: join(SCRIPTS, 'lib', 'unused-http-client.mjs') }
        : undefined
    )
  }
}

/** Node's built-in modules, by either name (fs, node:fs). */
const BUILTIN = new RegExp(`^(node:)?(${builtinModules.map(name => name.replace(/[/]/g, '\\/')).join('|')})$`)

/**
 * Node's built-in modules as CommonJS: an ES import of one makes Node read every export of it for the
 * module's namespace, lazy getters included (node:http's WebSocket loads Node's own undici, node:util's
 * parseArgs, node:fs its promises and readline), about 25 ms of every start; a require reads only what
 * the code uses. Each import of a built-in resolves to a module that requires it; that require is left
 * to Node.
 * @type {import('esbuild').Plugin}
 */
const builtinsAsCommonJs = {
  name: 'builtins-as-commonjs',
  setup(bundler) {
    bundler.onResolve({ filter: BUILTIN }, args =>
      args.kind === 'require-call'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'builtin' }
    )
    bundler.onLoad({ filter: /.*/, namespace: 'builtin' }, args => ({
      contents: `module.exports = require(${JSON.stringify(args.path)})`,
      loader: 'js'
    }))
  }
}

const result = await build({
  plugins: [withoutUnusedHttpClient, builtinsAsCommonJs],
  entryPoints: { main: 'src/entries/main.ts', post: 'src/entries/post.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.js' },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
  }
})

/**
 * The folder of the package a bundled file belongs to (node_modules/@scope/name or node_modules/name).
 * @param {string} file
 */
function packageFolder(file) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)
  return match?.[1]
}

/**
 * The package's own licence file, if it ships one.
 * @param {string} folder
 */
function licenceText(folder) {
  const file = readdirSync(folder).find(name => /^(licen[cs]e|copying)(\.|$)/i.test(name))
  return file ? readFileSync(join(folder, file), 'utf8').trim() : '(no licence file in the package)'
}

const folders = new Set()
for (const file of Object.keys(result.metafile.inputs)) {
  const folder = packageFolder(file)
  if (folder && existsSync(join(folder, 'package.json'))) folders.add(folder)
}
const entries = [...folders]
  .map(folder => ({ folder, pkg: JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) }))
  .sort((a, b) => `${a.pkg.name}@${a.pkg.version}`.localeCompare(`${b.pkg.name}@${b.pkg.version}`))
const sections = entries.map(
  ({ folder, pkg }) =>
    `${pkg.name} ${pkg.version}\nLicense: ${pkg.license ?? 'unknown'}\n\n${licenceText(folder)}\n`
)
writeFileSync(
  join(SCRIPTS, '..', 'dist', 'licenses.txt'),
  `The packages bundled into dist/main.js and dist/post.js, and their licences.\n\n${sections.join('\n---\n\n')}`
)
