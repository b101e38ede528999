// Builds the image index from the prebuilt binaries with `docker buildx build`, and pushes it or
// writes it to an OCI archive.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runChecked } from '../exec.js'
import { parseReference } from '../reference.js'
import { dockerfile, type DockerfileOptions } from './dockerfile.js'

export interface ImageRequest extends DockerfileOptions {
  contextDir: string
  platforms: string[]
  tags: string[]
  labels: string[]
  push: boolean
}

export interface BuiltImage {
  dockerfile: string
  digest: string
  /** name@digest of the first tag, or "" when there is no tag. */
  image: string
  /** The OCI archive written when not pushing, else "". */
  archive: string
  /** buildx's metadata file, as it wrote it. */
  metadata: Record<string, unknown>
}

/** The buildx command line. Provenance is off so that the index lists only the requested platforms. */
export function buildxArgs(
  request: ImageRequest,
  files: { dockerfile: string; metadata: string; archive: string }
): string[] {
  const output = request.push ? 'type=image,push=true,oci-mediatypes=true' : `type=oci,dest=${files.archive}`
  return [
    'buildx',
    'build',
    '--file',
    files.dockerfile,
    '--platform',
    request.platforms.join(','),
    '--metadata-file',
    files.metadata,
    '--provenance=false',
    ...request.tags.flatMap(tag => ['--tag', tag]),
    ...request.labels.flatMap(label => ['--label', label]),
    '--output',
    output,
    request.contextDir
  ]
}

export async function buildImage(request: ImageRequest): Promise<BuiltImage> {
  const files = {
    dockerfile: join(request.contextDir, 'Dockerfile'),
    metadata: join(request.contextDir, 'buildx-metadata.json'),
    archive: request.push ? '' : join(request.contextDir, 'image.oci.tar')
  }
  await writeFile(files.dockerfile, dockerfile(request))
  await runChecked('docker buildx build', 'docker', buildxArgs(request, files), { stream: true })
  const metadata = JSON.parse(await readFile(files.metadata, 'utf8')) as Record<string, unknown>
  const digest = String(metadata['containerimage.digest'] ?? '')
  if (!/^sha256:[0-9a-f]{64}$/.test(digest))
    throw new Error(`docker buildx wrote no image digest to ${files.metadata}`)
  const name = request.tags.length ? parseReference('tags', request.tags[0]).name : ''
  return {
    dockerfile: files.dockerfile,
    digest,
    image: name && `${name}@${digest}`,
    archive: files.archive,
    metadata
  }
}
