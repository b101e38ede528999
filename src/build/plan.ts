// What `go build` runs for each platform: pure, so that every flag is table-tested.
import { join } from 'node:path'
import type { Config } from '../inputs.js'
import type { Platform } from '../platform.js'

/** The git facts a version can come from (GITHUB_REF_TYPE, GITHUB_REF_NAME, GITHUB_SHA). */
export interface GitContext {
  refType?: string
  refName?: string
  sha?: string
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
  args: string[]
  /** Added to the runner's environment. */
  env: Record<string, string>
  output: string
}

export function compileJobs(config: Config, version: string, contextDir: string): CompileJob[] {
  const ldflags = linkerFlags(config.versionVariable, version, config.ldflags)
  return config.platforms.map(platform => {
    const output = binaryPath(contextDir, platform, config.binaryName)
    const args = ['build', '-trimpath', `-ldflags=${ldflags}`]
    // tzdata "embed": Go's time/tzdata package inside the binary instead of files in the image.
    const tags = config.tzdata === 'embed' ? [...config.buildTags, 'timetzdata'] : config.buildTags
    if (tags.length) args.push(`-tags=${tags.join(',')}`)
    args.push(...config.buildFlags, '-o', output, config.mainPackage)
    return {
      platform,
      args,
      env: { CGO_ENABLED: '0', GOTOOLCHAIN: 'local', ...platform.goEnv },
      output
    }
  })
}
