// action.yml, the inputs the code reads, the outputs it sets and the README's tables must agree.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { makeWorkspace } from '../helpers/workspace.js'
import { KNOWN_INPUTS } from '../../src/inputs/known.js'
import { readConfig } from '../../src/inputs/config.js'
import { INPUTS, type InputName, type InputSpec } from '../../src/inputs/table.js'
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

/**
 * A description a user can act on: one or more sentences (a full stop at the end) that say more than
 * the name does (a word of three letters or more that the name does not hold).
 */
function describes(name: string, description: string): boolean {
  const words = description.toLowerCase().match(/[a-z]{3,}/g) ?? []
  return /\.\)?$/.test(description.trim()) && words.some(word => !name.includes(word))
}

/** The table of inputs (src/inputs/table.ts), entry by entry. */
const specs = () => Object.entries(INPUTS) as [InputName, InputSpec][]

/** Every input name readConfig asks for, on a valid configuration. */
function inputsReadByCode(): string[] {
  const asked = new Set<string>()
  readConfig(name => (asked.add(name), name === 'working-directory' ? 'app' : ''), makeWorkspace())
  return [...asked].sort()
}

/** Every output main sets, in build and in merge mode. */
function outputsSetByCode(): string[] {
  const image = {
    destination: 'registry' as const,
    dockerfile: '',
    digest: '',
    image: '',
    archive: '',
    platforms: {},
    buildx: {}
  }
  const build = outputsOf({
    go: { version: 'go1.24.4', goroot: '/go', source: 'path' },
    caches: [],
    version: 'v1',
    binaries: [],
    sboms: {},
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
    // And the list the step checks its INPUT_* variables against is the same.
    expect([...KNOWN_INPUTS].sort()).toEqual(inputsReadByCode())
    for (const [name, input] of Object.entries(action.inputs))
      expect(describes(name, input.description)).toBe(true)
  })

  it("gives every input the table's default, and none where an environment variable comes first", () => {
    for (const [name, spec] of specs()) {
      const declared = spec.environment ? undefined : spec.default
      expect([name, action.inputs[name]?.default]).toEqual([name, declared])
      expect(action.inputs[name].description).toContain(spec.environment ?? '')
    }
  })

  it('declares exactly the outputs the code sets, each described', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(outputsSetByCode())
    for (const [name, output] of Object.entries(action.outputs))
      expect(describes(name, output.description)).toBe(true)
  })
})

describe('README', () => {
  it("lists every input, with the table's defaults", () => {
    const table = readmeTable('Inputs')
    expect([...table.keys()].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, { default: value, environment }] of specs()) {
      // An input without a fixed default shows no fixed value: nothing, or in words what it comes from.
      const shown = environment ? `\`$${environment}\`, else \`${value}\`` : `\`${value}\``
      const cell = table.get(name)?.[2] ?? ''
      expect([name, value === undefined ? !/^`[^`<]*`$/.test(cell) : cell]).toEqual([
        name,
        value === undefined || shown
      ])
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

interface Step {
  uses?: string
  with?: Record<string, unknown>
}

/** Every workflow in the README's yaml blocks, parsed; each step that uses this action. */
function readmeActionSteps(): Step[] {
  const blocks = readme
    .split('```yaml\n')
    .slice(1)
    .map(block => block.split('```')[0])
  const steps: Step[] = []
  for (const block of blocks) {
    const parsed = parse(block) as { jobs?: Record<string, { steps?: Step[] }> } | Step[] | null
    const jobSteps = Array.isArray(parsed)
      ? parsed
      : Object.values(parsed?.jobs ?? {}).flatMap(job => job.steps ?? [])
    steps.push(...jobSteps.filter(step => step.uses?.startsWith('acme/go-mini-action@')))
  }
  return steps
}

describe('README examples', () => {
  it('parse, and give this action only inputs that exist', () => {
    const steps = readmeActionSteps()
    expect(steps.length).toBeGreaterThanOrEqual(4)
    for (const step of steps) {
      for (const name of Object.keys(step.with ?? {}))
        expect([name, name in action.inputs]).toEqual([name, true])
    }
  })

  it('use the current majors of the actions they pair with', () => {
    for (const old of ['setup-buildx-action@v3', 'metadata-action@v5', 'checkout@v4'])
      expect(readme).not.toContain(old)
  })
})

describe('release', () => {
  const changelog = readFileSync('CHANGELOG.md', 'utf8')
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version

  it('package.json, the newest CHANGELOG section and the README release commands name one version', () => {
    expect(/^## (\d+\.\d+\.\d+)$/m.exec(changelog)?.[1]).toBe(version)
    const versions = readme.split('\n## Versions\n')[1].split('\n## ')[0]
    expect(versions).toContain(`git tag -a v${version} -m v${version}`)
    expect(versions).toContain(`git tag -f v${version.split('.')[0]} v${version}`)
  })

  it('the CHANGELOG names only inputs that exist, where it writes `input: value`', () => {
    const named = [...changelog.matchAll(/`([a-z][a-z-]*): [^`]*`/g)].map(match => match[1])
    expect(named.filter(name => !(name in action.inputs))).toEqual([])
  })

  it('action.yml has branding for the Marketplace, and dist/ ships the bundled licences', () => {
    const branding = (parse(readFileSync('action.yml', 'utf8')) as { branding?: Record<string, string> })
      .branding
    expect(branding).toEqual({ icon: expect.any(String), color: expect.any(String) })
    const licences = readFileSync('dist/licenses.txt', 'utf8')
    for (const name of ['@actions/core', '@actions/cache', '@actions/tool-cache'])
      expect(licences).toContain(`${name} `)
    expect(licences).toMatch(/^License: MIT$/m)
  })
})
