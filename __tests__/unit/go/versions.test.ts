import { describe, expect, it } from '@jest/globals'
import {
  checkSupportedGo,
  nearestVersions,
  newerPatch,
  resolveVersion,
  toGoName,
  toSemver,
  versionFromFile,
  versionRange,
  type GoRelease
} from '../../../src/go/versions.js'

const release = (version: string, stable = true): GoRelease => ({
  version,
  stable,
  files: [
    {
      filename: `${version}.linux-amd64.tar.gz`,
      os: 'linux',
      arch: 'amd64',
      version,
      sha256: 'x',
      size: 1,
      kind: 'archive'
    },
    { filename: `${version}.src.tar.gz`, os: '', arch: '', version, sha256: 'y', size: 1, kind: 'source' }
  ]
})
const releases = [
  release('go1.25rc1', false),
  release('go1.24.4'),
  release('go1.24.3'),
  release('go1.23.5'),
  release('go1.23.0'),
  release('go1.22.12')
]

describe('Go version names', () => {
  const names = { toSemver, toGoName, versionRange }
  it.each`
    name              | text             | expected
    ${'toSemver'}     | ${'go1.24.4'}    | ${'1.24.4'}
    ${'toSemver'}     | ${'1.24.4'}      | ${'1.24.4'}
    ${'toSemver'}     | ${'go1.21'}      | ${'1.21.0'}
    ${'toSemver'}     | ${'go1.25rc1'}   | ${'1.25.0-rc.1'}
    ${'toSemver'}     | ${'go1.22beta2'} | ${'1.22.0-beta.2'}
    ${'toGoName'}     | ${'1.24.4'}      | ${'go1.24.4'}
    ${'toGoName'}     | ${'1.25.0-rc.1'} | ${'go1.25rc1'}
    ${'versionRange'} | ${'1.24'}        | ${'1.24.x'}
    ${'versionRange'} | ${'go1.24'}      | ${'1.24.x'}
    ${'versionRange'} | ${'1.25rc1'}     | ${'1.25.0-rc.1'}
  `('$name($text) = $expected', ({ name, text, expected }: Record<string, string>) => {
    expect(names[name as keyof typeof names](text)).toBe(expected)
  })
  it.each(['1.24.4', '1.24.x', '^1.23', '>=1.22 <1.24'])('versionRange(%s) keeps a range as it is', range => {
    expect(versionRange(range)).toBe(range)
  })
  it('rejects what is no version', () => {
    expect(() => versionRange('latest-ish')).toThrow(
      'go-version: "latest-ish" is not a Go version; accepted:'
    )
  })
})

describe('checkSupportedGo', () => {
  // setup-go's case "exports GOROOT for Go versions <1.9" (sg-setup-goroot-old): refused, saying why.
  it.each(['1.8', '1.8.7', '1.15.x', '<1.16'])(
    'refuses %s, older than any Go the action builds with',
    spec => {
      expect(() => checkSupportedGo(spec, 'go-version')).toThrow(
        `go-version: Go "${spec}" is older than 1.16.0, the oldest this action builds with`
      )
    }
  )

  it.each(['1.16', '1.24.4', '>=1.8', '^1.23', 'stable', '1.25rc1'])('accepts %s', spec => {
    expect(() => checkSupportedGo(spec, 'go-version')).not.toThrow()
  })
})

describe('resolveVersion', () => {
  it.each([
    ['1.24.4', '1.24.4'],
    ['1.24.3', '1.24.3'],
    ['1.24', '1.24.4'],
    ['1.24.x', '1.24.4'],
    ['1.23', '1.23.5'],
    ['^1.23', '1.24.4'],
    ['>=1.22 <1.24', '1.23.5'],
    ['~1.22', '1.22.12'],
    ['1.x', '1.24.4'],
    ['stable', '1.24.4'],
    ['oldstable', '1.23.5'],
    ['1.25rc1', '1.25.0-rc.1']
  ])('%s → %s', (spec, version) => {
    const resolved = resolveVersion(spec, releases, 'linux', 'amd64')
    expect(resolved.version).toBe(version)
    expect(resolved.file.kind).toBe('archive')
  })

  it('never picks a pre-release unless asked', () => {
    expect(resolveVersion('>=1.24', releases, 'linux', 'amd64').version).toBe('1.24.4')
  })

  it('names the nearest releases when none matches', () => {
    expect(() => resolveVersion('1.21', releases, 'linux', 'amd64')).toThrow(
      'go-version: no Go release for linux/amd64 matches "1.21"; the nearest: 1.22.12, 1.23.5, 1.23.0, 1.24.4, 1.24.3'
    )
  })

  it('says when nothing is built for the machine', () => {
    expect(() => resolveVersion('1.24', releases, 'linux', 'arm64')).toThrow(
      'the release list has none for this machine'
    )
  })
})

