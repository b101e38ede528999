// What each platform's image weighs: its manifest digest and the compressed size of its config and
// layers (what a pull transfers), read back from the registry or from the OCI archive written.
import { platformName, type PlatformDescriptor } from '../platform.js'
import { manifestReader } from '../registry/api.js'
import { asError } from '../errors.js'
import { tarFileIndex } from './tar.js'

export interface PlatformImage {
  digest: string
  /** Config plus layers, compressed. */
  size: number
}

export interface Descriptor {
  digest: string
  size: number
  mediaType?: string
  platform?: PlatformDescriptor
}

/** An image index or manifest, as far as this module reads it. */
export interface ImageJson {
  mediaType?: string
  manifests?: Descriptor[]
  config?: Descriptor
  layers?: Descriptor[]
}

type ReadJson = (digest: string) => Promise<ImageJson>

/** What pulling a manifest's image transfers: its config and layers, compressed. */
export function compressedSize(manifest: ImageJson): number {
  return (manifest.config?.size ?? 0) + (manifest.layers ?? []).reduce((sum, layer) => sum + layer.size, 0)
}

/** platform → image, from an index or a single manifest; attestation manifests (unknown/unknown) are left out. */
export async function platformImages(
  digest: string,
  read: ReadJson,
  single?: string
): Promise<Record<string, PlatformImage>> {
  const top = await read(digest)
  if (!top.manifests) return single ? { [single]: { digest, size: compressedSize(top) } } : {}
  // The platforms' manifests side by side.
  const images = top.manifests.flatMap(({ platform, digest: manifest }) =>
    platform && platform.os !== 'unknown'
      ? [
          read(manifest).then(
            m => [platformName(platform), { digest: manifest, size: compressedSize(m) }] as const
          )
        ]
      : []
  )
  return Object.fromEntries(await Promise.all(images))
}

/** Reads manifests of `name` from its registry, over its API. */
export function registryReader(name: string, env: NodeJS.ProcessEnv): ReadJson {
  const read = manifestReader(name, env)
  return async digest => (await read(digest)) as ImageJson
}

/** The largest manifest or index read back from an archive. */
const MAX_MANIFEST = 4 * 1024 * 1024

/** Reads manifests from an OCI layout archive, without loading its layers. */
export function archiveReader(path: string): ReadJson {
  const archive = tarFileIndex(path)
  return digest => {
    try {
      const blob = archive.readFile(`blobs/sha256/${digest.replace(/^sha256:/, '')}`, MAX_MANIFEST)
      return Promise.resolve(JSON.parse(blob.toString()) as ImageJson)
    } catch (error) {
      return Promise.reject(asError(error))
    }
  }
}
