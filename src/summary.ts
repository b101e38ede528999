// The job summary: what a user looks at first. Rendered as Markdown by a pure function.
import * as core from '@actions/core'
import type { Binary } from './compile/compile.js'
import type { GoCache } from './cache/caches.js'
import type { Destination } from './image/publish.js'
import { repositoriesOf } from './reference.js'
import { codeSpan, oneLine } from './untrusted.js'
import { failureText, type Failure } from './errors.js'

export interface SummaryReport {
  goVersion: string
  goSource: 'path' | 'tool-cache' | 'download'
  /** The builder and the versions a digest depends on. */
  builder: { name: string; driver: string; engine: string; store: string; buildkit: string }
  caches: GoCache[]
  /** Why no cache was used, when none was. */
  cachesUnused?: string
  binaries: Binary[]
  image: {
    digest: string
    image: string
    archive: string
    tags: string[]
    destination: Destination
    /** The extra files' total size (0 without any). */
    filesBytes: number
    /** platform → manifest digest and compressed size */
    platforms: Record<string, { digest: string; size: number }>
  }
  /** Wall time of each stage, in order, with when it started (ms since 1970). */
  stages: { name: string; seconds: number; started: number }[]
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
  if (c.refused) return 'miss (the entry found was refused)'
  if (c.ignored) return `miss (${codeSpan(c.ignored)} offered, not the exact key)`
  if (!c.matchedKey) return 'miss'
  if (c.matchedKey !== c.key) return `restore-key hit (${codeSpan(c.matchedKey)})`
  return c.onRunner ? 'exact hit, already on this runner' : 'exact hit'
}

/** A version as programs print it, with nothing Markdown or HTML could read: letters, digits, ".+-~_". */
const versionText = (version: string) => version.replace(/[^\w.+~-]/g, '')

/** The engine and BuildKit: the same commit gives the same digest with the same versions of both. */
function builderLine(builder: SummaryReport['builder']): string {
  const buildkit = builder.buildkit
    ? `BuildKit ${versionText(builder.buildkit)}`
    : 'BuildKit of unknown version'
  return `Docker Engine ${versionText(builder.engine) || 'unknown'} (${builder.store} image store), ${buildkit}, builder ${codeSpan(builder.name)} (${builder.driver} driver).`
}

export function summaryMarkdown(report: SummaryReport): string {
  const lines = [
    '## go-mini-action',
    '',
    `Go ${versionText(report.goVersion.replace(/^go/, ''))}, ${GO_SOURCES[report.goSource]}.`,
    '',
    builderLine(report.builder),
    ''
  ]
  if (report.caches.length) {
    lines.push('| cache | result | restored | key |', '| --- | --- | --- | --- |')
    for (const c of report.caches)
      lines.push(`| ${c.name} | ${cacheResult(c)} | ${formatBytes(c.bytes ?? 0)} | ${codeSpan(c.key)} |`)
    lines.push('')
  }
  if (report.cachesUnused)
    lines.push(`No Go cache was restored or saved: ${codeSpan(report.cachesUnused)}.`, '')
  lines.push(
    '| platform | binary | size | compile | image | manifest |',
    '| --- | --- | --- | --- | --- | --- |'
  )
  report.binaries.forEach((b, i) => {
    const image = report.image.platforms[b.platform]
    // The image's cells on the first row of its platform.
    const first = report.binaries.findIndex(other => other.platform === b.platform) === i
    const imageCells =
      image && first ? `${formatBytes(image.size)} | ${codeSpan(`${image.digest.slice(0, 19)}…`)}` : '– | –'
    lines.push(
      `| ${b.platform} | ${codeSpan(b.name)} | ${formatBytes(b.size)} | ${b.seconds.toFixed(1)} s | ${imageCells} |`
    )
  })
  lines.push('')
  if (report.image.filesBytes) {
    lines.push(`Extra files (input files): ${formatBytes(report.image.filesBytes)} in each image.`, '')
  }
  lines.push(...whereTheImageWent(report.image))
  lines.push('', '| stage | time |', '| --- | --- |')
  for (const stage of report.stages) lines.push(`| ${stage.name} | ${stage.seconds.toFixed(1)} s |`)
  const total = report.stages.reduce((sum, stage) => sum + stage.seconds, 0)
  lines.push(`| **total** | **${total.toFixed(1)} s** |`, '', ...timeline(report.stages, report.binaries))
  return `${lines.join('\n')}\n`
}

