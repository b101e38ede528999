// docker/actions-toolkit's own getInputList cases (__fixtures__/peer-cases/, copied from the peers'), each run
// through the action input build-push-action reads with the same options: tags and platforms with the
// defaults, labels and annotations with ignoreComma; cmd is written the way build-push-action writes
// lists. The value comes as INPUT_<NAME> through @actions/core's getInput, as on a runner.
import { describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import { readFileSync } from 'node:fs'
import { inputList } from '../../../src/inputs/parse.js'

interface PeerCase {
  id: string
  input: { input: string; value: string }
  expected: string[]
}

const { cases } = JSON.parse(readFileSync('__fixtures__/peer-cases/actions-toolkit.json', 'utf8')) as {
  cases: PeerCase[]
}
const IGNORE_COMMA = new Set(['labels', 'annotations'])

describe("actions-toolkit's getInputList cases", () => {
  it('are all here (23)', () => {
    expect(cases).toHaveLength(23)
  })

  it.each(cases.map(c => [c.id, c] as const))('%s', (_id, { input, expected }) => {
    const name = `INPUT_${input.input.toUpperCase()}`
    process.env[name] = input.value
    try {
      expect(
        inputList(input.input, core.getInput(input.input), { ignoreComma: IGNORE_COMMA.has(input.input) })
      ).toEqual(expected)
    } finally {
      delete process.env[name]
    }
  })
})
