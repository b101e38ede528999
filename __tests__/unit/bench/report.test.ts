// The benchmark's report: medians, ratios and targets from runs, without running anything.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { chartSvg } from '../../../bench/report/chart.js'
import { README_MARKERS, readmeTable, withReadmeTable } from '../../../bench/report/readme.js'
import { resultsMarkdown } from '../../../bench/report/results.js'
import type { BenchResults, BenchRun, GrowthRun } from '../../../bench/report/schema.js'
import { summarize } from '../../../bench/report/stats.js'
import { targets } from '../../../bench/report/targets.js'

const run = (
  approach: BenchRun['approach'],
  condition: BenchRun['condition'],
  seconds: number,
  over: Partial<BenchRun> = {}
): BenchRun => ({
  program: 'hello',
  set: 1,
  approach,
  condition,
  rep: 1,
  seconds,
  ...over
})

const results = (runs: BenchRun[]): BenchResults => ({
  date: '2026-11-24T00:00:00Z',
  minutes: 1,
  options: { reps: 3, emulatedReps: 1 },
  versions: {
    machine: 'm',
    kernel: 'k',
    docker: 'd',
    buildx: 'b',
    go: 'g',
    qemu: 'q',
    node: 'n',
    action: 'a'
  },
  programs: [{ name: 'hello', main: './cmd/hello', ownLines: 65, dependencyLines: 0 }],
  platformSets: { 1: ['linux/arm64'] },
  runs
})

const stages = (save: number) => ({
  'Set up Go': 0,
  'Restore Go caches': 0.3,
  'Build hello dev': 10,
  'Build the image': 0.6,
  'Push the image': 0.1,
  'Save Go caches (post)': save
})

describe('summarize', () => {
  it('takes the median, min and max of each cell', () => {
    const stats = summarize(
      results([run('floor', 'cold', 12), run('floor', 'cold', 10), run('floor', 'cold', 30)])
    )
    expect(stats.get('hello|1|floor|cold')).toMatchObject({ n: 3, median: 12, min: 10, max: 30 })
  })

  it('averages the middle two of an even count', () => {
    const stats = summarize(results([run('cross', 'warm', 1), run('cross', 'warm', 2)]))
    expect(stats.get('hello|1|cross|warm')?.median).toBe(1.5)
  })
})

describe('targets', () => {
  const check = (runs: BenchRun[]) => {
    const r = results(runs)
    return targets(r, summarize(r), [{ program: 'hello', set: 1 }])
  }

  /** Both conditions of the action and the floor, the typical Dockerfile cold, the cross one both. */
  const scenario = (actionWarm: number, typicalCold: number) => [
    run('action', 'cold', 11, { stages: stages(0.2) }),
    run('floor', 'cold', 10.5),
    run('action', 'warm', actionWarm, { stages: stages(0.4) }),
    run('floor', 'warm', 1),
    run('typical', 'cold', typicalCold),
    run('cross', 'cold', 12),
    run('cross', 'warm', 1.5)
  ]

  it.each<[string, BenchRun[], boolean[]]>([
    ['all hold', scenario(1.2, 120), [true, true, true, true]],
    ['a slow warm run and a slow emulated comparison miss', scenario(2.6, 100), [true, false, false, false]]
  ])('%s', (_name, runs, holds) => {
    expect(check(runs).map(t => t.holds)).toEqual(holds)
  })

  it("explains a miss stage by stage against the floor's", () => {
    const floorStages = { 'go build': 0.3, 'COPY-only image': 0.6 }
    const [, warm] = check([
      run('action', 'cold', 11, { stages: stages(0.2) }),
      run('floor', 'cold', 11),
      run('action', 'warm', 2.6, { stages: { ...stages(0.4), 'Build hello dev': 0.5 } }),
      run('floor', 'warm', 1, { stages: floorStages })
    ])
    expect(warm.text).toBe(
      "action / floor ≤ 1.3 warm: hello×1 2.60. hello×1: 1.6 s over the floor (the action's stage vs the floor's): cache restore 0.3 s vs 0.0 s, compile 0.5 s vs 0.3 s, image build and push 0.7 s vs 0.6 s, cache save (post) 0.4 s vs 0.0 s, node, inputs, git, summary 0.7 s."
    )
  })

  it('holds three mains to 1.3× one, cold, per platform set', () => {
    const r = {
      ...results([
        { ...run('action', 'cold', 13), program: 'blobd3', set: 2 },
        { ...run('action', 'cold', 10), program: 'blobd', set: 2 }
      ]),
      platformSets: { 2: ['linux/amd64', 'linux/arm64'] }
    }
    const groups = [
      { program: 'blobd', set: 2 },
      { program: 'blobd3', set: 2 }
    ]
    const three = targets(r, summarize(r), groups).find(t => t.text.startsWith('three mains'))
    expect(three).toEqual({
      holds: true,
      text: 'three mains (blobd3) ≤ 1.3× one (blobd), cold: ×2 1.30 (13.0 s vs 10.0 s).'
    })
  })

  it('checks the image against the binary plus 700 KiB', () => {
    const image = (unpacked: number) =>
      run('action', 'cold', 11, {
        stages: stages(0.2),
        binaries: { 'linux/arm64': 5_000_000 },
        images: { 'linux/arm64': { layers: 4, compressed: 2_000_000, unpacked } }
      })
    expect(check([image(5_000_000 + 700 * 1024)]).at(-1)?.holds).toBe(true)
    expect(check([image(5_000_000 + 700 * 1024 + 1)]).at(-1)?.holds).toBe(false)
  })
})

