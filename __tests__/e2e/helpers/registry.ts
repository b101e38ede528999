// Reads images back from the registry over its HTTP API (distribution v2), independent of docker.
import { gunzipSync } from 'node:zlib'
import { untar } from '../../../src/image/tar.js'

const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
]
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
]

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: { os: string; architecture: string; variant?: string }
}

/** Splits "127.0.0.1:5000/e2e/hello:1" into the registry address, repository and tag or digest. */
export function splitImage(ref: string): { registry: string; repo: string; reference: string } {
  const slash = ref.indexOf('/')
  const registry = ref.slice(0, slash)
  const rest = ref.slice(slash + 1)
  const at = rest.indexOf('@')
  if (at >= 0) return { registry, repo: rest.slice(0, at), reference: rest.slice(at + 1) }
  const colon = rest.lastIndexOf(':')
  return { registry, repo: rest.slice(0, colon), reference: rest.slice(colon + 1) }
}

async function get(url: string, accept: string[] = []): Promise<Response> {
  const response = await fetch(url, { headers: { accept: accept.join(', ') } })
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`)
  return response
}

export async function manifest(ref: string): Promise<{ digest: string; body: Record<string, unknown> }> {
  const { registry, repo, reference } = splitImage(ref)
  const response = await get(`http://${registry}/v2/${repo}/manifests/${reference}`, [
    ...INDEX_TYPES,
    ...MANIFEST_TYPES
  ])
  return {
    digest: response.headers.get('docker-content-digest') ?? '',
    body: (await response.json()) as Record<string, unknown>
  }
}

export async function blob(ref: string, digest: string): Promise<Buffer> {
  const { registry, repo } = splitImage(ref)
  return Buffer.from(await (await get(`http://${registry}/v2/${repo}/blobs/${digest}`)).arrayBuffer())
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
}

/** The index at `ref` and, per platform, its config and the union of its layers' files. */
export async function readIndex(
  ref: string
): Promise<{ digest: string; mediaType: string; images: PlatformImage[] }> {
  const index = await manifest(ref)
  const name = ref.replace(/[:@][^/]*$/, '')
  const images: PlatformImage[] = []
  for (const d of index.body.manifests as Descriptor[]) {
    const m = (await manifest(`${name}@${d.digest}`)).body as { config: Descriptor; layers: Descriptor[] }
    const config = JSON.parse((await blob(ref, m.config.digest)).toString())
    const files = new Map<string, Buffer>()
    for (const layer of m.layers)
      for (const [path, data] of untar(gunzipSync(await blob(ref, layer.digest)))) files.set(path, data)
    const p = d.platform
    images.push({
      platform: p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : 'unknown',
      digest: d.digest,
      config,
      files
    })
  }
  return { digest: index.digest, mediaType: String(index.body.mediaType), images }
}
