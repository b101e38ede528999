// docker/metadata-action's own generation cases (__fixtures__/peer-cases/metadata-action-generation.json,
// 131 rows of its meta.test.ts; the .md beside it says how each forms its context), run through the
// action's reading of images/tags/flavor and its generator. The event comes from the case's runner
// variables and payload through githubEvent, and must be the context the peer's test formed. Bake files
// are not written by this action (it runs buildx itself): their tags, labels, annotations and args are
// compared as the same values.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { generateTags, type GeneratedTags } from '../../../src/tags/generate.js'
import { parseFlavor, parseImages, parseRules } from '../../../src/tags/rules.js'
import { eventPayloadOf, githubEvent, type EventPayload } from '../../../src/tags/event.js'

interface PeerInputs {
  images: string[]
  tags: string[]
  flavor: string[]
  labels: string[]
  annotations: string[]
  sepTags: string
  bakeTarget: string
}

interface PeerCase {
  id: string
  table: string
  env: Record<string, string>
  payload: EventPayload
  context: { eventName: string; ref: string; sha: string }
  inputs: Partial<PeerInputs>
  expected: Record<string, unknown>
}

interface Shared {
  clock: { now: string; created_label: string }
  repo: {
    name: string
    description: string
    html_url: string
    default_branch: string
    license: { spdx_id: string }
  }
  input_defaults: PeerInputs
}

const peer = JSON.parse(readFileSync('__fixtures__/peer-cases/metadata-action-generation.json', 'utf8')) as {
  shared: Shared
  cases: PeerCase[]
}
const { shared, cases } = peer

function generated(c: PeerCase, inputs: PeerInputs): GeneratedTags {
  const instant = new Date(shared.clock.now)
  return generateTags({
    images: parseImages(inputs.images),
    rules: parseRules(inputs.tags),
    flavor: parseFlavor(inputs.flavor),
    labels: inputs.labels,
    annotations: inputs.annotations,
    event: githubEvent(c.env, eventPayloadOf(c.payload)),
    repo: {
      name: shared.repo.name,
      description: shared.repo.description,
      htmlUrl: shared.repo.html_url,
      defaultBranch: shared.repo.default_branch,
      licenses: shared.repo.license.spdx_id
    },
    now: instant,
    commitDate: instant,
    created: shared.clock.created_label,
    shortShaLength: Number(c.env.DOCKER_METADATA_SHORT_SHA_LENGTH ?? 7)
  })
}

/** key=value lines as one object, as the peer's JSON and bake outputs give them. */
const keyed = (lines: string[]) =>
  Object.fromEntries(lines.map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]))

const atLevels = (levels: string[], lines: string[]) =>
  levels.flatMap(level => lines.map(l => `${level}:${l}`))

/** What the case's table compares, from what the generator made. */
function observed(table: string, out: GeneratedTags, inputs: PeerInputs): Record<string, unknown> {
  const args = { DOCKER_META_IMAGES: out.images.join(','), DOCKER_META_VERSION: out.version.main }
  const target = (value: object) => ({ target: { [inputs.bakeTarget]: value } })
  switch (table) {
    case 'json':
      return {
        json: {
          tags: out.tags,
          'tag-names': out.tagNames,
          labels: keyed(out.labels),
          annotations: atLevels(['manifest'], out.annotations)
        }
      }
    case 'bakeFile':
      return {
        bake_tags: target({ tags: out.tags, args }),
        bake_labels: target({ labels: keyed(out.labels) }),
        bake_annotations: target({ annotations: atLevels(['index', 'manifest-descriptor'], out.annotations) })
      }
    case 'bakeFileTagsLabels':
      return { bake_tags_labels: target({ tags: out.tags, labels: keyed(out.labels), args }) }
    case 'sepTags':
      return { tags_joined: out.tags.join(inputs.sepTags) }
    default:
      return {
        version: { ...out.version, main: out.version.main ?? null },
        tags: out.tags,
        labels: out.labels,
        annotations: out.annotations
      }
  }
}

describe("metadata-action's generation cases", () => {
  it('are all here (131)', () => {
    expect(cases).toHaveLength(131)
  })

  it.each(cases.map(c => [c.id, c] as const))('%s', (_id, c) => {
    const { eventName, ref, sha } = githubEvent(c.env, eventPayloadOf(c.payload))
    expect({ eventName, ref, sha }).toEqual({
      eventName: c.context.eventName,
      ref: c.context.ref,
      sha: c.context.sha
    })
    const inputs = { ...shared.input_defaults, ...c.inputs }
    const expected = Object.fromEntries(
      Object.entries(c.expected).filter(([key]) => key !== 'annotations_column_given')
    )
    expect(observed(c.table, generated(c, inputs), inputs)).toEqual(expected)
  })
})