describe('the report', () => {
  const r = results([
    run('action', 'cold', 11, { stages: stages(0.2) }),
    run('floor', 'cold', 10),
    run('cross', 'cold', 14)
  ])

  it('has a bar per measured cell in the chart', () => {
    expect(chartSvg(r, summarize(r)).match(/<rect x="\d[^>]*><title>/g)).toHaveLength(3)
  })

  it('tables the wall times with the ratio to the floor', () => {
    expect(resultsMarkdown(r)).toContain(
      '| hello | 1 | 11.0 (11.0–11.0) | 14.0 (14.0–14.0) | 10.0 (10.0–10.0) | 1.10 |'
    )
  })
})

describe('the hosted scenario', () => {
  const hosted = results([
    run('action', 'hosted-cold', 20, { uploadedBytes: 40 * 2 ** 20 }),
    run('action', 'hosted-next', 6, { uploadedBytes: 0 }),
    run('floor', 'hosted-cold', 18),
    run('floor', 'hosted-next', 5),
    run('cross', 'hosted-cold', 40),
    run('cross', 'hosted-next', 21)
  ])
  const said = targets(hosted, summarize(hosted), [{ program: 'hello', set: 1 }]).map(t => t.text)

  it('has a section per case with the ratios and the bytes the action uploaded', () => {
    const md = resultsMarkdown(hosted)
    expect(md).toContain('## As a hosted runner sees it')
    expect(md).toContain('| hello | 1 | 6.0 | 5.0 | 21.0 | 1.20 | 3.50 | 0 KiB |')
    expect(md).toContain('| hello | 1 | 20.0 | 18.0 | 40.0 | 1.11 | 2.00 | 40960 KiB |')
  })

  it('checks next commit ≤ 1.3× the hosted floor, ≥ 3× faster than cross, uploads ≤ 15% of cold', () => {
    expect(said).toContain('action / floor ≤ 1.3 hosted-next: hello×1 1.20.')
    expect(said).toContain(
      'next commit ≥ 3× faster than the cross-compiling Dockerfile with its exported cache: hello×1 3.50×.'
    )
    expect(said).toContain(
      "bytes uploaded to the Actions cache by a next commit ≤ 15% of a cold run's: hello×1 0 KiB of 40960 KiB (0%)."
    )
  })

  it('reports the cache growth: the build entries saved, first against last', () => {
    const steps: GrowthRun[] = [
      {
        step: 'cold' as const,
        seconds: 20,
        uploadedBytes: 3072,
        cacheEntries: { 'p-mod-a': 1024, 'p-build-a': 2048 }
      },
      { step: 'next' as const, seconds: 6, uploadedBytes: 0, cacheEntries: {} },
      { step: 'bump' as const, seconds: 19, uploadedBytes: 3174, cacheEntries: { 'p-build-b': 2150 } }
    ]
    const growth: BenchResults = { ...hosted, growth: steps }
    expect(resultsMarkdown(growth)).toContain('Build-cache entries saved: 2 KiB, 2 KiB.')
    expect(targets(growth, summarize(growth), []).map(t => t.text)).toContain(
      'the build-cache entry after 20 commits and 3 dependency bumps ≤ 1.2× the first: 2 KiB vs 2 KiB (1.05×).'
    )
  })

  it('draws the hosted next commit as a third panel of the chart', () => {
    expect(chartSvg(hosted, summarize(hosted))).toContain('next commit, hosted runner')
  })
})

describe("the README's benchmark table", () => {
  const r = results([
    run('action', 'cold', 11),
    run('action', 'warm', 2.5),
    run('floor', 'cold', 10),
    run('typical', 'cold', 130)
  ])

  it('gives cold / warm medians per approach, a dash where a condition was not measured', () => {
    expect(readmeTable(r).split('\n')).toEqual([
      '| program | platforms | go-mini-action, cold / warm / hosted next | floor: go build + COPY, cold / warm / hosted next | typical Dockerfile (QEMU), cold / warm / hosted next |',
      '| --- | --- | --- | --- | --- |',
      '| hello | arm64 | 11.0 / 2.5 / – | 10.0 / – / – | 130 / – / – |'
    ])
  })

  it('replaces only the text between the markers', () => {
    const [start, end] = README_MARKERS
    expect(withReadmeTable(`intro\n${start}\nold\n${end}\nrest\n`, r)).toBe(
      `intro\n${start}\n\n${readmeTable(r)}\n\n${end}\nrest\n`
    )
    expect(() => withReadmeTable('no markers', r)).toThrow(/the README has no <!-- bench-table/)
  })

  it('in README.md is the one of the committed bench/results.json', () => {
    const readme = readFileSync('README.md', 'utf8')
    const committed = JSON.parse(readFileSync('bench/results.json', 'utf8')) as BenchResults
    expect(readme).toBe(withReadmeTable(readme, committed))
  })
})

describe('carried-over runs', () => {
  it('are named in the header with their source: count, approaches, date and commit', () => {
    const r = results([
      run('action', 'cold', 11),
      run('typical', 'cold', 130, { reusedFrom: '2026-11-24' }),
      run('cross', 'hosted-next', 21, { reusedFrom: '2026-11-28 (5410b8c)' })
    ])
    expect(resultsMarkdown(r)).toContain(
      '- carried over from earlier runs (`--reuse`), where nothing they measure has changed since: ' +
        '1 runs of typical Dockerfile (QEMU) from 2026-11-24; 1 runs of cross-compiling Dockerfile from 2026-11-28 (5410b8c).'
    )
  })
})
