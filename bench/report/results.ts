// bench/RESULTS.md: the run's header, wall times, the action's stages, the hosted scenario, the
// cache's growth, the images, and the targets.
import {
  type Approach,
  APPROACH_NAMES,
  type BenchResults,
  type BenchRun,
  type CellStats,
  CONDITIONS,
  HOSTED_CONDITIONS,
  type Stats
} from './schema.js'
import {
  approachesIn,
  buildEntrySizes,
  cellOf,
  fmt,
  groupsOf,
  kib,
  median,
  mib,
  STAGE_NAMES,
  stageRow,
  summarize
} from './stats.js'
import { targets } from './targets.js'

/** Which runs were carried over from earlier runs (--reuse), from when and which commit. */
function reusedNote(results: BenchResults): string[] {
  const reused = results.runs.filter(r => r.reusedFrom)
  if (!reused.length) return []
  const sources = [...new Set(reused.map(r => r.reusedFrom))].map(from => {
    const runs = reused.filter(r => r.reusedFrom === from)
    const approaches = [...new Set(runs.map(r => APPROACH_NAMES[r.approach]))].join(', ')
    return `${runs.length} runs of ${approaches} from ${from}`
  })
  return [
    `- carried over from earlier runs (\`--reuse\`), where nothing they measure has changed since: ${sources.join('; ')}. ` +
      "The Dockerfiles' and the floor's builds do not involve the action; carried runs of the action measured the commit named with them."
  ]
}

function headerLines(results: BenchResults): string[] {
  const v = results.versions
  return [
    '# Benchmark results',
    '',
    `Written by \`sudo bash bench/run.sh\` on ${results.date.slice(0, 10)} (${results.minutes.toFixed(0)} minutes). ` +
      'Re-render from `results.json` with `npx tsx bench/report.ts`. How it measures: [README.md](README.md).',
    '',
    `- machine: ${v.machine}; ${v.kernel}`,
    `- Docker ${v.docker}; ${v.buildx}; ${v.go}; ${v.qemu}; Node ${v.node}`,
    `- go-mini-action at ${v.action}`,
    `- repetitions: ${results.options.reps}, with ${results.options.warmRuns ?? 1} warm next commits each (the typical Dockerfile, whose emulated builds take minutes: ${results.options.emulatedReps}, with one; the hosted scenario: ${results.options.hostedReps ?? 0}, with ${results.options.hostedNextRuns ?? 1} next commits each), interleaved`,
    ...reusedNote(results),
    '',
    "| program | own Go lines | dependencies' Go lines |",
    '| --- | --- | --- |',
    ...results.programs.map(p => `| ${p.name} (\`${p.main}\`) | ${p.ownLines} | ${p.dependencyLines} |`),
    '',
    '![wall time per approach and platform count](chart.svg)',
    ''
  ]
}

function wallTimeLines(results: BenchResults, stats: Stats): string[] {
  const approaches = approachesIn(results)
  const lines = [
    '## Wall time',
    '',
    'Median seconds (min–max) from the start of the build to the pushed index; for the action, its main and post steps.',
    ''
  ]
  for (const condition of CONDITIONS) {
    lines.push(
      `### ${condition}`,
      '',
      `| program | platforms | ${approaches.map(a => APPROACH_NAMES[a]).join(' | ')} | action / floor |`,
      `| --- | --- | ${approaches.map(() => '---').join(' | ')} | --- |`
    )
    for (const g of groupsOf(results)) {
      const cells = approaches.map(a => {
        const s = cellOf(stats, g, a, condition)
        return s ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : '–'
      })
      const [action, floor] = [cellOf(stats, g, 'action', condition), cellOf(stats, g, 'floor', condition)]
      const ratio = action && floor ? (action.median / floor.median).toFixed(2) : '–'
      lines.push(`| ${g.program} | ${g.set} | ${cells.join(' | ')} | ${ratio} |`)
    }
    if (condition === 'warm' && approaches.includes('typical'))
      lines.push(
        '',
        'The typical Dockerfile warm is measured for one platform only: it redoes all of its emulated compiling.'
      )
    lines.push('')
  }
  return lines
}

function stageLines(results: BenchResults, stats: Stats): string[] {
  const lines = [
    '## Where the action spends its time',
    '',
    'Median seconds per stage, from the job summary the action writes (main) and its post step.',
    '',
    `| program | platforms | caches | ${STAGE_NAMES.join(' | ')} | total |`,
    `| --- | --- | --- | ${STAGE_NAMES.map(() => '---').join(' | ')} | --- |`
  ]
  for (const g of groupsOf(results))
    for (const condition of [...CONDITIONS, ...HOSTED_CONDITIONS]) {
      const row = stageRow(stats, g, condition)
      const total = cellOf(stats, g, 'action', condition)
      if (row && total)
        lines.push(
          `| ${g.program} | ${g.set} | ${condition} | ${STAGE_NAMES.map(n => fmt(row[n])).join(' | ')} | ${fmt(total.median)} |`
        )
    }
  lines.push('')
  return lines
}

