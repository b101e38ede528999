// The tags made for a build from its rules: the references pushed, one version in binary, output and
// label, the labels metadata-action gives (less the two facts the action keeps: the commit's time and
// the stamped version), and a push refused before compiling when no rule gives a tag.
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../../__fixtures__/core.js'
import type { SourceFacts } from '../../../src/git.js'
import type { PublishRequest } from '../../../src/image/publish.js'
import { parseFlavor, parseImages, parseRules } from '../../../src/tags/rules.js'

jest.unstable_mockModule('@actions/core', () => core)
const { repoFacts, resolveTags, shortShaLength } = await import('../../../src/tags/resolve.js')

const SHA = '860c1904a1ce19322e91ac35af1ab07466440c37'
const source: SourceFacts = {
  version: 'v1.2.3',
  sha: SHA,
  tag: 'v1.2.3',
  sourceDateEpoch: 1700000000,
  time: '2023-11-14T22:13:20Z'
}
const env = {
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/tags/v1.2.3',
  GITHUB_SHA: SHA,
  GITHUB_REPOSITORY: 'acme/server',
  GITHUB_SERVER_URL: 'https://github.com'
}
const payload = {
  repository: {
    name: 'server',
    description: 'A server',
    html_url: 'https://github.com/acme/server',
    default_branch: 'main',
    license: { spdx_id: 'MIT' }
  }
}

function publishWith(tags: string[], more: Partial<PublishRequest> = {}): PublishRequest {
  return {
    tags: [],
    tagRules: {
      images: parseImages(['ghcr.io/acme/server']),
      rules: parseRules(tags),
      flavor: parseFlavor([])
    },
    labels: [],
    annotations: [],
    destination: 'registry',
    builder: '',
    provenance: 'false',
    sbom: 'false',
    compressionLevel: 1,
    ...more
  }
}

beforeEach(() => {
  jest.clearAllMocks()
})

describe('resolveTags', () => {
  it('makes the semver and sha tags of a release, and stamps their version everywhere', async () => {
    const tagged = await resolveTags(
      publishWith(['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}', 'type=sha']),
      source,
      {
        env,
        payload,
        versionGiven: false
      }
    )
    expect(tagged.publish.tags).toEqual([
      'ghcr.io/acme/server:1.2.3',
      'ghcr.io/acme/server:1.2',
      'ghcr.io/acme/server:sha-860c190',
      'ghcr.io/acme/server:latest'
    ])
    expect(tagged.source.version).toBe('1.2.3')
    expect(tagged.publish.labels).toEqual([
      'org.opencontainers.image.description=A server',
      'org.opencontainers.image.licenses=MIT',
      `org.opencontainers.image.revision=${SHA}`,
      'org.opencontainers.image.source=https://github.com/acme/server',
      'org.opencontainers.image.title=server',
      'org.opencontainers.image.url=https://github.com/acme/server'
    ])
    expect(core.info).toHaveBeenCalledWith(
      expect.stringContaining('Tags from the rules: ghcr.io/acme/server:1.2.3, ')
    )
  })

  it("keeps a given version, and the user's own version and created labels", async () => {
    const publish = publishWith(['type=semver,pattern={{version}}'], {
      labels: ['org.opencontainers.image.version={{tag}}', 'org.opencontainers.image.created=then']
    })
    const tagged = await resolveTags(publish, source, { env, payload, versionGiven: true })
    expect(tagged.source.version).toBe('v1.2.3')
    expect(tagged.publish.labels).toContain('org.opencontainers.image.version=v1.2.3')
    expect(tagged.publish.labels).toContain('org.opencontainers.image.created=then')
  })

  it('refuses a push that no rule gives a tag for, naming the event; builds without one otherwise', async () => {
    const branch = { ...env, GITHUB_REF: 'refs/heads/main' }
    const rules = ['type=semver,pattern={{version}}']
    await expect(
      resolveTags(publishWith(rules), source, { env: branch, payload, versionGiven: false })
    ).rejects.toThrow(
      'tags: no rule gives a tag for this event (push of refs/heads/main), and a push needs one'
    )
    const archive = await resolveTags(publishWith(rules, { destination: 'oci-archive' }), source, {
      env: branch,
      payload,
      versionGiven: false
    })
    expect([archive.publish.tags, archive.source.version]).toEqual([[], 'v1.2.3'])
  })

  it('warns, on one line, about a tag the rules cannot read', async () => {
    const odd = { ...env, GITHUB_REF: 'refs/tags/nightly\n::error::x' }
    await resolveTags(publishWith(['type=semver,pattern={{version}}', 'type=sha']), source, {
      env: odd,
      payload,
      versionGiven: false
    })
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringMatching(/^tags: nightly : :error: :x is not a valid semver/)
    )
  })

  it('refuses a template that cannot be read, naming the input it is in', async () => {
    const facts = { env, payload, versionGiven: false }
    await expect(resolveTags(publishWith(['type=semver,pattern={{#each}}']), source, facts)).rejects.toThrow(
      'tags: "{{#each}}" is not a template this action can expand'
    )
    const labelled = publishWith(['type=sha'], { labels: ['team={{#if}}'] })
    await expect(resolveTags(labelled, source, facts)).rejects.toThrow(
      'labels: "team={{#if}}" is not a template this action can expand'
    )
  })

  it('leaves a request without rules as it is', async () => {
    const publish = { ...publishWith([]), tagRules: undefined, tags: ['r/app:1'] }
    expect(await resolveTags(publish, source, { env, payload, versionGiven: false })).toEqual({
      publish,
      source
    })
  })
})

describe('the facts beside the rules', () => {
  it('takes the repository from the payload, else from GITHUB_REPOSITORY', () => {
    expect(repoFacts(env, payload)).toEqual({
      name: 'server',
      description: 'A server',
      htmlUrl: 'https://github.com/acme/server',
      defaultBranch: 'main',
      licenses: 'MIT'
    })
    expect(repoFacts(env, undefined)).toEqual({
      name: 'server',
      description: '',
      htmlUrl: 'https://github.com/acme/server',
      defaultBranch: '',
      licenses: ''
    })
  })

  it('reads DOCKER_METADATA_SHORT_SHA_LENGTH as metadata-action does, refusing what is not a length', () => {
    expect([shortShaLength({}), shortShaLength({ DOCKER_METADATA_SHORT_SHA_LENGTH: '12' })]).toEqual([7, 12])
    expect(() => shortShaLength({ DOCKER_METADATA_SHORT_SHA_LENGTH: 'ten' })).toThrow(
      'DOCKER_METADATA_SHORT_SHA_LENGTH: "ten" is not a positive number'
    )
  })
})
