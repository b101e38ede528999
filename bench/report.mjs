// Turns bench/results.json into bench/RESULTS.md and bench/chart.svg. Pure but for the two writes:
// `node bench/report.mjs` re-renders them from a committed results.json.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const APPROACH_NAMES = {
  action: 'go-mini-action',
  typical: 'typical Dockerfile (QEMU)',
  cross: 'cross-compiling Dockerfile',
  floor: 'floor: go build + COPY'
}
const COLORS = { action: '#2f6fdf', typical: '#d9534f', cross: '#f0ad4e', floor: '#5cb85c' }
const TARGETS = { cold: 1.1, warm: 1.25 }
const OVERHEAD_TARGET = 700 * 1024

const median = xs => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const fmt = s => (s >= 100 ? s.toFixed(0) : s.toFixed(1))
const kib = b => `${(b / 1024).toFixed(0)} KiB`
const mib = b => `${(b / 2 ** 20).toFixed(2)} MiB`

const cellKey = (program, set, approach, condition) => `${program}|${set}|${approach}|${condition}`
/** The stats of one cell: group `g` (program and platform set), approach `a`, condition `c`. */
const cellOf = (stats, g, a, c) => stats.get(cellKey(g.program, g.set, a, c))

/** The approaches `results` ran, in `order`. */
const approachesIn = (results, order = Object.keys(APPROACH_NAMES)) =>
  order.filter(a => results.runs.some(r => r.approach === a))

/** Median, min and max wall time of each (program, set, approach, condition). */
export function summarize(results) {
  const cells = new Map()
  for (const r of results.runs) {
    const key = cellKey(r.program, r.set, r.approach, r.condition)
    if (!cells.has(key)) cells.set(key, [])
    cells.get(key).push(r)
  }
  const stats = new Map()
  for (const [key, runs] of cells) {
    const seconds = runs.map(r => r.seconds)
    stats.set(key, {
      n: runs.length,
      median: median(seconds),
      min: Math.min(...seconds),
      max: Math.max(...seconds),
      runs
    })
  }
  return stats
}

const groupsOf = results =>
  results.programs.flatMap(p =>
    Object.keys(results.platformSets)
      .filter(s => results.runs.some(r => r.program === p.name && r.set === Number(s)))
      .map(s => ({ program: p.name, set: Number(s) }))
  )

export function chartSvg(results, stats) {
  const groups = groupsOf(results)
  const approaches = approachesIn(results)
  const all = [...stats.values()].map(s => s.median)
  const [lo, hi] = [Math.max(0.5, Math.min(...all) / 1.5), Math.max(...all) * 1.5]
  const panelW = 80 + groups.length * (approaches.length * 14 + 20)
  const [h, top, bottom] = [300, 40, 250]
  const y = v => top + (bottom - top) * (1 - (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)))
  const ticks = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].filter(t => t >= lo && t <= hi)
  const out = []
  ;['cold', 'warm'].forEach((condition, panel) => {
    const x0 = panel * (panelW + 20)
    out.push(
      `<text x="${x0 + panelW / 2}" y="20" text-anchor="middle" font-weight="bold">${condition} caches</text>`
    )
    for (const t of ticks) {
      out.push(`<line x1="${x0 + 50}" x2="${x0 + panelW}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`)
      out.push(`<text x="${x0 + 45}" y="${y(t) + 4}" text-anchor="end" font-size="11">${t} s</text>`)
    }
    groups.forEach((g, i) => {
      const gx = x0 + 60 + i * (approaches.length * 14 + 20)
      approaches.forEach((a, j) => {
        const s = cellOf(stats, g, a, condition)
        if (!s) return
        const [bx, by] = [gx + j * 14, y(s.median)]
        out.push(
          `<rect x="${bx}" y="${by}" width="12" height="${bottom - by}" fill="${COLORS[a]}"><title>${APPROACH_NAMES[a]}: ${fmt(s.median)} s</title></rect>`
        )
        out.push(`<line x1="${bx + 6}" x2="${bx + 6}" y1="${y(s.max)}" y2="${y(s.min)}" stroke="#333"/>`)
      })
      out.push(
        `<text x="${gx + (approaches.length * 14) / 2}" y="${bottom + 16}" text-anchor="middle" font-size="11">${g.program}</text>`
      )
      out.push(
        `<text x="${gx + (approaches.length * 14) / 2}" y="${bottom + 30}" text-anchor="middle" font-size="11">${g.set} platform${g.set > 1 ? 's' : ''}</text>`
      )
    })
  })
  approaches.forEach((a, j) => {
    out.push(`<rect x="${60 + j * 200}" y="${h - 12}" width="12" height="12" fill="${COLORS[a]}"/>`)
    out.push(`<text x="${76 + j * 200}" y="${h - 2}" font-size="12">${APPROACH_NAMES[a]}</text>`)
  })
  const width = 2 * panelW + 20
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h + 10}" viewBox="0 0 ${width} ${h + 10}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...out,
    `<text x="${width - 5}" y="${top - 8}" text-anchor="end" font-size="11" fill="#555">wall time, median (log scale); whiskers: min–max</text>`,
    '</svg>',
    ''
  ].join('\n')
}

