// Builds the image index from the prebuilt binaries with `docker buildx build`, and pushes it,
// writes it to an OCI archive, or loads it into the local engine.
import * as core from '@actions/core'
import { chmod, copyFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { checked, run, runChecked } from '../exec.js'
import { isLoopbackHost } from '../http.js'
import { parseReference, repositoriesOf } from '../reference.js'
import {
  dockerfile,
  GOROOT_ZONEINFO,
  ROOTFS_FILES,
  rootfsFolders,
  ZONEINFO_ZIP,
  type DockerfileRequest
} from './dockerfile.js'
import { makeFolders, stageFiles, stampTimes } from './files.js'
import { archiveReader, platformImages, registryReader, type PlatformImage } from './inspect.js'
import type { Credentials } from './login.js'

/** What the publish stage takes from the inputs: where the image goes, what it is tagged and labelled. */
export interface PublishRequest {
  tags: string[]
  /** The user's key=value labels. */
  labels: string[]
  /** The user's "[levels:]key=value" annotations. */
  annotations: string[]
  push: boolean
  /** Push untagged, by digest, to the repositories the tags name (a matrix leg). */
  pushByDigest: boolean
  /** Load a single-platform image into the local engine instead of pushing or exporting. */
  load: boolean
  /** The buildx builder named by the input, or "" for the current one. */
  builder: string
  /** Passed to buildx as they are: "false" (the default) leaves the index with only the platforms. */
  provenance: string
  sbom: string
  /** Seconds since 1970, or undefined to take the commit time. */
  sourceDateEpoch?: number
  /** Registry credentials to log in with, or undefined to use the runner's docker config as it is. */
  credentials?: Credentials
}

/** What buildImage takes: the Dockerfile's and the publish stage's requests, completed by the pipeline. */
export interface ImageRequest
  extends DockerfileRequest, Omit<PublishRequest, 'sourceDateEpoch' | 'credentials'> {
  contextDir: string
  platforms: string[]
  /** Seconds since 1970: every timestamp in the image, so that rebuilds give the same digest. */
  sourceDateEpoch: number
  /** GOROOT of the toolchain: tzdata "zip" copies its lib/time/zoneinfo.zip. */
  goroot: string
  /**
   * Build without BuildKit's cache. Its cache keys leave file times out, so a cached layer of the same
   * files would carry another commit's time; the build only copies files, so the cache saves little.
   */
  noCache: boolean
}

export interface BuiltImage {
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

export interface ContextFiles {
  dockerfile: string
  metadata: string
  archive: string
}

/**
 * Whether buildx itself pushes. A matrix leg writes the OCI archive instead and pushes it by digest
 * afterwards (pushByDigest below): buildx's own push-by-digest is not implemented for the engine's
 * default "docker" driver.
 */
const buildxPushes = (request: ImageRequest) => request.push && !request.pushByDigest

/**
 * The buildx command line. SOURCE_DATE_EPOCH (in buildx's environment) dates the image; the files' own
 * times are the commit's already (prepareContext), so no layer is rewritten after it is built. A pushed
 * image is not also kept in the engine's image store (store=false): nothing there needs it.
 */
export function buildxArgs(request: ImageRequest, files: ContextFiles): string[] {
  const output = buildxPushes(request)
    ? 'type=image,push=true,oci-mediatypes=true,store=false'
    : request.load
      ? 'type=docker'
      : `type=oci,dest=${files.archive}`
  return [
    'buildx',
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
    ...(request.pushByDigest ? [] : request.tags.flatMap(tag => ['--tag', tag])),
    ...request.labels.flatMap(label => ['--label', label]),
    ...request.annotations.flatMap(annotation => ['--annotation', annotation]),
    '--output',
    output,
    '--progress=plain',
    ...(request.noCache ? ['--no-cache'] : []),
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

/**
 * Writes what the Dockerfile copies from the context besides the binaries (the rootfs/ tree), then gives
 * the whole context the commit's time; returns the extra files' size.
 */
async function prepareContext(request: ImageRequest, files: ContextFiles): Promise<number> {
  await writeFile(files.dockerfile, dockerfile(request))
  const rootfs = join(request.contextDir, 'rootfs')
  await makeFolders(rootfs, rootfsFolders(request))
  await chmod(join(rootfs, 'tmp'), 0o1777)
  for (const [path, text] of Object.entries(ROOTFS_FILES)) {
    await writeFile(join(rootfs, path), text)
    await chmod(join(rootfs, path), 0o644) // not the umask's
  }
  if (request.tzdata === 'zip')
    await copyFile(join(request.goroot, ...GOROOT_ZONEINFO), join(rootfs, ZONEINFO_ZIP))
  const bytes = await stageFiles(request.files, rootfs)
  for (const tree of [rootfs, join(request.contextDir, 'bin')])
    await stampTimes(tree, request.sourceDateEpoch)
  return bytes
}

export async function buildImage(request: ImageRequest): Promise<BuiltImage> {
  const started = Date.now()
  const files: ContextFiles = {
    dockerfile: join(request.contextDir, 'Dockerfile'),
    metadata: join(request.contextDir, 'buildx-metadata.json'),
    archive: buildxPushes(request) || request.load ? '' : join(request.contextDir, 'image.oci.tar')
  }
  const filesBytes = await prepareContext(request, files)
  const pushing = buildxPushes(request)
  const built = checked(
    pushing
      ? `pushing to ${repositoriesOf('tags', request.tags).join(', ')} (docker buildx build)`
      : 'docker buildx build',
    // buildx's progress streams into the step's log group, as build-push-action shows it.
    await run('docker', buildxArgs(request, files), {
      stream: true,
      env: { ...process.env, SOURCE_DATE_EPOCH: String(request.sourceDateEpoch) }
    }),
    true
  )
  let pushSeconds = pushing ? pushSecondsOf(built.stderr) : 0
  const buildx = JSON.parse(await readFile(files.metadata, 'utf8')) as Record<string, unknown>
  const digest = String(buildx['containerimage.digest'] ?? '')
  if (!/^sha256:[0-9a-f]{64}$/.test(digest))
    throw new Error(`docker buildx wrote no image digest to ${files.metadata}`)
  const name = request.tags.length ? parseReference('tags', request.tags[0]).name : ''
  if (request.pushByDigest) {
    const pushStarted = Date.now()
    await pushByDigest(files.archive, digest, repositoriesOf('tags', request.tags))
    pushSeconds = (Date.now() - pushStarted) / 1000
  }
  const single = request.platforms.length === 1 ? request.platforms[0] : undefined
  const platforms = pushing
    ? await platformImages(digest, registryReader(name), single)
    : files.archive
      ? await platformImages(digest, await archiveReader(files.archive), single)
      : {}
  return {
    dockerfile: files.dockerfile,
    digest,
    image: name && `${name}@${digest}`,
    archive: request.pushByDigest ? '' : files.archive,
    platforms,
    buildx,
    filesBytes,
    buildSeconds: Math.max(0, (Date.now() - started) / 1000 - pushSeconds),
    pushSeconds
  }
}

/** Registries the engine treats as plain HTTP by default (127.0.0.0/8, localhost, ::1). */
export function isLoopbackRegistry(repository: string): boolean {
  return isLoopbackHost(repository.split('/')[0].replace(/:\d+$/, ''))
}

/**
 * Pushes the archive's index (or manifest) and blobs to a repository under its digest, with no tag,
 * using skopeo (on GitHub's Ubuntu runners; it reads the credentials docker/login-action wrote).
 */
export function skopeoArgs(archive: string, digest: string, repository: string): string[] {
  return [
    'copy',
    '--all',
    '--preserve-digests',
    ...(isLoopbackRegistry(repository) ? ['--dest-tls-verify=false'] : []),
    `oci-archive:${archive}`,
    `docker://${repository}@${digest}`
  ]
}

async function pushByDigest(archive: string, digest: string, repositories: string[]): Promise<void> {
  for (const repository of repositories) {
    const what = `pushing ${digest} to ${repository} by digest (skopeo copy)`
    await runChecked(what, 'skopeo', skopeoArgs(archive, digest, repository), {
      stream: core.isDebug()
    }).catch((error: Error) => {
      throw /cannot run skopeo/.test(error.message)
        ? new Error(
            "push-by-digest needs skopeo on PATH (GitHub's Ubuntu runners have it; apt-get install skopeo)",
            {
              cause: error
            }
          )
        : error
    })
  }
}
