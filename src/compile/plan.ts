// What `go build` runs for each platform: pure, so that every flag is table-tested.
import { dirname, join } from 'node:path'
import { binaryPath } from '../layout.js'
import type { Platform } from '../platform.js'
import { TZDATA_BUILD_TAG } from '../tzdata.js'

/** A main package and the binary built from it. */
export interface MainPackage {
  /** As `go build` takes it: "./cmd/server" or ".". */
  package: string
  /** The binary's file name, and its path in the image (/name). */
  name: string
}

/** What the compile stage takes: which package, for which platforms, with which flags. */
export interface CompileRequest {
  /** Absolute folder in which Go runs: the module (or a workspace member). */
  workingDirectory: string
  /** The main packages, each built into its binary; the first is the image's entrypoint. */
  mains: MainPackage[]
  platforms: Platform[]
  /** Extra `go build` arguments, one argument each. */
  buildFlags: string[]
  buildTags: string[]
  /** Extra linker flags, appended after the action's own. */
  ldflags: string
  /** The version stamped into the binary; "" means: from the git tag or commit. */
  version: string
  versionVariable: string
  /** version-variable was given: a variable the program does not declare is then an error, not a notice. */
  versionVariableGiven: boolean
  /** A package with cgo files (left out: CGO_ENABLED=0): a warning, or an error before compiling. */
  cgo: 'warn' | 'error'
  /** tzdata "embed": Go's time/tzdata package inside the binary (-tags timetzdata). */
  embedTzdata: boolean
}

/**
 * -s -w drop the symbol table and DWARF; -buildid= leaves out the build ID, so that the same sources
 * give the same bytes; -X stamps the version; the user's flags come last and win.
 */
export function linkerFlags(
  versionVariable: string,
  version: string,
  extra: string,
  stamps: Record<string, string> = {}
): string {
  const more = Object.entries(stamps).map(([variable, value]) => `-X=${variable}=${value}`)
  return ['-s', '-w', '-buildid=', `-X=${versionVariable}=${version}`, ...more, extra]
    .filter(Boolean)
    .join(' ')
}

/** goreleaser's conventional variables, stamped when the main package declares them. */
export const GORELEASER_STAMPS = { commit: 'main.commit', date: 'main.date' }

/** A binary one `go build` writes: its main package, name and path. */
export interface JobBinary extends MainPackage {
  output: string
}

/** One `go build` for one platform, of one main package or of several in one process. */
export interface CompileJob {
  platform: Platform
  binaries: JobBinary[]
  args: string[]
  /** Added to the runner's environment. */
  env: Record<string, string>
  /**
   * Several mains: the folder `go build -o DIR/` writes them into, each under Go's own name for it
   * (goExecName), moved to its output afterwards. Undefined for one main, built to its path.
   */
  outputDir?: string
}

/**
 * Go's own name for the binary of a main package (cmd/go's DefaultExecName): its import path's last
 * element, or the one before a major-version suffix (example.com/tool/v2 → tool).
 */
export function goExecName(importPath: string): string {
  const parts = importPath.split('/')
  const last = parts.at(-1) ?? importPath
  return /^v[0-9]+$/.test(last) && parts.length > 1 ? parts.at(-2)! : last
}

/**
 * One `go build` per platform: every main package in one process, which compiles what they share
 * once (ko measured about 2× for batching), when `batch`; else one per platform and main package.
 * `stamps` are more -X variable → value pairs.
 */
export function compileJobs(
  request: CompileRequest,
  version: string,
  contextDir: string,
  stamps: Record<string, string> = {},
  batch = true
): CompileJob[] {
  const ldflags = linkerFlags(request.versionVariable, version, request.ldflags, stamps)
  const tags = request.embedTzdata ? [...request.buildTags, TZDATA_BUILD_TAG] : request.buildTags
  const groups = batch ? [request.mains] : request.mains.map(main => [main])
  return request.platforms.flatMap(platform =>
    groups.map(mains => {
      const binaries = mains.map(main => ({ ...main, output: binaryPath(contextDir, platform, main.name) }))
      // A folder of its own: Go's name for one main may be another's binary name.
      const outputDir = binaries.length > 1 ? join(dirname(binaries[0].output), '.go-build/') : undefined
      const args = ['build', '-trimpath', `-ldflags=${ldflags}`]
      if (tags.length) args.push(`-tags=${tags.join(',')}`)
      args.push(...request.buildFlags, '-o', outputDir ?? binaries[0].output, ...mains.map(m => m.package))
      const env = { CGO_ENABLED: '0', GOTOOLCHAIN: 'local', ...platform.goEnv }
      return { platform, binaries, args, env, outputDir }
    })
  )
}

/** What a compile is, apart from what changes per commit: each job's arguments and environment. */
export type CompileIdentity = Pick<CompileJob, 'args' | 'env'>[]

/**
 * The jobs as a build-cache entry is keyed: every argument and variable `go build` gets, with the
 * stamped version left empty and the outputs relative to the context. A new input that changes the
 * compile changes the jobs, and so the key, without anyone listing it here.
 */
export function compileIdentity(request: CompileRequest): CompileIdentity {
  return compileJobs(request, '', '').map(({ args, env }) => ({ args, env }))
}
