// The merge step of a matrix: collects the digests the legs handed over, checks that every expected
// platform is there exactly once, and only then creates the index under every tag.
import * as core from '@actions/core'
import { runChecked } from '../exec.js'
import { parseReference, repositoriesOf } from '../reference.js'
import { collect, runIds, type LegRecord } from './handoff.js'

/** What the merge stage takes: the tags of the index, the platforms its legs built. */
export interface MergeRequest {
  tags: string[]
  /** Platform names ("linux/arm64"), as the legs handed them over. */
  platforms: string[]
  /** Index annotations, "key=value". */
  annotations: string[]
}

const isRecord = (record: LegRecord | undefined): record is LegRecord => record !== undefined

/** Which digest serves each platform; throws naming what is missing, extra or built twice. */
export function planIndex(expected: string[], handed: Map<string, LegRecord | undefined>): string[] {
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

export async function mergeIndex(request: MergeRequest): Promise<{ digest: string; image: string }> {
  const repositories = repositoriesOf('tags', request.tags)
  const handed = await collect(runIds(process.env), repositories, request.platforms)
  const digests = planIndex(request.platforms, handed)
  for (const [platform, record] of handed) core.info(`${platform}: ${record?.digest}`)
  for (const repository of repositories) {
    const tags = request.tags.filter(t => parseReference('tags', t).name === repository)
    await runChecked('docker buildx imagetools create', 'docker', [
      'buildx',
      'imagetools',
      'create',
      ...tags.flatMap(t => ['--tag', t]),
      ...request.annotations.flatMap(a => ['--annotation', `index:${a}`]),
      ...digests.map(d => `${repository}@${d}`)
    ])
  }
  const inspected = await runChecked('docker buildx imagetools inspect', 'docker', [
    'buildx',
    'imagetools',
    'inspect',
    '--format',
    '{{json .Manifest.Digest}}',
    request.tags[0]
  ])
  const digest = JSON.parse(inspected) as string
  return { digest, image: `${repositories[0]}@${digest}` }
}
