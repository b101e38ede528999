// The inputs action.yml declares (src/inputs/table.ts; the docs test keeps the two equal), and a check that the step was
// given no other: the runner only warns about an unknown `with:` key, so `pushh: true` would otherwise
// give a green job that pushed nothing.
import { INPUT_NAMES } from './table.js'
import { InputError } from '../errors.js'

/** Every input action.yml declares: the table's names. */
export const KNOWN_INPUTS: readonly string[] = INPUT_NAMES

/** The number of single-character edits that turn `a` into `b` (Levenshtein). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = row
  }
  return previous[b.length]
}

/** The known input closest to `name`, when one is close enough to be what was meant. */
export function closestInput(name: string): string | undefined {
  const [best] = KNOWN_INPUTS.map(known => ({ known, d: distance(name, known) })).sort((x, y) => x.d - y.d)
  return best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.known : undefined
}

/**
 * Refuses an input the action does not have, from the runner's INPUT_<NAME> variables (the name upper
 * case, spaces as "_"), naming it and the closest known one.
 */
export function refuseUnknownInputs(env: NodeJS.ProcessEnv): void {
  const known = new Set(KNOWN_INPUTS.map(name => name.toUpperCase()))
  const unknown = Object.keys(env)
    .filter(key => key.startsWith('INPUT_') && !known.has(key.slice(6)))
    .map(key => key.slice(6).toLowerCase())
  if (!unknown.length) return
  const said = unknown.map(name => {
    const closest = closestInput(name)
    return `"${name}"${closest ? ` (did you mean ${closest}?)` : ''}`
  })
  throw new InputError(
    `this action has no input ${said.join(', ')}: nothing was done. Its inputs are listed in action.yml and the README`
  )
}
