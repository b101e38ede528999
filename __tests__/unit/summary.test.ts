import { describe, expect, it } from '@jest/globals'
import { marked } from 'marked'
import {
  failureSummaryMarkdown,
  formatBytes,
  mergeSummaryMarkdown,
  summaryMarkdown,
  summaryWanted,
  timeline,
  type SummaryReport
} from '../../src/summary.js'
import { T0, threeBinaries } from '../helpers/requests.js'
import { failureOf, InputError, ServiceError } from '../../src/errors.js'

const report: SummaryReport = {
  goVersion: 'go1.24.4',
  goSource: 'download',
  builder: { name: 'default', driver: 'docker', engine: '26.1.5', store: 'containerd', buildkit: '0.13' },
  caches: [
    {
      name: 'modules',
      path: '/m',
      key: 'p-mod-1',
      restoreKeys: ['p-mod-'],
      matchedKey: 'p-mod-1',
      save: true,
      bytes: 2_500_000
    },
    {
      name: 'build',
      path: '/b',
      key: 'p-build-t-2',
      restoreKeys: ['p-build-t-'],
      matchedKey: 'p-build-t-1',
      save: true,
      bytes: 52_000_000
    }
  ],
  binaries: threeBinaries,
  image: {
    digest: 'sha256:abc',
    image: 'r/app@sha256:abc',
    archive: '',
    tags: ['r/app:1', 'r/app:latest'],
    destination: 'registry',
    filesBytes: 12_288,
    platforms: {
      'linux/amd64': { digest: `sha256:${'1'.repeat(64)}`, size: 2_600_000 },
      'linux/arm64': { digest: `sha256:${'2'.repeat(64)}`, size: 2_400_000 }
    }
  },
  stages: [
    { name: 'Set up Go', seconds: 3.21, started: T0 },
    { name: 'Restore Go caches', seconds: 1.5, started: T0 + 3210 },
    { name: 'Build app v1', seconds: 7, started: T0 + 4710 },
    { name: 'Build and push the image', seconds: 2.04, started: T0 + 11710 }
  ]
}

describe('summaryMarkdown', () => {
  it('shows Go, caches with results and sizes, each platform, pull lines and the time of each stage', () => {
    expect(summaryMarkdown(report)).toBe(
      [
        '## go-mini-action',
        '',
        'Go 1.24.4, downloaded.',
        '',
        'Docker Engine 26.1.5 (containerd image store), BuildKit 0.13, builder `default` (docker driver).',
        '',
        '| cache | result | restored | key |',
        '| --- | --- | --- | --- |',
        '| modules | exact hit | 2.4 MiB | `p-mod-1` |',
        '| build | restore-key hit (`p-build-t-1`) | 49.6 MiB | `p-build-t-2` |',
        '',
        '| platform | binary | size | compile | image | manifest |',
        '| --- | --- | --- | --- | --- | --- |',
        '| linux/amd64 | `app` | 5.9 MiB | 6.5 s | 2.5 MiB | `sha256:111111111111…` |',
        '| linux/amd64 | `migrate` | 2.0 MiB | 3.2 s | – | – |',
        '| linux/arm64 | `app` | 5.6 MiB | 6.1 s | 2.3 MiB | `sha256:222222222222…` |',
        '',
        'Extra files (input files): 12.0 KiB in each image.',
        '',
        'Pushed index `sha256:abc`:',
        '',
        '```sh',
        'docker pull r/app:1',
        'docker pull r/app:latest',
        '```',
        '',
        '| stage | time |',
        '| --- | --- |',
        '| Set up Go | 3.2 s |',
        '| Restore Go caches | 1.5 s |',
        '| Build app v1 | 7.0 s |',
        '| Build and push the image | 2.0 s |',
        '| **total** | **13.8 s** |',
        '',
        // Then the timeline, as the timeline tests below specify it.
        ...timeline(report.stages, report.binaries),
        ''
      ].join('\n')
    )
  })

  it('renders to HTML tables with a Markdown library', async () => {
    const html = await marked.parse(summaryMarkdown(report))
    expect(html.match(/<table>/g)).toHaveLength(3)
    expect(html).toContain('<td>linux/arm64</td>')
    expect(html).toMatch(/<code[^>]*>docker pull r\/app:1\ndocker pull r\/app:latest/)
    expect(html).toContain('<strong>13.8 s</strong>')
  })

  it('leaves out the cache table when caching is off, and names the archive when not pushing', () => {
    const md = summaryMarkdown({
      ...report,
      caches: [],
      image: { ...report.image, destination: 'oci-archive', archive: '/t/image.oci.tar' }
    })
    expect(md).not.toContain('| cache |')
    expect(md).toContain('Wrote index `sha256:abc` to the OCI archive `/t/image.oci.tar`.')
  })

  it('says when the image was loaded', () => {
    expect(
      summaryMarkdown({ ...report, image: { ...report.image, destination: 'engine', archive: '' } })
    ).toContain('Loaded image `sha256:abc` into the local engine.')
  })

  it('says when the image was a check, kept nowhere', () => {
    const image = { ...report.image, destination: 'check' as const, digest: '', archive: '' }
    expect(summaryMarkdown({ ...report, image })).toContain(
      'Built the image for every platform and kept it nowhere (`archive: false`): a check.'
    )
  })
})

