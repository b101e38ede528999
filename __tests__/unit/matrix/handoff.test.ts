import { describe, expect, it } from '@jest/globals'
import { attemptsUpTo, handoffName, parseRecord, runIds } from '../../../src/matrix/handoff.js'

describe('handoffName', () => {
  const run = { runId: '42', attempt: '2' }
  it('ends with the platform and the attempt: a re-run leg writes a name of its own', () => {
    expect(handoffName(run, ['r/app'], 'linux/arm/v7')).toMatch(
      /^go-mini-digest-[0-9a-f]{16}-linux-arm-v7-2\.json$/
    )
  })
  it('is the same for the same repositories in any order, and differs for others', () => {
    expect(handoffName(run, ['a/x', 'b/y'], 'linux/amd64')).toBe(
      handoffName(run, ['b/y', 'a/x'], 'linux/amd64')
    )
    expect(handoffName(run, ['a/x'], 'linux/amd64')).not.toBe(handoffName(run, ['b/y'], 'linux/amd64'))
  })
  it('is a valid artifact name (no ":", "/", "\\\\" or quotes)', () => {
    expect(handoffName(run, ['127.0.0.1:5000/a'], 'linux/arm/v7')).not.toMatch(/[":<>|*?\\/\\\\]/)
  })
})

describe('attemptsUpTo', () => {
  it.each([
    ['1', ['1']],
    ['3', ['3', '2', '1']],
    ['', ['1']],
    ['x', ['1']]
  ])('%j → %j', (attempt, attempts) => {
    expect(attemptsUpTo(attempt)).toEqual(attempts)
  })
})

describe('parseRecord', () => {
  const digest = `sha256:${'a'.repeat(64)}`
  it.each([
    [JSON.stringify({ platforms: ['linux/amd64'], digest, repositories: ['r/a'] }), true],
    [
      JSON.stringify({
        platforms: ['linux/amd64'],
        digest: `${digest}\n::warning::x`,
        repositories: ['r/a']
      }),
      false
    ],
    [JSON.stringify({ platforms: 'linux/amd64', digest, repositories: ['r/a'] }), false],
    [JSON.stringify({ platforms: ['linux/amd64'], digest }), false],
    ['PK\u0003\u0004 a zip', false]
  ])('%j is a record: %s', (text, valid) => {
    expect(parseRecord(text) !== undefined).toBe(valid)
  })
})

describe('runIds', () => {
  it('needs the run artifact service, and reads the attempt', () => {
    expect(() => runIds({ GITHUB_RUN_ID: '1' }, '/tmp')).toThrow("through the workflow run's artifacts")
    expect(
      runIds({ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'u', GITHUB_RUN_ATTEMPT: '3' }, '/tmp')
        .attempt
    ).toBe('3')
  })
})
