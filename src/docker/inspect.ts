// What each platform's image weighs: its manifest digest and the compressed size of its config and
// layers (what a pull transfers), read back from the registry or from the OCI archive written.
import { readFile } from 'node:fs/promises'
import { platformName, type PlatformDescriptor } from '../platform.js'
import { manifestReader } from '../registry/api.js'
import { untar } from './tar.js'

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

/** Reads manifests from an OCI layout archive. */
export async function archiveReader(path: string): Promise<ReadJson> {
  const files = untar(await readFile(path))
  return digest => {
    const blob = files.get(`blobs/sha256/${digest.replace(/^sha256:/, '')}`)
    if (!blob) return Promise.reject(new Error(`${path} has no blob ${digest}`))
    return Promise.resolve(JSON.parse(blob.toString()) as ImageJson)
  }
}
