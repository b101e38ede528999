// Go compile errors as file/line annotations: a problem matcher (as setup-go registers one) over the
// lines Go prints, with their paths made relative to the workspace so that the runner finds the files.
import * as core from '@actions/core'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const MATCHER_OWNER = 'go-mini-action-go'

/** file.go:line[:column]: message */
export const GO_ERROR = '^([^\\s:]+\\.go):(\\d+):(?:(\\d+):)? (.*)$'

export function matcherJson(): string {
  return JSON.stringify({
    problemMatcher: [
      { owner: MATCHER_OWNER, pattern: [{ regexp: GO_ERROR, file: 1, line: 2, column: 3, message: 4 }] }
    ]
  })
}

/** Go's output with each "file.go:line:" path put under `prefix` (working-directory, from the workspace). */
export function rebaseGoPaths(output: string, prefix: string): string[] {
  const clean = prefix.replace(/^\.\/?|\/$/g, '')
  return output.split('\n').map(line => {
    const m = new RegExp(GO_ERROR).exec(line)
    if (!m || !clean || m[1].startsWith('/')) return line
    return `${clean}/${m[1].replace(/^\.\//, '')}${line.slice(m[1].length)}`
  })
}

/** Registers the matcher for the duration of `work`; its file goes in `dir` (the build context). */
export async function withGoMatcher<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const file = join(dir, `${MATCHER_OWNER}.json`)
  await writeFile(file, matcherJson())
  core.info(`::add-matcher::${file}`)
  try {
    return await work()
  } finally {
    core.info(`::remove-matcher owner=${MATCHER_OWNER}::`)
  }
}
