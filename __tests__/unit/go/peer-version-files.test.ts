// actions/setup-go's own version-file cases (__fixtures__/peer-cases/setup-go.json, with its fixture
// files in __fixtures__/peer-fixtures/setup-go/), run through the action's readers.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import semver from 'semver'
import { toSemver, versionFromFile, versionRange } from '../../../src/go/versions.js'
import { requestedSpec } from '../../../src/go/install.js'
import { readGoRequest } from '../../../src/inputs/go.js'

interface PeerCase {
  id: string
  kind: string
  input: {
    file?: string
    content?: string
    fixture?: string
    absent?: boolean
    'go-version'?: string
    env?: Record<string, string>
  }
  expected: string | { error?: string; resolvesTo?: string }
}

const { cases } = JSON.parse(readFileSync('__fixtures__/peer-cases/setup-go.json', 'utf8')) as {
  cases: PeerCase[]
}
const versionFiles = cases.filter(c => c.kind === 'versionFile')
const fixture = (name: string) => readFileSync(join('__fixtures__/peer-fixtures/setup-go', name), 'utf8')

/**
 * Where the action differs on purpose. With GOTOOLCHAIN=local setup-go takes go.mod's go line, not its
 * toolchain line; the action always builds with GOTOOLCHAIN=local itself, so the toolchain line is the
 * Go the module asks to be built with, whatever the runner's GOTOOLCHAIN (README, Go set-up).
 */
const TOOLCHAIN_LINE_ALWAYS = (c: PeerCase) => c.id.startsWith('sg-toolchain-local-')

describe("setup-go's version-file cases", () => {
  it('are all here (23)', () => {
    expect(versionFiles).toHaveLength(23)
  })

  /** The spec the action sets up Go for: the file in a workspace, read through the input reader. */
  const specOf = (c: PeerCase) => {
    const workspace = mkdtempSync(join(tmpdir(), 'peer-'))
    writeFileSync(join(workspace, c.input.file as string), c.input.content as string)
    const inputs: Record<string, string> = {
      'go-version-file': c.input.file as string,
      'go-version': c.input['go-version'] ?? ''
    }
    return requestedSpec(readGoRequest(name => inputs[name] ?? '', workspace, workspace))
  }

  const fileCases = versionFiles.filter(c => c.input.content !== undefined && typeof c.expected === 'string')
  it.each(fileCases.filter(c => !TOOLCHAIN_LINE_ALWAYS(c)).map(c => [c.id, c] as const))('%s', (_id, c) => {
    expect(specOf(c)).toBe(c.expected)
  })

  it.each(fileCases.filter(TOOLCHAIN_LINE_ALWAYS).map(c => [c.id, c] as const))(
    '%s: the toolchain line, where setup-go takes the go line',
    (_id, c) => {
      expect(specOf(c)).toBe(/^toolchain go(\S+)$/m.exec(c.input.content as string)?.[1])
    }
  )

  it.each(versionFiles.filter(c => c.input.fixture).map(c => [c.id, c] as const))(
    '%s: the fixture file yields a request its release satisfies',
    (_id, c) => {
      const spec = versionFromFile(c.input.file as string, fixture(c.input.fixture as string))
      const resolvesTo = (c.expected as { resolvesTo: string }).resolvesTo
      expect(semver.satisfies(toSemver(resolvesTo), versionRange(spec))).toBe(true)
    }
  )

  it('sg-file-missing and sg-spec-plain, through the input reader', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'peer-'))
    const read = (inputs: Record<string, string>) =>
      readGoRequest(name => inputs[name] ?? '', workspace, workspace)
    expect(() => read({ 'go-version-file': 'go.mod' })).toThrow('does not exist')
    expect(read({ 'go-version': '1.13.0' }).goVersion).toBe('1.13.0')
  })
})
