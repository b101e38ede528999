import { describe, expect, it } from '@jest/globals'
import { privateEntry, withoutHelperFor } from '../../../src/docker/login.js'

describe('withoutHelperFor', () => {
  it('leaves a config without helpers as it is', () => {
    const config = { auths: { 'ghcr.io': { auth: 'x' } } }
    expect(withoutHelperFor(config, '127.0.0.1:5001')).toBe(config)
  })

  it.each([
    ['a credsStore', { credsStore: 'desktop' }, '127.0.0.1:5001', { '127.0.0.1:5001': '' }],
    [
      'credHelpers',
      { credHelpers: { 'ghcr.io': 'gh', '127.0.0.1:5001': 'evil' } },
      '127.0.0.1:5001',
      { 'ghcr.io': 'gh', '127.0.0.1:5001': '' }
    ],
    [
      'Docker Hub, under both its names',
      { credsStore: 'desktop' },
      'docker.io',
      { 'https://index.docker.io/v1/': '', 'docker.io': '' }
    ]
  ])(
    'keeps the registry out of %s (the file store then holds the login)',
    (_name, config, registry, helpers) => {
      expect(withoutHelperFor(config, registry).credHelpers).toEqual(helpers)
    }
  )
})

describe('privateEntry', () => {
  it.each([
    ['config.json', 'copy'],
    ['buildx', 'copy'],
    ['cli-plugins', 'link'],
    ['contexts', 'link'],
    ['ca.pem', 'link']
  ])('takes %s of the current config as a %s', (entry, how) => {
    expect(privateEntry(entry)).toBe(how)
  })
})
