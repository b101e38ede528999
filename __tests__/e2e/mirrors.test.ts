// Go mirrors as they really are: ones that close the connection after the body (HTTP/1.0), ones
// that accept and never answer, and ones that trickle bytes.
import { describe, expect, it } from '@jest/globals'
import { runProgram } from '../../scripts/lib/program.js'
import { bench } from './helpers/bench.js'

describe('a mirror that closes the connection after the body', () => {
  it('never crashes a slow download (200 downloads, each in the crash window of nodejs/undici#5360)', async () => {
    const run = await runProgram('npx', ['tsx', '__tests__/e2e/programs/slow-download.ts', '200'])
    expect(run.output).toContain('survived 200')
    expect(run.code).toBe(0)
  }, 120_000)
})

describe('the Node the action runs with', () => {
  it('is Node 24 in these tests, as GitHub runs it (action.yml: node24)', async () => {
    const node = process.env.GO_MINI_ACTION_NODE || bench().node24
    const { output } = await runProgram(node, ['--version'])
    expect(output.trim()).toMatch(/^v24\./)
  })
})
