// Reads images back from the registry over its HTTP API (distribution v2), independent of docker and
// of the action's own reader; references and platforms are named by the action's one grammar.
import { gunzipSync } from 'node:zlib'
import { httpGet, type Got } from '../../helpers/http.js'
import { compressedSize, type Descriptor, type ImageJson } from '../../../src/docker/inspect.js'
import { untar } from '../../../src/docker/tar.js'
import { platformName } from '../../../src/platform.js'
import { parseReference, registryOf } from '../../../src/reference.js'

export type { Descriptor }

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/** The registry API base of a reference's repository, and the tag or digest it names. */
function locate(ref: string): { base: string; reference: string } {
  const { name, tag, digest } = parseReference('ref', ref)
  const registry = registryOf(name)
  return {
    base: `http://${registry}/v2/${name.slice(registry.length + 1)}`,
    reference: digest ?? tag ?? 'latest'
  }
}

async function get(url: string, accept = ''): Promise<Got> {
  const response = await httpGet(url, accept ? { accept } : {})
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`)
  return response
}

export async function manifest(
  ref: string
): Promise<{ digest: string; body: ImageJson & Record<string, unknown> }> {
  const { base, reference } = locate(ref)
  const response = await get(`${base}/manifests/${reference}`, ACCEPT)
  return {
    digest: response.header('docker-content-digest') ?? '',
    body: response.json() as ImageJson & Record<string, unknown>
  }
}

export async function blob(ref: string, digest: string): Promise<Buffer> {
  return (await get(`${locate(ref).base}/blobs/${digest}`)).body
}

export interface PlatformImage {
  platform: string
  digest: string
  config: {
    config: { User?: string; Entrypoint?: string[]; Env?: string[] }
    architecture: string
    os: string
    variant?: string
  }
  files: Map<string, Buffer>
  layers: number
  /** Config and layers as pulled, and the layers unpacked. */
  compressed: number
  unpacked: number
}

/** One platform's image; its name from the index entry, else (a single manifest) from its config. */
async function readImage(ref: string, entry: Descriptor): Promise<PlatformImage> {
  const digest = entry.digest
  const body = (await manifest(`${parseReference('ref', ref).name}@${digest}`)).body
  const config = JSON.parse(
    (await blob(ref, body.config?.digest ?? '')).toString()
  ) as PlatformImage['config']
  const files = new Map<string, Buffer>()
  let unpacked = 0
  for (const layer of body.layers ?? []) {
    const tar = gunzipSync(await blob(ref, layer.digest))
    unpacked += tar.length
    for (const [path, data] of untar(tar)) files.set(path, data)
  }
  const platform = platformName(entry.platform ?? config)
  return {
    platform,
    digest,
    config,
    files,
    layers: body.layers?.length ?? 0,
    compressed: compressedSize(body),
    unpacked
  }
}

/** The index (or single manifest) at `ref` and, per platform, its config, files and sizes; attestations left out. */
export async function readIndex(
  ref: string
): Promise<{ digest: string; mediaType: string; images: PlatformImage[] }> {
  const top = await manifest(ref)
  const entries = top.body.manifests ?? [{ digest: top.digest, size: 0 }]
  const images: PlatformImage[] = []
  for (const entry of entries) {
    if (entry.platform?.os === 'unknown') continue
    images.push(await readImage(ref, entry))
  }
  return { digest: top.digest, mediaType: String(top.body.mediaType), images }
}
