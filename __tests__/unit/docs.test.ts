// action.yml, the inputs the code reads, the outputs it sets and the README's tables must agree.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { makeWorkspace } from '../helpers/workspace.js'
import { readConfig } from '../../src/inputs/config.js'
import { DEFAULTS, ENVIRONMENT_FALLBACKS } from '../../src/inputs/parse.js'
import { mergeOutputsOf, outputsOf } from '../../src/outputs.js'

interface ActionYml {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string; post: string; 'post-if': string }
}
const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml
const readme = readFileSync('README.md', 'utf8')

/** The first-column names of the table under a "## heading" of the README. */
function readmeTable(heading: string): Map<string, string[]> {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? ''
  const rows = section.split('\n').filter(l => /^\|\s*`[a-z-]+`\s*\|/.test(l))
  return new Map(rows.map(r => [/`([a-z-]+)`/.exec(r)?.[1] ?? '', r.split('|').map(c => c.trim())]))
}

/** Every input name readConfig asks for, on a valid configuration. */
function inputsReadByCode(): string[] {
  const asked = new Set<string>()
  readConfig(name => (asked.add(name), name === 'working-directory' ? 'app' : ''), makeWorkspace())
  return [...asked].sort()
}

/** Every output main sets, in build and in merge mode. */
function outputsSetByCode(): string[] {
  const image = { dockerfile: '', digest: '', image: '', archive: '', platforms: {}, buildx: {} }
  const build = outputsOf({
    go: { version: 'go1.24.4', goroot: '/go', source: 'path' },
    caches: [],
    version: 'v1',
    binaries: [],
    image: { ...image, filesBytes: 0, buildSeconds: 0, pushSeconds: 0 }
  })
  const merge = mergeOutputsOf({ digest: '', image: '' })
  return [...new Set([...Object.keys(build), ...Object.keys(merge)])].sort()
}

describe('action.yml', () => {
  it('runs on node24 with main and post entry points that exist in dist/', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/main.js',
      post: 'dist/post.js',
      'post-if': 'success()'
    })
    expect(() => readFileSync(action.runs.main) && readFileSync(action.runs.post)).not.toThrow()
  })

  it('declares exactly the inputs the code reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(inputsReadByCode())
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10)
  })

  it('gives the same defaults as the code, and none where an environment variable comes first', () => {
    for (const [name, value] of Object.entries(DEFAULTS)) {
      const declared = name in ENVIRONMENT_FALLBACKS ? undefined : value
      expect([name, action.inputs[name]?.default]).toEqual([name, declared])
      if (!declared) expect(action.inputs[name].description).toContain(ENVIRONMENT_FALLBACKS[name])
    }
  })

  it('declares exactly the outputs the code sets, each described', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(outputsSetByCode())
    for (const output of Object.values(action.outputs)) expect(output.description.length).toBeGreaterThan(10)
  })
})

describe('README', () => {
  it('lists every input, with action.yml defaults', () => {
    const table = readmeTable('Inputs')
    expect([...table.keys()].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, value] of Object.entries(DEFAULTS)) {
      const fallback = ENVIRONMENT_FALLBACKS[name]
      expect(table.get(name)?.[2]).toBe(fallback ? `\`$${fallback}\`, else \`${value}\`` : `\`${value}\``)
    }
  })

  it('lists every output', () => {
    expect([...readmeTable('Outputs').keys()].sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('starts with the GitHub usage, then the two commands for a fresh machine, and CI runs the test one', () => {
    const sections = readme.split('\n## ').map(section => section.split('\n')[0])
    expect(sections.slice(1, 3)).toEqual(['Usage', 'Try it on a fresh machine'])
    const usage = readme.split('\n## Usage\n')[1].split('```')[1]
    expect(usage).toMatch(/^yaml\n/)
    const commands = readme.split('\n## Try it on a fresh machine\n')[1].split('```')[1]
    expect(commands).toContain('bash scripts/example.sh')
    expect(commands).toContain('bash scripts/test.sh')
    expect(readFileSync('.ci/run', 'utf8')).toContain('bash scripts/test.sh')
  })
})
