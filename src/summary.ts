// The job summary: what a user looks at first. Rendered as Markdown by a pure function.
import * as core from '@actions/core'
import type { Binary } from './compile/compile.js'
import type { GoCache } from './cache/caches.js'

export interface SummaryReport {
  goVersion: string
  goSource: 'path' | 'tool-cache' | 'download'
  /** The builder and the versions a digest depends on. */
  builder: { name: string; driver: string; engine: string; store: string; buildkit: string }
  caches: (GoCache & { bytes: number })[]
  binaries: Binary[]
  image: {
    digest: string
    image: string
    archive: string
    tags: string[]
    pushed: boolean
    /** The extra files' total size (0 without any). */
    filesBytes: number
    /** platform → manifest digest and compressed size */
    platforms: Record<string, { digest: string; size: number }>
  }
  /** Wall time of each stage, in order. */
  stages: { name: string; seconds: number }[]
}

const GO_SOURCES = { path: 'found on PATH', 'tool-cache': 'from the tool cache', download: 'downloaded' }

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

function cacheResult(c: GoCache): string {
  if (!c.matchedKey) return 'miss'
  return c.matchedKey === c.key ? 'exact hit' : `restore-key hit (\`${c.matchedKey}\`)`
}

/** The engine and BuildKit: the same commit gives the same digest with the same versions of both. */
function builderLine(builder: SummaryReport['builder']): string {
  const buildkit = builder.buildkit ? `BuildKit ${builder.buildkit}` : 'BuildKit of unknown version'
  return `Docker Engine ${builder.engine || 'unknown'} (${builder.store} image store), ${buildkit}, builder \`${builder.name}\` (${builder.driver} driver).`
}

export function summaryMarkdown(report: SummaryReport): string {
  const lines = [
    '## go-mini-action',
    '',
    `Go ${report.goVersion.replace(/^go/, '')}, ${GO_SOURCES[report.goSource]}.`,
    '',
    builderLine(report.builder),
    ''
  ]
  if (report.caches.length) {
    lines.push('| cache | result | restored | key |', '| --- | --- | --- | --- |')
    for (const c of report.caches)
      lines.push(`| ${c.name} | ${cacheResult(c)} | ${formatBytes(c.bytes)} | \`${c.key}\` |`)
    lines.push('')
  }
  lines.push(
    '| platform | binary | size | compile | image | manifest |',
    '| --- | --- | --- | --- | --- | --- |'
  )
  report.binaries.forEach((b, i) => {
    const image = report.image.platforms[b.platform]
    // The image's cells on the first row of its platform.
    const first = report.binaries.findIndex(other => other.platform === b.platform) === i
    const imageCells =
      image && first ? `${formatBytes(image.size)} | \`${image.digest.slice(0, 19)}…\`` : '– | –'
    lines.push(
      `| ${b.platform} | ${b.name} | ${formatBytes(b.size)} | ${b.seconds.toFixed(1)} s | ${imageCells} |`
    )
  })
  lines.push('')
  if (report.image.filesBytes) {
    lines.push(`Extra files (input files): ${formatBytes(report.image.filesBytes)} in each image.`, '')
  }
  if (report.image.pushed) {
    lines.push(
      `Pushed index \`${report.image.digest}\`:`,
      '',
      '```sh',
      ...report.image.tags.map(t => `docker pull ${t}`),
      '```'
    )
  } else if (report.image.archive) {
    lines.push(`Wrote index \`${report.image.digest}\` to the OCI archive \`${report.image.archive}\`.`)
  } else {
    lines.push(`Loaded image \`${report.image.digest}\` into the local engine.`)
  }
  lines.push('', '| stage | time |', '| --- | --- |')
  for (const stage of report.stages) lines.push(`| ${stage.name} | ${stage.seconds.toFixed(1)} s |`)
  const total = report.stages.reduce((sum, stage) => sum + stage.seconds, 0)
  lines.push(`| **total** | **${total.toFixed(1)} s** |`)
  return `${lines.join('\n')}\n`
}

export async function writeSummary(report: SummaryReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(summaryMarkdown(report)).write()
}