/** The action's stages: median seconds per stage, with the runner's own time as the rest. */
function stageRows(stats, program, set, condition) {
  const s = stats.get(cellKey(program, set, 'action', condition))
  if (!s) return undefined
  const names = [...new Set(s.runs.flatMap(r => Object.keys(r.stages)))]
  const pick = pattern =>
    median(
      s.runs.map(r =>
        Object.entries(r.stages)
          .filter(([n]) => pattern.test(n))
          .reduce((t, [, v]) => t + v, 0)
      )
    )
  const row = {
    'Go set-up': pick(/^Set up Go$/),
    'cache restore': pick(/^Restore Go caches$/),
    compile: pick(/^Build (?!the image)/),
    'image build': pick(/^Build the image$/),
    push: pick(/^Push the image$/),
    'cache save (post)': pick(/^Save Go caches \(post\)$/)
  }
  row['node, inputs, git, summary'] = Math.max(0, s.median - Object.values(row).reduce((a, b) => a + b, 0))
  return { row, names }
}

export function resultsMarkdown(results) {
  const stats = summarize(results)
  const groups = groupsOf(results)
  const approaches = approachesIn(results)
  const cell = (g, a, c) => cellOf(stats, g, a, c)
  const v = results.versions
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`sudo bash bench/run.sh\` on ${results.date.slice(0, 10)} (${results.minutes.toFixed(0)} minutes). ` +
      'Re-render from `results.json` with `node bench/report.mjs`. How it measures: [README.md](README.md).',
    '',
    `- machine: ${v.machine}; ${v.kernel}`,
    `- Docker ${v.docker}; ${v.buildx}; ${v.go}; ${v.qemu}; Node ${v.node}`,
    `- go-mini-action at ${v.action}`,
    `- repetitions: ${results.options.reps} (the typical Dockerfile, whose emulated builds take minutes: ${results.options.emulatedReps}), interleaved`,
    '',
    "| program | own Go lines | dependencies' Go lines |",
    '| --- | --- | --- |',
    ...results.programs.map(p => `| ${p.name} (\`${p.main}\`) | ${p.ownLines} | ${p.dependencyLines} |`),
    '',
    '![wall time per approach and platform count](chart.svg)',
    '',
    '## Wall time',
    '',
    'Median seconds (min–max) from the start of the build to the pushed index; for the action, its main and post steps.',
    ''
  ]
  for (const condition of ['cold', 'warm']) {
    lines.push(
      `### ${condition}`,
      '',
      `| program | platforms | ${approaches.map(a => APPROACH_NAMES[a]).join(' | ')} | action / floor |`
    )
    lines.push(`| --- | --- | ${approaches.map(() => '---').join(' | ')} | --- |`)
    for (const g of groups) {
      const cells = approaches.map(a => {
        const s = cell(g, a, condition)
        return s ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : '–'
      })
      const [action, floor] = [cell(g, 'action', condition), cell(g, 'floor', condition)]
      lines.push(
        `| ${g.program} | ${g.set} | ${cells.join(' | ')} | ${action && floor ? (action.median / floor.median).toFixed(2) : '–'} |`
      )
    }
    if (condition === 'warm' && approaches.includes('typical'))
      lines.push(
        '',
        'The typical Dockerfile warm is measured for one platform only: it redoes all of its emulated compiling.'
      )
    lines.push('')
  }

  lines.push(
    '## Where the action spends its time',
    '',
    'Median seconds per stage, from the job summary the action writes (main) and its post step.',
    ''
  )
  const stageNames = [
    'Go set-up',
    'cache restore',
    'compile',
    'image build',
    'push',
    'cache save (post)',
    'node, inputs, git, summary'
  ]
  lines.push(
    `| program | platforms | caches | ${stageNames.join(' | ')} | total |`,
    `| --- | --- | --- | ${stageNames.map(() => '---').join(' | ')} | --- |`
  )
  for (const g of groups)
    for (const condition of ['cold', 'warm']) {
      const rows = stageRows(stats, g.program, g.set, condition)
      if (rows)
        lines.push(
          `| ${g.program} | ${g.set} | ${condition} | ${stageNames.map(n => fmt(rows.row[n])).join(' | ')} | ${fmt(cell(g, 'action', condition).median)} |`
        )
    }
  lines.push('')

  lines.push(
    '## Images',
    '',
    'linux/arm64 image of each approach (cold run 1): layers, bytes a pull transfers (compressed), bytes unpacked, and the unpacked bytes over the binary.',
    ''
  )
  lines.push(
    '| program | approach | layers | compressed | unpacked | binary | unpacked − binary |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  )
  for (const p of results.programs)
    for (const a of approaches) {
      const run = results.runs.find(
        r => r.program === p.name && r.approach === a && r.images?.['linux/arm64']
      )
      if (!run) continue
      const img = run.images['linux/arm64']
      const binary =
        run.binaries?.['linux/arm64'] ??
        results.runs.find(r => r.program === p.name && r.binaries?.['linux/arm64'])?.binaries['linux/arm64']
      lines.push(
        `| ${p.name} | ${APPROACH_NAMES[a]} | ${img.layers} | ${mib(img.compressed)} | ${mib(img.unpacked)} | ${binary ? mib(binary) : '–'} | ${binary ? kib(img.unpacked - binary) : '–'} |`
      )
    }
  lines.push('')

  lines.push('## Targets', '')
  for (const t of targets(results, stats, groups))
    lines.push(`- ${t.holds ? '✅ holds' : '❌ misses'}: ${t.text}`)
  lines.push('')
  return lines.join('\n')
}