/** A shell block pulling each tag. */
const pullLines = (tags: string[]) => ['```sh', ...tags.map(tag => `docker pull ${tag}`), '```']

/** What became of the image: pushed under its tags, pushed by digest for the merge, written, or loaded. */
function whereTheImageWent(image: SummaryReport['image']): string[] {
  switch (image.destination) {
    case 'registry-by-digest': {
      const repositories = repositoriesOf('tags', image.tags)
      return [
        `Pushed ${codeSpan(image.digest)} by digest (no tag) to ${repositories.map(codeSpan).join(', ')}, and handed ` +
          'it over to the merge step (`mode: merge`), which tags the index of all legs.'
      ]
    }
    case 'registry':
      return [`Pushed index ${codeSpan(image.digest)}:`, '', ...pullLines(image.tags)]
    case 'oci-archive':
      return [`Wrote index ${codeSpan(image.digest)} to the OCI archive ${codeSpan(image.archive ?? '')}.`]
    case 'engine':
      return [`Loaded image ${codeSpan(image.digest)} into the local engine.`]
    case 'check':
      return ['Built the image for every platform and kept it nowhere (`archive: false`): a check.']
  }
}

/** A Mermaid task name: the characters its grammar reserves (: # ;) left out. */
const taskName = (text: string) => oneLine(text).replace(/[:#;`]/g, ' ')

/**
 * Where the time went, as a Mermaid gantt chart (GitHub renders it in job summaries): the stages in
 * order, and each platform's compile on its own row, side by side as they ran. Times in ms from the
 * first stage's start.
 */
export function timeline(stages: SummaryReport['stages'], binaries: Binary[]): string[] {
  if (!stages.length) return []
  const zero = Math.min(...stages.map(stage => stage.started))
  const task = (name: string, started: number, seconds: number) => {
    const from = Math.max(0, Math.round(started - zero))
    return `    ${taskName(name)} : ${from}, ${from + Math.max(1, Math.round(seconds * 1000))}`
  }
  return [
    '```mermaid',
    'gantt',
    '    title Where the time went',
    '    dateFormat x',
    '    axisFormat %M:%S',
    '    section Stages',
    ...stages.map(stage => task(stage.name, stage.started, stage.seconds)),
    '    section Compiles',
    ...binaries.map(b => task(`${b.platform} ${b.name}`, b.started, b.seconds)),
    '```'
  ]
}

/** Whether to write a job summary: not when DOCKER_BUILD_SUMMARY is false (build-push-action's switch). */
export function summaryWanted(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.GITHUB_STEP_SUMMARY) && env.DOCKER_BUILD_SUMMARY?.toLowerCase() !== 'false'
}

/** The merge step's summary: the index, each platform's digest, and the tags. */
export function mergeSummaryMarkdown(index: {
  digest: string
  tags: string[]
  platforms: Record<string, string>
}): string {
  return [
    '## go-mini-action: merge',
    '',
    `Created index ${codeSpan(index.digest)} from the matrix legs:`,
    '',
    '| platform | manifest |',
    '| --- | --- |',
    ...Object.entries(index.platforms).map(
      ([platform, digest]) => `| ${codeSpan(platform)} | ${codeSpan(digest)} |`
    ),
    '',
    ...pullLines(index.tags),
    ''
  ].join('\n')
}

const FAILURE_HEADINGS: Record<Failure['kind'], string> = {
  input: 'an input was refused',
  service: 'a service failed',
  other: 'failed'
}

/** A failed build's summary: what kind of failure, its message and advice as plain text, the stages so far. */
export function failureSummaryMarkdown(stages: SummaryReport['stages'], failure: Failure): string {
  return [
    `## go-mini-action: ${FAILURE_HEADINGS[failure.kind]}`,
    '',
    '```text',
    failureText(failure).replace(/```/g, '` ` `'),
    '```',
    '',
    ...(stages.length
      ? [
          '| stage so far | time |',
          '| --- | --- |',
          ...stages.map(s => `| ${s.name} | ${s.seconds.toFixed(1)} s |`)
        ]
      : ['It failed before any stage began.']),
    ''
  ].join('\n')
}

/** Adds Markdown to the job summary, unless summaries are off (`env`: the runner's). */
export async function writeSummary(markdown: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!summaryWanted(env)) return
  await core.summary.addRaw(markdown).write()
}
