// The README's workflows as the e2e tests run them: a yaml block of a section, and the action's step.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

export interface Step {
  uses?: string
  with?: Record<string, string>
}

/** The yaml block that follows `marker` in the README (a section's heading or a paragraph's start). */
export function readmeYaml<T>(marker: string): T {
  const section = readFileSync('README.md', 'utf8').split(marker)[1]
  if (!section) throw new Error(`README.md has no ${marker}`)
  return parse(section.split('```yaml\n')[1].split('```')[0]) as T
}

/** The `with:` of this action's step. */
export const actionWith = (steps: Step[]) =>
  steps.find(s => s.uses?.startsWith('acme/go-mini-action'))?.with as Record<string, string>
