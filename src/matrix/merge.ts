// The merge step of a matrix: collects the digests the legs handed over, checks that every expected
// platform is there exactly once, and only then creates the index under every tag.
import * as core from '@actions/core'
import type { TagRules } from '../tags/rules.js'
import { createIndex, inspectJson } from '../docker/imagetools.js'
import type { Credentials } from '../docker/login.js'
import { parsePlatform, platformName, type PlatformDescriptor } from '../platform.js'
import { parseReference, repositoriesOf } from '../reference.js'
import { oneLine } from '../untrusted.js'
import { collect, type LegRecord, type RunIds } from './handoff.js'

/** What the merge stage takes: the tags of the index, the platforms its legs built. */
export interface MergeRequest {
  /** Full references; empty until made from `tagRules` when those are given. */
  tags: string[]
  /** images + tags rules + flavor, when `images` is given: the tags are made from the git ref. */
  tagRules?: TagRules
  /** Platform names ("linux/arm64"), as the legs handed them over. */
  platforms: string[]
  /** Index annotations, "key=value". */
  annotations: string[]
  /** Registry credentials to log in with, or undefined to use the runner's docker config as it is. */
  credentials?: Credentials
}

const isRecord = (record: LegRecord | undefined): record is LegRecord => record !== undefined

/** What the merge reads of each platform's image config: its commit and version labels. */
export interface LegImage {
  platform: string
  revision: string
  version: string
}

const REVISION = 'org.opencontainers.image.revision'
const VERSION = 'org.opencontainers.image.version'

/**
 * Each platform's image config, from `imagetools inspect --format '{{json .Image}}'`: one config, or
 * one per platform (attestations, unknown/unknown, left out); sorted by platform.
 */
export function legImages(image: Record<string, unknown>): LegImage[] {
  const normal = (name: string) => {
    try {
      return parsePlatform(name).name
    } catch {
      return name
    }
  }
  const facts = (platform: string, config: unknown): LegImage => {
    const labels = (config as { config?: { Labels?: Record<string, string> } }).config?.Labels ?? {}
    return { platform: normal(platform), revision: labels[REVISION] ?? '', version: labels[VERSION] ?? '' }
  }
  if (typeof image.os === 'string')
    return [facts(platformName(image as unknown as PlatformDescriptor), image)]
  return Object.entries(image)
    .filter(([name]) => !name.startsWith('unknown/'))
    .map(([name, config]) => facts(name, config))
    .sort((a, b) => a.platform.localeCompare(b.platform))
}

/**
 * The merge tags only images of its own commit, all of one version: an older release's digest, handed
 * over by whatever means, can never be tagged as the new release.
 */
export function checkLegImages(
  images: (LegImage & { reference: string })[],
  revision: string | undefined
): void {
  for (const image of images) {
    if (revision && image.revision !== revision) {
      throw new Error(
        `merge: ${image.reference} (${image.platform}) was built from commit ${oneLine(image.revision) || '(none recorded)'}, ` +
          `but this merge is of commit ${revision}; nothing was tagged`
      )
    }
  }
  const versions = [...new Set(images.map(i => i.version))]
  if (versions.length > 1) {
    const each = images.map(i => `${i.platform}: ${oneLine(i.version)}`).join(', ')
    throw new Error(`merge: the legs carry different versions (${each}); nothing was tagged`)
  }
}

/** Each record must be of the platform whose key it came under. */
function checkRecordPlatforms(handed: Map<string, LegRecord | undefined>): void {
  for (const [platform, record] of handed) {
    if (record && !record.platforms.includes(platform)) {
      throw new Error(
        `merge: the record handed over for ${platform} names ${record.platforms.join(', ')}; nothing was tagged`
      )
    }
  }
}

