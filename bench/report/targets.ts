// The benchmark's targets, each with whether it holds and the numbers behind it.
import { type BenchResults, type Condition, CONDITIONS, type Group, type Stats } from './schema.js'
import { buildEntrySizes, cellOf, floorStageRow, fmt, kib, median, type StageRow, stageRow } from './stats.js'

/** action / floor per condition: warm is a runner that keeps its folders (the action's, the floor's). */
const TARGETS: Partial<Record<Condition, number>> = {
  cold: 1.1,
  warm: 1.3,
  'hosted-cold': 1.1,
  'hosted-next': 1.3
}

/** Several mains (blobd3: three) take at most this much longer than one (blobd), cold. */
const THREE_MAINS_TARGET = 1.3

const OVERHEAD_TARGET = 700 * 1024

export interface Target {
  holds: boolean
  text: string
}

/**
 * Where a cell's time over the floor went, stage against stage: the compile against the floor's go build,
 * the image build and push against its COPY-only build, the restore and save against its own, then what
 * the floor has no stage for.
 */
function overFloor(stats: Stats, g: Group, condition: Condition): string {
  const a = stageRow(stats, g, condition) as StageRow
  const f = floorStageRow(stats, g, condition)
  const pairs: [string, number, number][] = [
    ['cache restore', a['cache restore'], f.restore],
    ['compile', a.compile, f.build],
    ['image build and push', a['image build'] + a.push, f.image],
    ['cache save (post)', a['cache save (post)'], f.save]
  ]
  const against = pairs
    .filter(([, mine, floor]) => Math.abs(mine - floor) >= 0.05)
    .map(([name, mine, floor]) => `${name} ${fmt(mine)} s vs ${fmt(floor)} s`)
  const only = (['Go set-up', 'node, inputs, git, summary'] as const)
    .filter(n => a[n] >= 0.05)
    .map(n => `${n} ${fmt(a[n])} s`)
  return [...against, ...only].join(', ')
}

/** action / floor within TARGETS per condition; a miss says, stage by stage, where the time went. */
function floorTargets(stats: Stats, groups: Group[]): Target[] {
  const out: Target[] = []
  for (const [condition, limit] of Object.entries(TARGETS) as [Condition, number][]) {
    const ratios = groups.flatMap(g => {
      const [a, f] = [cellOf(stats, g, 'action', condition), cellOf(stats, g, 'floor', condition)]
      return a && f ? [{ g, a, f, ratio: a.median / f.median }] : []
    })
    if (!ratios.length) continue
    const misses = ratios.filter(x => x.ratio > limit)
    const explained = misses.map(
      x =>
        ` ${x.g.program}×${x.g.set}: ${fmt(x.a.median - x.f.median)} s over the floor (the action's stage vs the floor's): ${overFloor(stats, x.g, condition)}.`
    )
    out.push({
      holds: misses.length === 0,
      text:
        `action / floor ≤ ${limit} ${condition}: ${ratios.map(x => `${x.g.program}×${x.g.set} ${x.ratio.toFixed(2)}`).join(', ')}.` +
        explained.join('')
    })
  }
  return out
}

/** At least 10× faster than the typical (QEMU) Dockerfile for linux/arm64 alone. */
function typicalTargets(results: BenchResults, stats: Stats, groups: Group[]): Target[] {
  const arm64Only = groups.filter(g => results.platformSets[g.set].join() === 'linux/arm64')
  return CONDITIONS.flatMap(condition => {
    const pairs = arm64Only.flatMap(g => {
      const [a, t] = [cellOf(stats, g, 'action', condition), cellOf(stats, g, 'typical', condition)]
      return a && t ? [{ g, a, t, f: cellOf(stats, g, 'floor', condition) }] : []
    })
    if (!pairs.length) return []
    const text = pairs
      .map(
        x =>
          `${x.g.program} ${(x.t.median / x.a.median).toFixed(1)}× (${fmt(x.t.median)} s vs ${fmt(x.a.median)} s${x.f ? `; the floor is ${(x.t.median / x.f.median).toFixed(1)}× faster` : ''})`
      )
      .join(', ')
    return [
      {
        holds: pairs.every(x => x.t.median / x.a.median >= 10),
        text: `≥ 10× faster than the typical Dockerfile for linux/arm64, ${condition}: ${text}.`
      }
    ]
  })
}

function crossTargets(stats: Stats, groups: Group[]): Target[] {
  const pairs = groups.flatMap(g =>
    CONDITIONS.flatMap(c => {
      const [a, x] = [cellOf(stats, g, 'action', c), cellOf(stats, g, 'cross', c)]
      return a && x ? [{ g, c, a, x }] : []
    })
  )
  if (!pairs.length) return []
  return [
    {
      holds: pairs.every(p => p.a.median < p.x.median),
      text: `faster than the cross-compiling Dockerfile: ${pairs.map(p => `${p.g.program}×${p.g.set} ${p.c} ${(p.x.median / p.a.median).toFixed(2)}×`).join(', ')}.`
    }
  ]
}