/** Each target of the benchmark, with whether it holds and the numbers behind it. */
export function targets(results, stats, groups) {
  const out = []
  const cell = (g, a, c) => cellOf(stats, g, a, c)
  for (const condition of ['cold', 'warm']) {
    const ratios = groups
      .map(g => ({ g, a: cell(g, 'action', condition), f: cell(g, 'floor', condition) }))
      .filter(x => x.a && x.f)
      .map(x => ({ ...x, ratio: x.a.median / x.f.median }))
    if (!ratios.length) continue
    const misses = ratios.filter(x => x.ratio > TARGETS[condition])
    out.push({
      holds: misses.length === 0,
      text:
        `action / floor ≤ ${TARGETS[condition]} ${condition}: ${ratios.map(x => `${x.g.program}×${x.g.set} ${x.ratio.toFixed(2)}`).join(', ')}.` +
        misses
          .map(x => {
            const rows = stageRows(stats, x.g.program, x.g.set, condition).row
            const extra = ['Go set-up', 'cache restore', 'cache save (post)', 'node, inputs, git, summary']
              .filter(n => rows[n] >= 0.05)
              .map(n => `${n} ${fmt(rows[n])} s`)
              .join(', ')
            return ` ${x.g.program}×${x.g.set}: ${fmt(x.a.median - x.f.median)} s over the floor; outside compiling and imaging the action spent ${extra}.`
          })
          .join('')
    })
  }
  for (const condition of ['cold', 'warm']) {
    const pairs = groups
      .filter(
        g => results.platformSets[g.set].length === 1 && results.platformSets[g.set][0] === 'linux/arm64'
      )
      .map(g => ({
        g,
        a: cell(g, 'action', condition),
        t: cell(g, 'typical', condition),
        f: cell(g, 'floor', condition)
      }))
      .filter(x => x.a && x.t)
    if (pairs.length)
      out.push({
        holds: pairs.every(x => x.t.median / x.a.median >= 10),
        text: `≥ 10× faster than the typical Dockerfile for linux/arm64, ${condition}: ${pairs.map(x => `${x.g.program} ${(x.t.median / x.a.median).toFixed(1)}× (${fmt(x.t.median)} s vs ${fmt(x.a.median)} s${x.f ? `; the floor is ${(x.t.median / x.f.median).toFixed(1)}× faster` : ''})`).join(', ')}.`
      })
  }
  const vsCross = groups
    .flatMap(g => ['cold', 'warm'].map(c => ({ g, c, a: cell(g, 'action', c), x: cell(g, 'cross', c) })))
    .filter(p => p.a && p.x)
  if (vsCross.length)
    out.push({
      holds: vsCross.every(p => p.a.median < p.x.median),
      text: `faster than the cross-compiling Dockerfile: ${vsCross.map(p => `${p.g.program}×${p.g.set} ${p.c} ${(p.x.median / p.a.median).toFixed(2)}×`).join(', ')}.`
    })
  const sizes = results.runs.filter(r => r.approach === 'action' && r.images)
  if (sizes.length) {
    const over = sizes.flatMap(r =>
      Object.entries(r.images).map(([p, img]) => ({
        program: r.program,
        p,
        over: img.unpacked - r.binaries[p]
      }))
    )
    const worst = over.reduce((a, b) => (b.over > a.over ? b : a))
    out.push({
      holds: over.every(o => o.over <= OVERHEAD_TARGET),
      text: `image ≤ binary + 700 KiB (unpacked): at most binary + ${kib(worst.over)} (${worst.program}, ${worst.p}); the rest is the CA bundle, Go's zoneinfo.zip and /etc/passwd, /etc/group.`
    })
  }
  return out
}

