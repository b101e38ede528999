import { describe, expect, it } from '@jest/globals'
import {
  annotationList,
  labelList,
  ociKeys,
  parseAnnotation,
  repositoryFacts,
  withoutRunTimes
} from '../../../src/image/metadata.js'

const facts = ociKeys({
  serverUrl: 'https://github.com/',
  repository: 'acme/server',
  revision: 'abc123',
  version: 'v1.2.3',
  created: '2023-11-14T22:13:20Z',
  title: 'server'
})

describe('ociKeys', () => {
  it('takes the GitHub context and the stamped version', () => {
    expect(facts).toEqual({
      'org.opencontainers.image.source': 'https://github.com/acme/server',
      'org.opencontainers.image.revision': 'abc123',
      'org.opencontainers.image.version': 'v1.2.3',
      'org.opencontainers.image.created': '2023-11-14T22:13:20Z',
      'org.opencontainers.image.title': 'server'
    })
  })
  it('leaves out what it does not know', () => {
    expect(Object.keys(ociKeys({ version: 'dev', created: 'x', title: 't' }))).toEqual([
      'org.opencontainers.image.version',
      'org.opencontainers.image.created',
      'org.opencontainers.image.title'
    ])
  })
})

describe('repositoryFacts', () => {
  it.each([
    [
      { repository: { description: 'A server', license: { spdx_id: 'Apache-2.0' } } },
      { description: 'A server', licenses: 'Apache-2.0' }
    ],
    [
      { repository: { description: null, license: { spdx_id: 'NOASSERTION' } } },
      { description: undefined, licenses: undefined }
    ],
    [{ repository: { description: 'x', license: null } }, { description: 'x', licenses: undefined }],
    [undefined, { description: undefined, licenses: undefined }]
  ])('%j → %j', (event, facts) => {
    expect(repositoryFacts(event)).toEqual(facts)
  })

  it('adds description and licenses when known', () => {
    expect(
      ociKeys({ version: 'v', created: 'c', title: 't', description: 'A server', licenses: 'MIT' })
    ).toMatchObject({
      'org.opencontainers.image.description': 'A server',
      'org.opencontainers.image.licenses': 'MIT'
    })
  })
})

describe('labelList', () => {
  it('lets a user label replace a fact, and keeps the rest', () => {
    const labels = labelList(facts, ['org.opencontainers.image.title=Server', 'team=infra'])
    expect(labels).toContain('org.opencontainers.image.title=Server')
    expect(labels).not.toContain('org.opencontainers.image.title=server')
    expect(labels).toContain('org.opencontainers.image.version=v1.2.3')
    expect(labels.at(-1)).toBe('team=infra')
  })
})

describe('annotations', () => {
  it.each([
    ['k=v', { types: '', key: 'k', value: 'v' }],
    [
      'manifest:org.opencontainers.image.title=x=y',
      { types: 'manifest', key: 'org.opencontainers.image.title', value: 'x=y' }
    ],
    ['index,manifest:a=b', { types: 'index,manifest', key: 'a', value: 'b' }]
  ])('parseAnnotation(%s)', (line, parsed) => {
    expect(parseAnnotation(line)).toEqual(parsed)
  })

  it('puts the facts on the index and the manifests of a multi-platform image', () => {
    const list = annotationList(facts, ['manifest:org.opencontainers.image.title=Server', 'team=infra'], true)
    expect(list).toContain('index,manifest:org.opencontainers.image.version=v1.2.3')
    expect(list).toContain('manifest:org.opencontainers.image.title=Server')
    expect(list).not.toContain('index,manifest:org.opencontainers.image.title=server')
    // Replaced on the manifests only: the index keeps the fact.
    expect(list).toContain('index:org.opencontainers.image.title=server')
    expect(list.at(-1)).toBe('index,manifest:team=infra')
  })

  it("replaces a fact at the levels the user's annotation names, and only there", () => {
    const source = { 'org.opencontainers.image.source': 'https://github.com/acme/app' }
    expect(annotationList(source, ['org.opencontainers.image.source=mine'], true)).toEqual([
      'index,manifest:org.opencontainers.image.source=mine'
    ])
    expect(
      annotationList(source, ['manifest[linux/amd64]:org.opencontainers.image.source=mine'], true)
    ).toEqual([
      'index:org.opencontainers.image.source=https://github.com/acme/app',
      'manifest[linux/amd64]:org.opencontainers.image.source=mine'
    ])
  })

  it('puts them on the manifest only when there is a single platform', () => {
    expect(annotationList({ a: 'b' }, ['c=d'], false)).toEqual(['manifest:a=b', 'manifest:c=d'])
  })
})

describe('withoutRunTimes', () => {
  it("drops what would stamp the run's time instead of the commit's, at any level", () => {
    expect(
      withoutRunTimes([
        'org.opencontainers.image.title=hello',
        'org.opencontainers.image.created=2026-11-28T10:00:00.000Z',
        'manifest:org.opencontainers.image.created=2026-11-28T10:00:00.000Z',
        'com.example.created=yes'
      ])
    ).toEqual({
      kept: ['org.opencontainers.image.title=hello', 'com.example.created=yes'],
      dropped: [
        'org.opencontainers.image.created=2026-11-28T10:00:00.000Z',
        'manifest:org.opencontainers.image.created=2026-11-28T10:00:00.000Z'
      ]
    })
  })
})
