// The step's outputs, as one pure value: what each stage produced, written the way action.yml
// describes it. main sets them; the docs test reads their names from here.
import type { GoCache } from './cache/caches.js'
import type { Binary } from './compile/compile.js'
import type { GoToolchain } from './go/install.js'
import { stringField, type BuiltImage } from './docker/buildx.js'

/** What a build produced, stage by stage. */
export interface BuildResult {
  go: Pick<GoToolchain, 'version' | 'goroot' | 'source'>
  caches: GoCache[]
  /** The version stamped into the binaries. */
  version: string
  binaries: Binary[]
  /** platform → the SPDX document of its binaries. */
  sboms: Record<string, string>
  image: BuiltImage
}

const json = (value: unknown) => JSON.stringify(value)

/** platform → binary name → what `pick` says of it, platforms and binaries in build order. */
function byPlatform<T>(binaries: Binary[], pick: (binary: Binary) => T): Record<string, Record<string, T>> {
  const out: Record<string, Record<string, T>> = {}
  for (const binary of binaries) (out[binary.platform] ??= {})[binary.name] = pick(binary)
  return out
}

function moduleCacheHit(caches: GoCache[]): boolean {
  const modules = caches.find(goCache => goCache.name === 'modules')
  return modules !== undefined && modules.matchedKey === modules.key
}

export function outputsOf(result: BuildResult): Record<string, string> {
  const { go, image, binaries } = result
  return {
    'go-version': go.version.replace(/^go/, ''),
    'go-root': go.goroot,
    'go-tool-cache-hit': String(go.source === 'tool-cache'),
    'cache-hit': String(moduleCacheHit(result.caches)),
    version: result.version,
    binaries: json(byPlatform(binaries, b => ({ path: b.path, size: b.size }))),
    sboms: json(result.sboms),
    dockerfile: image.dockerfile,
    digest: image.digest,
    // As build-push-action: the image ID (config digest) of a single-platform image, else the index digest.
    imageid: stringField(image.buildx, 'containerimage.config.digest') || image.digest,
    image: image.image,
    archive: image.archive,
    manifests: json(image.platforms),
    // buildx's own, as build-push-action gives it: fromJSON(…)['containerimage.digest'] reads the same.
    metadata: json(image.buildx)
  }
}

/** The merge step's outputs: the index it created. */
export function mergeOutputsOf(index: { digest: string; image: string }): Record<string, string> {
  return { digest: index.digest, image: index.image }
}