/** Which digest serves each platform; throws naming what is missing, extra, mislabelled or built twice. */
export function planIndex(expected: string[], handed: Map<string, LegRecord | undefined>): string[] {
  checkRecordPlatforms(handed)
  const missing = expected.filter(p => !handed.get(p))
  if (missing.length) {
    throw new Error(
      `merge: no digest was handed over for ${missing.join(', ')}: that matrix leg failed, was cancelled, or ran ` +
        'with other tags; nothing was tagged'
    )
  }
  const digestOf = new Map<string, string>()
  for (const record of [...handed.values()].filter(isRecord)) {
    for (const platform of record.platforms) {
      const earlier = digestOf.get(platform)
      if (earlier && earlier !== record.digest) {
        throw new Error(
          `merge: ${platform} was built by two legs (${earlier} and ${record.digest}); nothing was tagged`
        )
      }
      if (!expected.includes(platform)) {
        throw new Error(`merge: a leg built ${platform}, which platforms does not list; nothing was tagged`)
      }
      digestOf.set(platform, record.digest)
    }
  }
  return [...new Set(digestOf.values())]
}

/** What the registry says, not what the records say: each digest is in every repository, of its platforms. */
async function verifyInRegistry(
  repositories: string[],
  handed: Map<string, LegRecord | undefined>,
  revision: string | undefined,
  dockerEnv: NodeJS.ProcessEnv
): Promise<void> {
  const images: (LegImage & { reference: string })[] = []
  for (const record of new Set([...handed.values()].filter(isRecord))) {
    const wanted = [...record.platforms].sort()
    for (const repository of repositories) {
      const reference = `${repository}@${record.digest}`
      const inspected = await inspectJson(reference, '.Image', dockerEnv)
      if (inspected.error !== undefined) {
        throw new Error(
          `merge: ${reference}, handed over for ${wanted.join(', ')}, cannot be read from the registry ` +
            `(${oneLine(inspected.error)}); nothing was tagged`
        )
      }
      const found = legImages(inspected.value as Record<string, unknown>)
      if (found.map(i => i.platform).join() !== wanted.join()) {
        throw new Error(
          `merge: ${reference} was handed over for ${wanted.join(', ')} but is an image of ${found.map(i => i.platform).join(', ') || 'no platform'}; nothing was tagged`
        )
      }
      images.push(...found.map(image => ({ ...image, reference })))
    }
  }
  checkLegImages(images, revision)
}

/** The index a merge created: its digest, name@digest, and platform → manifest digest. */
export interface MergedIndex {
  digest: string
  image: string
  platforms: Record<string, string>
}

/** Where a merge runs: the legs' run, its own commit (which every leg's image must carry), docker's environment. */
export interface MergeRun {
  run: RunIds
  revision: string | undefined
  dockerEnv: NodeJS.ProcessEnv
}

export async function mergeIndex(
  request: MergeRequest,
  { run, revision, dockerEnv }: MergeRun
): Promise<MergedIndex> {
  const repositories = repositoriesOf('tags', request.tags)
  const handed = await collect(run, repositories, request.platforms)
  const digests = planIndex(request.platforms, handed)
  for (const [platform, record] of handed) core.info(`${platform}: ${oneLine(record?.digest ?? '')}`)
  await verifyInRegistry(repositories, handed, revision, dockerEnv)
  for (const repository of repositories) {
    const tags = request.tags.filter(t => parseReference('tags', t).name === repository)
    await createIndex(
      tags,
      request.annotations,
      digests.map(d => `${repository}@${d}`),
      dockerEnv
    )
  }
  const inspected = await inspectJson(request.tags[0], '.Manifest.Digest', dockerEnv)
  if (inspected.error !== undefined)
    throw new Error(`merge: the index under ${request.tags[0]} cannot be read back (${inspected.error})`)
  const digest = String(inspected.value)
  const platforms = Object.fromEntries(
    [...handed].map(([platform, record]) => [platform, record?.digest ?? ''])
  )
  return { digest, image: `${repositories[0]}@${digest}`, platforms }
}
