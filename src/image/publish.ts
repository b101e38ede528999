// Where the image goes, decided once by the inputs reader: one destination, and one publisher for
// each (as ko's pkg/publish has one per destination). Nothing else re-decides it from booleans.
import type { Credentials } from '../docker/login.js'
import type { TagRules } from '../tags/rules.js'
import { pushArchiveByDigest } from '../docker/skopeo.js'

/**
 * registry: pushed under its tags. registry-by-digest: a matrix leg, pushed untagged to the tags'
 * repositories for the merge step to tag. engine: loaded into the local engine (one platform).
 * oci-archive: written to an OCI archive in the build context (neither push nor load). check: built
 * for every platform and kept nowhere (archive: false; a pull request's check).
 */
export type Destination = 'registry' | 'registry-by-digest' | 'engine' | 'oci-archive' | 'check'

/** What the publish stage takes from the inputs: where the image goes, what it is tagged and labelled. */
export interface PublishRequest {
  /** Full references; empty until made from `tagRules` when those are given. */
  tags: string[]
  /** images + tags rules + flavor (metadata-action's syntax), when `images` is given. */
  tagRules?: TagRules
  /** The user's key=value labels. */
  labels: string[]
  /** The user's "[levels:]key=value" annotations. */
  annotations: string[]
  destination: Destination
  /** The buildx builder named by the input, or "" for the current one. */
  builder: string
  /** Passed to buildx as they are: "false" (the default) leaves the index with only the platforms. */
  provenance: string
  sbom: string
  /** The gzip level of the layers this build makes (those BuildKit keeps from earlier builds stay as they are). */
  compressionLevel: number
  /** Seconds since 1970, or undefined to take the commit time. */
  sourceDateEpoch?: number
  /** Registry credentials to log in with, or undefined to use the runner's docker config as it is. */
  credentials?: Credentials
}

export interface Publisher {
  /** buildx's --output; `archive` is the context's OCI archive path. */
  output: (archive: string) => string
  /** The output holds compressed layers, whose gzip level buildx is told (compressionOf). */
  compresses: boolean
  /** buildx writes the OCI archive (the archive itself, or what a leg then pushes by digest). */
  writesArchive: boolean
  /** buildx names the tags (--tag). */
  tagged: boolean
  /** The image ends in the tags' repositories. */
  pushes: boolean
  /** Where the platforms' manifests are read back from after the build. */
  readBack: 'registry' | 'archive' | 'none'
  /** buildx names the image's digest (not so when the image is kept nowhere). */
  digested: boolean
  /** The log group around the build. */
  title: string
  /** After buildx: what else delivers the image. */
  deliver?: (archive: string, digest: string, repositories: string[], env: NodeJS.ProcessEnv) => Promise<void>
  /** The log's last line: name@digest of a push, the archive, or the loaded digest. */
  resultLine: (image: { image: string; digest: string; archive: string }) => string
}

/**
 * The exporter's compression options: gzip, as BuildKit's default, at `level`. BuildKit's own level (6)
 * takes three times as long as 1 for about 6% fewer bytes (a 14 MB Go binary: 0.5 s against 0.2 s, 7.0
 * against 7.5 MB); ko's layers (go-containerregistry's) are gzip's fastest too.
 */
export const compressionOf = (level: number) => `compression=gzip,compression-level=${level}`

/** buildx's OCI archive output, for a destination that is (or is pushed from) the archive. */
const ociArchive = (archive: string) => `type=oci,dest=${archive}`

const TO_REGISTRY = {
  pushes: true,
  compresses: true,
  digested: true,
  title: 'Build and push the image',
  resultLine: (image: { image: string }) => `Pushed ${image.image}`
}
const ON_RUNNER = { pushes: false, compresses: true, tagged: true, digested: true, title: 'Build the image' }

export const PUBLISHERS: Record<Destination, Publisher> = {
  registry: {
    ...TO_REGISTRY,
    output: () => 'type=image,push=true,oci-mediatypes=true,store=false',
    writesArchive: false,
    tagged: true,
    readBack: 'registry'
  },
  // buildx's own push-by-digest is not implemented for the engine's default "docker" driver: the leg
  // writes the OCI archive and skopeo pushes it by digest.
  'registry-by-digest': {
    ...TO_REGISTRY,
    output: ociArchive,
    writesArchive: true,
    tagged: false,
    readBack: 'archive',
    deliver: pushArchiveByDigest
  },
  engine: {
    ...ON_RUNNER,
    output: () => 'type=docker',
    writesArchive: false,
    readBack: 'none',
    resultLine: image => `Loaded ${image.digest}`
  },
  'oci-archive': {
    ...ON_RUNNER,
    output: ociArchive,
    writesArchive: true,
    readBack: 'archive',
    resultLine: image => `Wrote ${image.archive} (${image.digest})`
  },
  check: {
    output: () => 'type=cacheonly',
    pushes: false,
    compresses: false,
    tagged: false,
    digested: false,
    writesArchive: false,
    readBack: 'none',
    title: 'Build the image (a check: it is kept nowhere)',
    resultLine: () => 'Built the image for every platform; it is kept nowhere (archive: false)'
  }
}