describe('nearestVersions', () => {
  const all = ['1.25.0-rc.1', '1.24.4', '1.24.3', '1.23.5', '1.22.12', '1.20.1']
  it.each([
    ['1.24.9', ['1.24.4', '1.24.3', '1.25.0-rc.1', '1.23.5', '1.22.12']],
    ['1.21', ['1.22.12', '1.20.1', '1.23.5', '1.24.4', '1.24.3']],
    ['^1.30', ['1.25.0-rc.1', '1.24.4', '1.24.3', '1.23.5', '1.22.12']],
    ['>=2', ['1.25.0-rc.1', '1.24.4', '1.24.3', '1.23.5', '1.22.12']]
  ])('%s → %j', (spec, nearest) => {
    expect(nearestVersions(spec, all)).toEqual(nearest)
  })
})

describe('versionFromFile', () => {
  it.each([
    ['go.mod', 'module x\n\ngo 1.24\n', '1.24'],
    ['go.mod', 'module x\n\ngo 1.23.0\n\ntoolchain go1.24.4\n', '1.24.4'],
    ['go.mod', 'module x // comment\ngo 1.22 // trailing\nrequire (\n\ty v1\n)\n', '1.22'],
    ['go.work', 'go 1.24.1\n\nuse ./a\n', '1.24.1'],
    ['/repo/.go-version', 'go1.24.2\n', '1.24.2'],
    ['.go-version', '\n1.23\n', '1.23'],
    ['.tool-versions', 'nodejs 20.1.0\ngolang 1.24.3\n', '1.24.3'],
    ['.tool-versions', 'go 1.22.5\n', '1.22.5']
  ])('%s: %j → %s', (file, content, spec) => {
    expect(versionFromFile(file, content)).toBe(spec)
  })

  it('fails when the file names no version', () => {
    expect(() => versionFromFile('go.mod', 'module x\n')).toThrow(
      'go-version-file: go.mod names no Go version'
    )
  })

  it('never echoes a file that is not a version file (a link to /etc/passwd)', () => {
    const error = (() => {
      try {
        return versionFromFile('.go-version', 'root:x:0:0:root:/root:/bin/bash\n')
      } catch (e) {
        return String(e)
      }
    })()
    expect(error).toContain('go-version-file: .go-version does not name a Go version where one is expected')
    expect(error).not.toContain('root:')
  })
})

describe('the release list decides no path', () => {
  it.each(['../../../tmp/evil.tar.gz', '/etc/cron.d/go', 'go1.24.4.linux-arm64.tar.gz'])(
    'refuses the archive name %j',
    filename => {
      const listed = release('go1.24.4')
      listed.files[0].filename = filename
      expect(() => resolveVersion('1.24.4', [listed], 'linux', 'amd64')).toThrow(
        `the release list names the archive of go1.24.4 for linux/amd64 ${JSON.stringify(filename)}; ` +
          'only go1.24.4.linux-amd64.tar.gz is accepted'
      )
    }
  )
})

describe('newerPatch', () => {
  it.each([
    ['1.24.3', '1.24.4'],
    ['1.24.0', '1.24.4'],
    ['1.24.4', undefined],
    ['1.23.0', '1.23.5'],
    ['1.25.0-rc.1', undefined],
    ['1.21.0', undefined]
  ])('%s → %s', (version, newer) => {
    expect(newerPatch(version, [...releases, release('go1.24.9\n::warning::x')])).toBe(newer)
  })
})
