// Nothing runs before the inputs are checked: main() with @actions/core and the process runner stubbed
// at the module boundary.
import { beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import type * as actionsCore from '@actions/core'
import * as core from '../../__fixtures__/core.js'
import type * as exec from '../../src/exec.js'
import { makeWorkspace } from '../helpers/workspace.js'

const inputs = new Map<string, string>()
const getInput = jest.fn<typeof actionsCore.getInput>(name => inputs.get(name) ?? '')
const run = jest.fn<typeof exec.run>(async () => ({ code: 0, stdout: '', stderr: '' }))
const runChecked = jest.fn<typeof exec.runChecked>(async () => '')
jest.unstable_mockModule('@actions/core', () => ({ ...core, getInput }))
const checked = jest.fn<typeof exec.checked>()
const printUntrusted = jest.fn<typeof exec.printUntrusted>()
const commandsOff = jest.fn<typeof exec.commandsOff>(() => () => undefined)
jest.unstable_mockModule('../../src/exec.js', () => ({
  run,
  runChecked,
  checked,
  printUntrusted,
  commandsOff
}))
const { main } = await import('../../src/main.js')
const { InputError } = await import('../../src/errors.js')

let workspace: string
beforeAll(() => {
  workspace = makeWorkspace()
  process.env.GITHUB_WORKSPACE = workspace
})
beforeEach(() => {
  inputs.clear()
  jest.clearAllMocks()
})

const base = { 'working-directory': 'app', main: './cmd/server' }

// Every rejected input has its case in inputs.test.ts; here, once, that main() starts nothing before.
describe('main() with bad input', () => {
  it("fails with the input reader's message before any program runs", async () => {
    for (const [k, v] of Object.entries({ ...base, tags: 'ghcr.io/acme/$(id):1', push: 'true' }))
      inputs.set(k, v)
    const refused = main()
    await expect(refused).rejects.toThrow('tags: "ghcr.io/acme/$(id):1" is not a valid image reference')
    await expect(refused).rejects.toBeInstanceOf(InputError)
    expect(run).not.toHaveBeenCalled()
    expect(runChecked).not.toHaveBeenCalled()
  })
})

describe('main() for a matrix leg that could not hand its digest over', () => {
  it("fails before any work when the run's artifacts cannot be reached", async () => {
    for (const [k, v] of Object.entries({ ...base, tags: 'r/app:1', 'push-by-digest': 'true' }))
      inputs.set(k, v)
    const saved = { ...process.env }
    process.env.GITHUB_RUN_ID = '7'
    delete process.env.ACTIONS_RESULTS_URL
    delete process.env.ACTIONS_RUNTIME_TOKEN
    try {
      await expect(main()).rejects.toThrow(
        "hand digests over through the workflow run's artifacts, which this job cannot reach"
      )
    } finally {
      process.env = saved
    }
    expect(run).not.toHaveBeenCalled()
    expect(runChecked).not.toHaveBeenCalled()
  })
})
