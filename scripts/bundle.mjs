// Bundles the action's two entry points into dist/ (committed; CI fails when it is stale).
// ESM output for node24 that also runs on Node 20; the banner gives bundled CommonJS code a `require`.
import { build } from 'esbuild'

await build({
  entryPoints: { main: 'src/entries/main.ts', post: 'src/entries/post.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.js' },
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
  }
})