/** The table the project README quotes: median seconds, cold / warm, per approach. */
export function readmeTable(results) {
  const stats = summarize(results)
  const approaches = approachesIn(results, ['action', 'floor', 'cross', 'typical'])
  const cell = (g, a) =>
    ['cold', 'warm']
      .map(c => cellOf(stats, g, a, c))
      .map(s => (s ? fmt(s.median) : '–'))
      .join(' / ')
  return [
    `| program | platforms | ${approaches.map(a => `${APPROACH_NAMES[a]}, cold / warm`).join(' | ')} |`,
    `| --- | --- | ${approaches.map(() => '---').join(' | ')} |`,
    ...groupsOf(results).map(
      g =>
        `| ${g.program} | ${results.platformSets[g.set].map(p => p.replace(/^linux\//, '')).join(', ')} | ${approaches.map(a => cell(g, a)).join(' | ')} |`
    )
  ].join('\n')
}

export const README_MARKERS = [
  '<!-- bench-table: written by bench/report.mjs -->',
  '<!-- end bench-table -->'
]

/** `readme` with the text between README_MARKERS replaced by the table of `results`. */
export function withReadmeTable(readme, results) {
  const [start, end] = README_MARKERS
  const [i, j] = [readme.indexOf(start), readme.indexOf(end)]
  if (i < 0 || j < i) throw new Error(`the README has no ${start} … ${end} block`)
  return `${readme.slice(0, i + start.length)}\n\n${readmeTable(results)}\n\n${readme.slice(j)}`
}

export function writeReport(results, dir) {
  writeFileSync(join(dir, 'RESULTS.md'), resultsMarkdown(results))
  writeFileSync(join(dir, 'chart.svg'), chartSvg(results, summarize(results)))
  const readme = join(dir, '..', 'README.md')
  writeFileSync(readme, withReadmeTable(readFileSync(readme, 'utf8'), results))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = dirname(fileURLToPath(import.meta.url))
  writeReport(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')), dir)
}
