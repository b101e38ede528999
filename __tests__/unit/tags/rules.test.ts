// metadata-action's images/tags/flavor as this action reads them: its defaults filled in, its order,
// and every line it would refuse refused here before anything runs, naming the input.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { readConfig, type BuildConfig, type MergeConfig } from '../../../src/inputs/config.js'
import { InputError } from '../../../src/errors.js'
import { parseFlavor, parseImages, parseRule, parseRules } from '../../../src/tags/rules.js'
import { makeWorkspace } from '../../helpers/workspace.js'

let workspace: string
beforeAll(() => {
  workspace = makeWorkspace()
})

describe('parseRule', () => {
  it.each([
    [
      'type=semver,pattern={{version}}',
      { type: 'semver', attrs: { pattern: '{{version}}', value: '', match: '' } }
    ],
    ['type=ref,event=pr', { type: 'ref', attrs: { event: 'pr', prefix: 'pr-' } }],
    ['type=sha', { type: 'sha', attrs: { prefix: 'sha-', format: 'short' } }],
    [
      'type=match,"pattern=v(\\d.\\d)",group=1',
      { type: 'match', attrs: { pattern: 'v(\\d.\\d)', group: '1' } }
    ],
    ['edge-tag', { type: 'raw', attrs: { value: 'edge-tag' } }],
    ['type=raw,value=a=b,priority=5', { type: 'raw', attrs: { value: 'a=b', priority: '5' } }]
  ])('%s', (line, expected) => {
    expect(parseRule(line)).toMatchObject(expected)
    expect(parseRule(line).attrs.enable).toBe('true')
  })

  it.each([
    ['type=semver', 'tags: "type=semver" needs pattern='],
    [
      'type=bogus,value=x',
      'tags: "type=bogus,value=x" has the unknown type "bogus"; accepted: schedule, semver'
    ],
    ['type=ref,event=push', 'tags: "type=ref,event=push" has event=push; accepted: branch, tag, pr'],
    ['type=sha,format=medium', 'accepted: short, long'],
    ['type=match,pattern=x,group=one', 'has group=one; give the number of a group'],
    ['type=raw,"value=unclosed', 'tags: "type=raw,"value=unclosed" cannot be read']
  ])('refuses %s', (line, message) => {
    expect(() => parseRule(line)).toThrow(message)
    expect(() => parseRule(line)).toThrow(InputError)
  })

  it("orders by priority, highest first, and keeps metadata-action's defaults when none are given", () => {
    expect(
      parseRules(['type=sha', 'type=raw,value=x', 'type=semver,pattern={{version}}']).map(r => r.type)
    ).toEqual(['semver', 'raw', 'sha'])
    expect(parseRules([]).map(r => `${r.type}:${r.attrs.event ?? ''}`)).toEqual([
      'schedule:',
      'ref:branch',
      'ref:tag',
      'ref:pr'
    ])
  })
})

describe('parseFlavor and parseImages', () => {
  it('reads latest, prefix and suffix, onlatest applying to the one before it', () => {
    expect(parseFlavor(['latest=false', 'prefix=foo-,onlatest=true', 'suffix=-dev'])).toEqual({
      latest: 'false',
      prefix: 'foo-',
      prefixLatest: true,
      suffix: '-dev',
      suffixLatest: false
    })
    expect(() => parseFlavor(['latest=sometimes'])).toThrow('flavor: "latest=sometimes" has latest=sometimes')
    expect(() => parseFlavor(['prefix'])).toThrow('flavor: "prefix" is not of the form key=value')
  })

  it('reads one line of names, or a name per line with enable, lower-cased', () => {
    expect(parseImages(['Org/App,ghcr.io/u/app'])).toEqual([
      { name: 'org/app', enable: true },
      { name: 'ghcr.io/u/app', enable: true }
    ])
    expect(parseImages(['name=r/a,enable=false', 'r/b'])).toEqual([
      { name: 'r/a', enable: false },
      { name: 'r/b', enable: true }
    ])
    expect(() => parseImages(['enable=true'])).toThrow('images: "enable=true" names no image')
  })
})

describe('readConfig with images', () => {
  const read = (inputs: Record<string, string>) => readConfig(name => inputs[name] ?? '', workspace)

  it('takes tags as rules (a line each, commas inside) and leaves the references to be made', () => {
    const { publish } = read({
      'working-directory': 'app',
      images: 'ghcr.io/acme/app',
      tags: 'type=semver,pattern={{major}}.{{minor}}\ntype=sha',
      push: 'true'
    }) as BuildConfig
    expect(publish.tags).toEqual([])
    expect(publish.tagRules?.rules.map(r => r.type)).toEqual(['semver', 'sha'])
    expect(publish.credentials).toBeUndefined()
  })

  it('takes them in the merge step too', () => {
    const { merge } = read({ mode: 'merge', images: 'r/app', platforms: 'linux/amd64' }) as MergeConfig
    expect(merge.tags).toEqual([])
    expect(merge.tagRules?.images).toEqual([{ name: 'r/app', enable: true }])
  })

  it.each([
    [{ images: 'r/app:1' }, 'images: "r/app:1" names a tag or digest; give the repository only'],
    [{ images: 'R A' }, 'images: "r a" is not a valid image reference'],
    [{ flavor: 'latest=false' }, 'flavor: applies to tags made from rules; give images too'],
    [{ images: 'r/app', tags: 'type=semver' }, 'tags: "type=semver" needs pattern=']
  ])('refuses %j', (inputs, message) => {
    expect(() => read({ 'working-directory': 'app', ...inputs })).toThrow(message)
  })
})