/** The arm64 binary's size for a program: of this run, else of any run that has it. */
function arm64Binary(results: BenchResults, run: BenchRun): number | undefined {
  return (
    run.binaries?.['linux/arm64'] ??
    results.runs.find(r => r.program === run.program && r.binaries?.['linux/arm64'])?.binaries?.[
      'linux/arm64'
    ]
  )
}

function imageLines(results: BenchResults): string[] {
  const lines = [
    '## Images',
    '',
    'linux/arm64 image of each approach (cold run 1): layers, bytes a pull transfers (compressed), bytes unpacked, and the unpacked bytes over the binary.',
    '',
    '| program | approach | layers | compressed | unpacked | binary | unpacked − binary |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  ]
  for (const p of results.programs)
    for (const a of approachesIn(results)) {
      const run = results.runs.find(
        r => r.program === p.name && r.approach === a && r.images?.['linux/arm64']
      )
      const img = run?.images?.['linux/arm64']
      if (!run || !img) continue
      const binary = arm64Binary(results, run)
      lines.push(
        `| ${p.name} | ${APPROACH_NAMES[a]} | ${img.layers} | ${mib(img.compressed)} | ${mib(img.unpacked)} | ${binary ? mib(binary) : '–'} | ${binary ? kib(img.unpacked - binary) : '–'} |`
      )
    }
  lines.push('')
  return lines
}

const HOSTED_NAMES: Record<Approach, string> = {
  action: 'go-mini-action (Actions cache)',
  typical: 'typical Dockerfile',
  cross: 'cross-compiling Dockerfile (cache-to/cache-from)',
  floor: 'hosted floor: setup-go cache + go build + COPY'
}

/** The hosted scenario: per case, each approach's median, the action over the floor, the cross Dockerfile over the action. */
function hostedLines(results: BenchResults, stats: Stats): string[] {
  const approaches = approachesIn(results, ['action', 'floor', 'cross']).filter(a =>
    results.runs.some(r => r.approach === a && HOSTED_CONDITIONS.includes(r.condition))
  )
  if (!approaches.length) return []
  const lines = [
    '## As a hosted runner sees it',
    '',
    'Every run on a fresh runner: the engine pruned, images removed, Go folders empty, Go in the tool cache. ' +
      'Each approach gets back only what its documented GitHub caching gives it (see README.md). ' +
      'The typical Dockerfile has no hosted runs: with cache-from it still redoes every emulated compile, so its local runs stand for it.',
    ''
  ]
  for (const condition of HOSTED_CONDITIONS) {
    const groups = groupsOf(results).filter(g => cellOf(stats, g, 'action', condition))
    if (!groups.length) continue
    lines.push(
      `### ${condition.replace('hosted-', '')}`,
      '',
      `| program | platforms | ${approaches.map(a => HOSTED_NAMES[a]).join(' | ')} | action / floor | cross / action | action uploaded |`,
      `| --- | --- | ${approaches.map(() => '---').join(' | ')} | --- | --- | --- |`
    )
    for (const g of groups) {
      const cell = (a: Approach) => cellOf(stats, g, a, condition)
      const ratio = (x?: CellStats, y?: CellStats) => (x && y ? (x.median / y.median).toFixed(2) : '–')
      const uploaded = median((cell('action')?.runs ?? []).map(r => r.uploadedBytes ?? 0))
      lines.push(
        `| ${g.program} | ${g.set} | ${approaches.map(a => (cell(a) ? fmt((cell(a) as CellStats).median) : '–')).join(' | ')} | ` +
          `${ratio(cell('action'), cell('floor'))} | ${ratio(cell('cross'), cell('action'))} | ${kib(uploaded)} |`
      )
    }
    lines.push('')
  }
  return lines
}

function growthLines(results: BenchResults): string[] {
  const growth = results.growth ?? []
  if (!growth.length) return []
  const sizes = buildEntrySizes(growth)
  const commits = growth.filter(run => run.step === 'next')
  return [
    '## Cache growth',
    '',
    `blobd on 2 platforms, a fresh runner each time: a cold run, then ${commits.length} commits with ${growth.filter(r => r.step === 'bump').length} dependency bumps among them. ` +
      `Build-cache entries saved: ${sizes.map(kib).join(', ') || 'none'}. Bytes uploaded by the commits: ${kib(commits.reduce((sum, r) => sum + r.uploadedBytes, 0))} in all; ` +
      `median next-commit time ${fmt(median(commits.map(r => r.seconds)))} s.`,
    ''
  ]
}

export function resultsMarkdown(results: BenchResults): string {
  const stats = summarize(results)
  const targetLines = targets(results, stats, groupsOf(results)).map(
    t => `- ${t.holds ? '✅ holds' : '❌ misses'}: ${t.text}`
  )
  return [
    ...headerLines(results),
    ...wallTimeLines(results, stats),
    ...stageLines(results, stats),
    ...hostedLines(results, stats),
    ...growthLines(results),
    ...imageLines(results),
    '## Targets',
    '',
    ...targetLines,
    ''
  ].join('\n')
}
