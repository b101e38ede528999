// The one wrapper of `docker buildx build`: builds the image index from the prebuilt binaries, and
// hands it to the destination's publisher (pushed, pushed by digest, loaded, or written to an archive).
import { readFile } from 'node:fs/promises'
import { checked } from '../exec.js'
import { contextFiles, type ContextFiles } from '../layout.js'
import { parseReference, repositoriesOf } from '../reference.js'
import { archiveReader, platformImages, registryReader, type PlatformImage } from './inspect.js'
import { runBuildx } from './plugin.js'
import { compressionOf, PUBLISHERS, type Destination, type PublishRequest } from '../image/publish.js'
import { FILE_TIME, stampTimes } from '../image/rootfs.js'

/**
 * What buildImage takes: the publish stage's request, completed by the pipeline, and a context that
 * holds everything but the binaries' times (writeImageFiles, then the compile).
 */
export interface ImageRequest extends Omit<PublishRequest, 'sourceDateEpoch' | 'credentials'> {
  contextDir: string
  platforms: string[]
  /** Seconds since 1970 that date the image (created, history), so that rebuilds give the same digest. */
  sourceDateEpoch: number
  /** The extra files' total size (writeImageFiles), for the summary. */
  filesBytes: number
  /** The environment of docker and the registry requests: the runner's, with the login's config. */
  dockerEnv: NodeJS.ProcessEnv
}

export interface BuiltImage {
  destination: Destination
  dockerfile: string
  digest: string
  /** name@digest of the first tag, or "" when there is no tag. */
  image: string
  /** The OCI archive written when neither pushing nor loading, else "". */
  archive: string
  /** platform → manifest digest and compressed size (not known for a loaded image). */
  platforms: Record<string, PlatformImage>
  /** buildx's metadata file, as it wrote it. */
  buildx: Record<string, unknown>
  /** The extra files' total size, in bytes. */
  filesBytes: number
  /** The time the image took, building and pushing it (0 when not pushed). */
  buildSeconds: number
  pushSeconds: number
}

/**
 * The buildx command line (the words after `docker buildx`). SOURCE_DATE_EPOCH (in buildx's
 * environment) dates the image; the files carry FILE_TIME (writeRootfs, buildImage), so a layer depends
 * on its files' contents alone: BuildKit's cache, keyed by contents, gives the layer a build from nothing
 * gives, and nothing is rewritten. A pushed image is not also kept in the engine's image store
 * (store=false): nothing there needs it.
 */
export function buildxArgs(request: ImageRequest, files: ContextFiles): string[] {
  const publisher = PUBLISHERS[request.destination]
  return [
    'build',
    '--builder',
    request.builder,
    '--file',
    files.dockerfile,
    '--platform',
    request.platforms.join(','),
    '--metadata-file',
    files.metadata,
    `--provenance=${request.provenance}`,
    `--sbom=${request.sbom}`,
    ...(publisher.tagged ? request.tags.flatMap(tag => ['--tag', tag]) : []),
    ...request.labels.flatMap(label => ['--label', label]),
    ...request.annotations.flatMap(annotation => ['--annotation', annotation]),
    '--output',
    [
      publisher.output(files.archive),
      ...(publisher.compresses ? [compressionOf(request.compressionLevel)] : [])
    ].join(','),
    '--progress=plain',
    request.contextDir
  ]
}

/**
 * How long buildx spent pushing, from its plain progress log: the exporter's
 * "#5 pushing layers 0.4s done" and "#5 pushing manifest for … 0.1s done" lines.
 */
export function pushSecondsOf(progress: string): number {
  let seconds = 0
  for (const match of progress.matchAll(/^#\d+ pushing .* (\d+(?:\.\d+)?)s done$/gm))
    seconds += Number(match[1])
  return seconds
}

/** A string field of buildx's metadata (what it wrote, checked where it is read), or "". */
export function stringField(metadata: Record<string, unknown>, key: string): string {
  const value = metadata[key]
  return typeof value === 'string' ? value : ''
}

/** Runs buildx; returns its metadata, the image digest and the seconds it spent pushing. */
async function runBuild(request: ImageRequest, files: ContextFiles) {
  const pushing = PUBLISHERS[request.destination].readBack === 'registry'
  const built = checked(
    pushing
      ? `pushing to ${repositoriesOf('tags', request.tags).join(', ')} (docker buildx build)`
      : 'docker buildx build',
    // buildx's progress streams into the step's log group, as build-push-action shows it.
    await runBuildx(buildxArgs(request, files), {
      stream: true,
      env: { ...request.dockerEnv, SOURCE_DATE_EPOCH: String(request.sourceDateEpoch) }
    }),
    true
  )
  const buildx = JSON.parse(await readFile(files.metadata, 'utf8')) as Record<string, unknown>
  const digest = stringField(buildx, 'containerimage.digest')
  if (!PUBLISHERS[request.destination].digested) return { buildx, digest: '', pushSeconds: 0 }
  if (!/^sha256:[0-9a-f]{64}$/.test(digest))
    throw new Error(`docker buildx wrote no image digest to ${files.metadata}`)
  return { buildx, digest, pushSeconds: pushing ? pushSecondsOf(built.stderr) : 0 }
}

/** platform → manifest, read back where the publisher left the image. */
async function readBack(request: ImageRequest, name: string, digest: string, archive: string) {
  const single = request.platforms.length === 1 ? request.platforms[0] : undefined
  const from = PUBLISHERS[request.destination].readBack
  if (from === 'registry') return platformImages(digest, registryReader(name, request.dockerEnv), single)
  if (from === 'archive') return platformImages(digest, archiveReader(archive), single)
  return {}
}

export async function buildImage(request: ImageRequest): Promise<BuiltImage> {
  const started = Date.now()
  const publisher = PUBLISHERS[request.destination]
  const files = contextFiles(request.contextDir)
  await stampTimes(files.bin, FILE_TIME)
  const built = await runBuild(request, files)
  let { pushSeconds } = built
  if (publisher.deliver) {
    const pushStarted = Date.now()
    await publisher.deliver(
      files.archive,
      built.digest,
      repositoriesOf('tags', request.tags),
      request.dockerEnv
    )
    pushSeconds = (Date.now() - pushStarted) / 1000
  }
  const name = request.tags.length ? parseReference('tags', request.tags[0]).name : ''
  return {
    destination: request.destination,
    dockerfile: files.dockerfile,
    digest: built.digest,
    // A reference only to what is in a registry now: not an archive's or the engine's image.
    image: publisher.pushes && name ? `${name}@${built.digest}` : '',
    archive: request.destination === 'oci-archive' ? files.archive : '',
    platforms: await readBack(request, name, built.digest, files.archive),
    buildx: built.buildx,
    filesBytes: request.filesBytes,
    buildSeconds: Math.max(0, (Date.now() - started) / 1000 - pushSeconds),
    pushSeconds
  }
}
