import { describe, expect, it } from '@jest/globals'
import { parseReference } from '../../src/reference.js'

const digest = `sha256:${'a'.repeat(64)}`

describe('parseReference', () => {
  it.each([
    ['alpine', { name: 'alpine' }],
    ['ghcr.io/acme/server:1.2.3', { name: 'ghcr.io/acme/server', tag: '1.2.3' }],
    ['127.0.0.1:5000/e2e/hello:latest', { name: '127.0.0.1:5000/e2e/hello', tag: 'latest' }],
    ['localhost/app', { name: 'localhost/app' }],
    [`gcr.io/distroless/static-debian12@${digest}`, { name: 'gcr.io/distroless/static-debian12', digest }],
    [`a/b:c@${digest}`, { name: 'a/b', tag: 'c', digest }],
    ['my_org/my__app-x:v1_2', { name: 'my_org/my__app-x', tag: 'v1_2' }]
  ])('%s', (text, expected) => {
    expect(parseReference('tags', text)).toEqual(expected)
  })

  it.each([
    ['', 'it is empty'],
    ['ghcr.io/Acme/server', '"Acme" is not a repository path component'],
    ['ghcr.io/acme/server:1 2', 'it contains white space'],
    [`app:${'x'.repeat(129)}`, 'a tag is 1 to 128 letters'],
    ['app:.hidden', 'a tag is 1 to 128 letters'],
    ['app@sha256:abc', 'the digest must be sha256:'],
    ['acme//server', '"" is not a repository path component'],
    ['-acme/server', '"-acme" is not a repository path component'],
    ['$(id)/x', '"$(id)" is not a repository path component']
  ])('rejects %j', (text, why) => {
    expect(() => parseReference('tags', text)).toThrow(
      `tags: "${text}" is not a valid image reference: ${why}`
    )
  })
})
