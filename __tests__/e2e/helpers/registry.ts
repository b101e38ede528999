// Reads images back from the registry over its HTTP API (distribution v2), independent of docker.
import { gunzipSync } from 'node:zlib'

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

/** The files of a tar archive: path (without "./" or "/") → contents. */
export function untar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  let longName: string | undefined
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512)
    if (header.every(b => b === 0)) break
    const field = (start: number, length: number) =>
      header.toString('latin1', start, start + length).replace(/\0.*$/s, '')
    const size = parseInt(field(124, 12).trim() || '0', 8)
    const type = field(156, 1)
    const prefix = field(345, 155)
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100))
    const body = tar.subarray(at + 512, at + 512 + size)
    longName = undefined
    if (type === 'L') longName = body.toString('latin1').replace(/\0.*$/s, '')
    else if (type === '0' || type === '') files.set(name.replace(/^\.?\//, ''), Buffer.from(body))
    at += 512 + Math.ceil(size / 512) * 512
  }
  return files
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