/** The hosted targets: next commit ≥ 3× faster than cross, and uploads ≤ 15% of a cold run's. */
function hostedTargets(stats: Stats, groups: Group[]): Target[] {
  const next = groups.flatMap(g => {
    const [a, x] = [cellOf(stats, g, 'action', 'hosted-next'), cellOf(stats, g, 'cross', 'hosted-next')]
    return a && x ? [{ g, ratio: x.median / a.median }] : []
  })
  const uploads = groups.flatMap(g => {
    const bytes = (c: Condition) =>
      median((cellOf(stats, g, 'action', c)?.runs ?? []).map(r => r.uploadedBytes ?? 0))
    const cold = bytes('hosted-cold')
    return cellOf(stats, g, 'action', 'hosted-next') && cold
      ? [{ g, share: bytes('hosted-next') / cold, next: bytes('hosted-next'), cold }]
      : []
  })
  const out: Target[] = []
  if (next.length)
    out.push({
      holds: next.every(x => x.ratio >= 3),
      text: `next commit ≥ 3× faster than the cross-compiling Dockerfile with its exported cache: ${next.map(x => `${x.g.program}×${x.g.set} ${x.ratio.toFixed(2)}×`).join(', ')}.`
    })
  if (uploads.length)
    out.push({
      holds: uploads.every(x => x.share <= 0.15),
      text: `bytes uploaded to the Actions cache by a next commit ≤ 15% of a cold run's: ${uploads.map(x => `${x.g.program}×${x.g.set} ${kib(x.next)} of ${kib(x.cold)} (${(100 * x.share).toFixed(0)}%)`).join(', ')}.`
    })
  return out
}

/** blobd3's three mains ≤ THREE_MAINS_TARGET × blobd's one, cold, on the same platforms, each scenario. */
function threeMainsTargets(stats: Stats, groups: Group[]): Target[] {
  return (['cold', 'hosted-cold'] as const).flatMap(condition => {
    const pairs = groups.flatMap(g => {
      if (g.program !== 'blobd3') return []
      const [three, one] = [
        cellOf(stats, g, 'action', condition),
        cellOf(stats, { program: 'blobd', set: g.set }, 'action', condition)
      ]
      return three && one ? [{ g, ratio: three.median / one.median, three, one }] : []
    })
    if (!pairs.length) return []
    const text = pairs
      .map(x => `×${x.g.set} ${x.ratio.toFixed(2)} (${fmt(x.three.median)} s vs ${fmt(x.one.median)} s)`)
      .join(', ')
    return [
      {
        holds: pairs.every(x => x.ratio <= THREE_MAINS_TARGET),
        text: `three mains (blobd3) ≤ ${THREE_MAINS_TARGET}× one (blobd), ${condition}: ${text}.`
      }
    ]
  })
}

function growthTargets(results: BenchResults): Target[] {
  const sizes = buildEntrySizes(results.growth ?? [])
  if (sizes.length < 1) return []
  const [first, last] = [sizes[0], sizes[sizes.length - 1]]
  return [
    {
      holds: last <= 1.2 * first,
      text: `the build-cache entry after 20 commits and 3 dependency bumps ≤ 1.2× the first: ${kib(last)} vs ${kib(first)} (${(last / first).toFixed(2)}×).`
    }
  ]
}

function sizeTargets(results: BenchResults): Target[] {
  const over = results.runs
    .filter(r => r.approach === 'action' && r.images)
    .flatMap(r =>
      Object.entries(r.images ?? {}).map(([p, img]) => ({
        program: r.program,
        p,
        over: img.unpacked - (r.binaries?.[p] ?? 0)
      }))
    )
  if (!over.length) return []
  const worst = over.reduce((a, b) => (b.over > a.over ? b : a))
  return [
    {
      holds: over.every(o => o.over <= OVERHEAD_TARGET),
      text: `image ≤ binary + 700 KiB (unpacked): at most binary + ${kib(worst.over)} (${worst.program}, ${worst.p}); the rest is the CA bundle, Go's zoneinfo.zip and /etc/passwd, /etc/group.`
    }
  ]
}

/** Each target of the benchmark, with whether it holds and the numbers behind it. */
export function targets(results: BenchResults, stats: Stats, groups: Group[]): Target[] {
  return [
    ...floorTargets(stats, groups),
    ...typicalTargets(results, stats, groups),
    ...crossTargets(stats, groups),
    ...hostedTargets(stats, groups),
    ...threeMainsTargets(stats, groups),
    ...growthTargets(results),
    ...sizeTargets(results)
  ]
}
