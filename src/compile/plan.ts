// What `go build` runs for each platform: pure, so that every flag is table-tested.
import { join } from 'node:path'
import type { GitContext } from '../git.js'
import type { Platform } from '../platform.js'

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
  /** tzdata "embed": Go's time/tzdata package inside the binary (-tags timetzdata). */
  embedTzdata: boolean
}

const STAMPABLE = /^[0-9A-Za-z][0-9A-Za-z._+~-]{0,127}$/

/** The version stamped into binaries: as given, else the git tag, else the short commit, else "dev". */
export function stampVersion(given: string, git: GitContext): string {
  if (given) return given
  if (git.refType === 'tag' && git.refName && STAMPABLE.test(git.refName)) return git.refName
  if (git.sha) return git.sha.slice(0, 7)
  return 'dev'
}

/**
 * -s -w drop the symbol table and DWARF; -buildid= leaves out the build ID, so that the same sources
 * give the same bytes; -X stamps the version; the user's flags come last and win.
 */
export function linkerFlags(versionVariable: string, version: string, extra: string): string {
  return ['-s', '-w', '-buildid=', `-X=${versionVariable}=${version}`, extra].filter(Boolean).join(' ')
}

/**
 * Where a platform's binary goes inside the build context. The Dockerfile finds it as
 * bin/${TARGETOS}/${TARGETARCH}/${TARGETVARIANT}/<name>; an empty variant leaves a harmless "//".
 */
export function binaryPath(contextDir: string, platform: Platform, binaryName: string): string {
  return join(contextDir, 'bin', platform.os, platform.arch, platform.variant, binaryName)
}

export interface CompileJob {
  platform: Platform
  /** The binary's name. */
  name: string
  args: string[]
  /** Added to the runner's environment. */
  env: Record<string, string>
  output: string
}

/** One `go build` per platform and main package, platform by platform. */
export function compileJobs(request: CompileRequest, version: string, contextDir: string): CompileJob[] {
  const ldflags = linkerFlags(request.versionVariable, version, request.ldflags)
  const tags = request.embedTzdata ? [...request.buildTags, 'timetzdata'] : request.buildTags
  return request.platforms.flatMap(platform =>
    request.mains.map(main => {
      const output = binaryPath(contextDir, platform, main.name)
      const args = ['build', '-trimpath', `-ldflags=${ldflags}`]
      if (tags.length) args.push(`-tags=${tags.join(',')}`)
      args.push(...request.buildFlags, '-o', output, main.package)
      const env = { CGO_ENABLED: '0', GOTOOLCHAIN: 'local', ...platform.goEnv }
      return { platform, name: main.name, args, env, output }
    })
  )
}
