// The action's inputs, read once into one typed, validated configuration made of each stage's request.
// Bad input fails here, before any download, build or push, with the input's name, the bad value and
// what is accepted. Each stage has its reader; the rules that span stages are in checkCombinations.
import type { CacheRequest } from '../cache/caches.js'
import type { CompileRequest } from '../compile/plan.js'
import type { GoRequest } from '../go/install.js'
import type { DockerfileRequest } from '../image/dockerfile.js'
import { isIndexAnnotation } from '../image/metadata.js'
import type { PublishRequest } from '../image/publish.js'
import type { MergeRequest } from '../matrix/merge.js'
import { readCacheRequest } from './cache.js'
import { readCompileRequest, readWorkingDirectory } from './compile.js'
import { readGoRequest } from './go.js'
import { readDockerfileRequest, readTzdata } from './dockerfile.js'
import { readMergeRequest } from './merge.js'
import { oneOf, withDefault, type InputReader } from './parse.js'
import { readPublishRequest } from './publish.js'
import { InputError } from '../errors.js'

/** mode: build — every stage's request. */
export interface BuildConfig {
  mode: 'build'
  go: GoRequest
  cache: CacheRequest
  compile: CompileRequest
  dockerfile: DockerfileRequest
  publish: PublishRequest
}

/** mode: merge — only what the merge step needs. */
export interface MergeConfig {
  mode: 'merge'
  merge: MergeRequest
}

export type Config = BuildConfig | MergeConfig

/** The rules between inputs of different stages. */
export function checkCombinations(config: BuildConfig): void {
  const { destination, tags, annotations, tagRules } = config.publish
  const platforms = config.compile.platforms.length
  // Tags made from rules are checked when made (before compiling): a push needs at least one then.
  if (destination === 'registry-by-digest' && tags.length === 0 && !tagRules)
    throw new InputError(
      'push-by-digest: true needs tags to name the repositories (the leg pushes there by digest, untagged)'
    )
  if (destination === 'registry' && tags.length === 0 && !tagRules)
    throw new InputError('push: true needs at least one image name in tags (e.g. ghcr.io/acme/server:1.2.3)')
  const { files } = config.dockerfile
  for (const main of config.compile.mains) {
    const file = files.find(f => f.dest === `/${main.name}` || f.dest.startsWith(`/${main.name}/`))
    if (file) throw new InputError(`files: ${file.dest} would replace the binary /${main.name}`)
  }
  const indexLevel = annotations.find(isIndexAnnotation)
  if (indexLevel && platforms === 1) {
    throw new InputError(
      `annotations: "${indexLevel}" is for the index, but a single platform gives no index; use manifest:`
    )
  }
}

/**
 * Builds the configuration from the inputs. `workspace` is GITHUB_WORKSPACE: every path input is
 * relative to it and must stay inside it.
 */
export function readConfig(input: InputReader, workspace: string): Config {
  if (oneOf('mode', withDefault(input, 'mode'), ['build', 'merge'] as const) === 'merge')
    return { mode: 'merge', merge: readMergeRequest(input) }
  const workingDirectory = readWorkingDirectory(input, workspace)
  const go = readGoRequest(input, workspace, workingDirectory)
  const tzdata = readTzdata(input)
  const compile = readCompileRequest(input, workingDirectory, tzdata === 'embed')
  const binaries = compile.mains.map(main => main.name)
  const dockerfile = readDockerfileRequest(input, binaries, workingDirectory)
  const publish = readPublishRequest(input)
  // A matrix leg is a job that pushes by digest.
  const cache = {
    ...readCacheRequest(input, workspace),
    matrixLeg: publish.destination === 'registry-by-digest'
  }
  const config: BuildConfig = { mode: 'build', go, cache, compile, dockerfile, publish }
  checkCombinations(config)
  return config
}
