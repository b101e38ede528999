import { describe, expect, it } from '@jest/globals'
import {
  cgoMessage,
  declaredOthers,
  declaredVariables,
  parseListing,
  versionVariableProblem
} from '../../../src/compile/packages.js'
import { linkerFlags } from '../../../src/compile/plan.js'

describe('declaredVariables', () => {
  it.each([
    ['var version = "dev"', ['version']],
    ['var version string', ['version']],
    ['var (\n\tversion = "dev"\n\tcommit, date string\n)\n', ['version', 'commit', 'date']],
    ['// var version = "dev"\nfunc main() {}', []],
    ['const version = "1"', []],
    ['func f() {\n\tvar version = "x"\n}', []],
    ['var s = `\nvar hidden = 1\n`', ['s']]
  ])('%j → %j', (source, names) => {
    expect(declaredVariables(source)).toEqual(names)
  })
})

describe('versionVariableProblem', () => {
  const main = (pattern: string, variables: string[]) => ({ pattern, name: 'main', variables })

  it('is none when every main package declares it', () => {
    expect(
      versionVariableProblem('main.version', [main('./cmd/a', ['version']), main('./cmd/b', ['version'])])
    ).toBeUndefined()
  })

  it('names the variable and each package that lacks it', () => {
    expect(versionVariableProblem('main.Version', [main('./cmd/a', ['version'])])).toBe(
      'version-variable: main.Version is not declared in package main of ./cmd/a; the linker would ignore it and ' +
        'the binary would not say its version. Declare var Version string there, or name the variable that holds the version'
    )
  })

  it('says so when the name is a function, a constant or a type, which -X cannot set', () => {
    const source =
      'package main\n\nfunc Version() string { return "x" }\n\nconst (\n\tBuild = "1"\n)\n\ntype Tag string\n'
    const others = declaredOthers(source)
    expect(others).toEqual({ Version: 'func', Build: 'const', Tag: 'type' })
    const pkg = { pattern: '.', name: 'main', variables: [], others }
    expect(versionVariableProblem('main.Version', [pkg])).toBe(
      "version-variable: main.Version is a func, not a variable; the linker's -X sets only string variables. " +
        'Declare var Version string (or name the variable that holds the version)'
    )
    expect(versionVariableProblem('main.Build', [pkg])).toContain('is a const, not a variable')
    expect(declaredOthers('func (s *Server) Version() string { return "" }\n')).toEqual({})
  })

  it('reads another package by its import path', () => {
    const build = { pattern: 'example.com/app/build', name: 'build', variables: ['Version'] }
    expect(versionVariableProblem('example.com/app/build.Version', [main('.', [])], build)).toBeUndefined()
    expect(versionVariableProblem('example.com/app/build.Tag', [main('.', [])], build)).toContain(
      'is not declared in package example.com/app/build'
    )
  })
})

describe("goreleaser's stamps", () => {
  it('are more -X flags, before the user ldflags', () => {
    expect(
      linkerFlags('main.version', 'v1.2.3', '-X main.x=y', {
        'main.commit': 'abc',
        'main.date': '2026-12-01T10:00:00Z'
      })
    ).toBe(
      '-s -w -buildid= -X=main.version=v1.2.3 -X=main.commit=abc -X=main.date=2026-12-01T10:00:00Z -X main.x=y'
    )
  })
})

describe('parseListing', () => {
  // Rows as LIST_FORMAT prints them: dep, error, cgo, import path, name, dir, matches, files.
  const row = (fields: string[]) => fields.join('\t')
  const main = row([
    '',
    '',
    '',
    'example.com/app/cmd/app',
    'main',
    '/src/cmd/app',
    './cmd/app',
    'main.go\x1f'
  ])
  const dep = (error: string) =>
    row(['dep', error, '', 'example.com/lib', 'lib', '/mod/lib', '', 'lib.go\x1f'])

  it("names each pattern's package, and is clean when every package loaded", () => {
    const listing = parseListing([dep(''), main].join('\n'), ['./cmd/app'])
    expect(listing.named).toEqual([
      {
        pattern: './cmd/app',
        importPath: 'example.com/app/cmd/app',
        name: 'main',
        error: false,
        dir: '/src/cmd/app',
        files: ['main.go']
      }
    ])
    expect(listing.clean).toBe(true)
  })

  // A listing from the folders without the network (listFromFolders) then does not stand for Go's own.
  it('is not clean when a dependency could not be loaded, though every named package could', () => {
    const listing = parseListing([dep('error'), main].join('\n'), ['./cmd/app'])
    expect(listing.named[0].error).toBe(false)
    expect(listing.clean).toBe(false)
  })
})

describe('cgoMessage', () => {
  it('names each package, says what a stub does in the image, and how to avoid it', () => {
    const said = cgoMessage(['github.com/mattn/go-sqlite3', 'example.com/native'])
    expect(said).toContain(': github.com/mattn/go-sqlite3, example.com/native.')
    expect(said).toContain('its functions fail at run time in the image')
    expect(said).toContain('pure-Go alternative')
  })
})