describe('the timeline', () => {
  it('is a Mermaid gantt block: one row per stage, one per compile, each "name : from, to" in ms', () => {
    const lines = timeline(report.stages, threeBinaries)
    expect(lines[0]).toBe('```mermaid')
    expect(lines.at(-1)).toBe('```')
    expect(lines[1]).toBe('gantt')
    // The rows' numbers are milliseconds: that is what Mermaid must be told to read.
    expect(lines).toContain('    dateFormat x')
    const rows = lines.filter(line => / : /.test(line))
    expect(rows).toHaveLength(report.stages.length + threeBinaries.length)
    for (const row of rows) {
      const [, from, to] = /^ {4}[^:#;]+ : (\d+), (\d+)$/.exec(row) ?? []
      expect(Number(to)).toBeGreaterThan(Number(from))
    }
    expect(lines.indexOf('    section Compiles')).toBeGreaterThan(lines.indexOf('    section Stages'))
  })

  it('keeps the characters Mermaid reserves out of task names', () => {
    const stages = [{ name: 'Build a:b #1; v2', seconds: 1, started: T0 }]
    expect(timeline(stages, [])).toContain('    Build a b  1  v2 : 0, 1000')
  })

  it('is left out without stages', () => {
    expect(timeline([], threeBinaries)).toEqual([])
  })
})

describe('a matrix leg and the merge', () => {
  it('a leg says it pushed by digest and handed over, with no pull lines for tags that do not exist yet', () => {
    const md = summaryMarkdown({ ...report, image: { ...report.image, destination: 'registry-by-digest' } })
    expect(md).toContain(
      'Pushed `sha256:abc` by digest (no tag) to `r/app`, and handed it over to the merge step (`mode: merge`), which tags the index of all legs.'
    )
    expect(md).not.toContain('docker pull')
    expect(md).not.toContain('Pushed index')
  })

  it('the merge shows the index, each platform → digest, and the tags', () => {
    expect(
      mergeSummaryMarkdown({
        digest: 'sha256:idx',
        tags: ['r/app:1', 'r/app:latest'],
        platforms: { 'linux/amd64': 'sha256:a', 'linux/arm64': 'sha256:b' }
      })
    ).toBe(
      [
        '## go-mini-action: merge',
        '',
        'Created index `sha256:idx` from the matrix legs:',
        '',
        '| platform | manifest |',
        '| --- | --- |',
        '| `linux/amd64` | `sha256:a` |',
        '| `linux/arm64` | `sha256:b` |',
        '',
        '```sh',
        'docker pull r/app:1',
        'docker pull r/app:latest',
        '```',
        ''
      ].join('\n')
    )
  })
})

describe('summaryWanted', () => {
  it.each([
    [{ GITHUB_STEP_SUMMARY: '/s' }, true],
    [{ GITHUB_STEP_SUMMARY: '/s', DOCKER_BUILD_SUMMARY: 'false' }, false],
    [{ GITHUB_STEP_SUMMARY: '/s', DOCKER_BUILD_SUMMARY: 'False' }, false],
    [{ GITHUB_STEP_SUMMARY: '/s', DOCKER_BUILD_SUMMARY: 'true' }, true],
    [{}, false]
  ])('%j → %s', (env, wanted) => {
    expect(summaryWanted(env)).toBe(wanted)
  })
})

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1_572_864, '1.5 MiB'],
    [3 * 1024 ** 3, '3.0 GiB']
  ])('%s → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})

describe('failureSummaryMarkdown', () => {
  it('says what failed and the stages so far', () => {
    const md = failureSummaryMarkdown(
      report.stages.slice(0, 2),
      failureOf(new Error('go build for linux/arm64 failed:\n./main.go:3: x\n```'))
    )
    expect(md.split('\n')).toEqual([
      '## go-mini-action: failed',
      '',
      '```text',
      'go build for linux/arm64 failed:',
      './main.go:3: x',
      '` ` `',
      '```',
      '',
      '| stage so far | time |',
      '| --- | --- |',
      '| Set up Go | 3.2 s |',
      '| Restore Go caches | 1.5 s |',
      ''
    ])
  })

  it.each([
    [new InputError('platforms: the list is empty'), 'an input was refused', 'Change the input named above'],
    [new ServiceError('go.dev', 'cannot download'), 'a service failed', 'go.dev failed, not the inputs']
  ])('heads %p by its kind and adds what to do', (error, heading, advice) => {
    const md = failureSummaryMarkdown([], failureOf(error))
    expect(md).toContain(`## go-mini-action: ${heading}\n`)
    expect(md).toContain(`\n${advice}`)
    expect(md).toContain('It failed before any stage began.')
  })
})

describe('a build without caches', () => {
  it('says why no cache was used', () => {
    const md = summaryMarkdown({
      ...report,
      caches: [],
      cachesUnused: 'the Actions cache service is not available to this job'
    })
    expect(md).toContain(
      'No Go cache was restored or saved: `the Actions cache service is not available to this job`.'
    )
    expect(md).not.toContain('| cache |')
  })
})
