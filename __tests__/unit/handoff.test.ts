import { describe, expect, it } from '@jest/globals'
import { handoffKey, handoffPath } from '../../src/matrix/handoff.js'

describe('handoffKey', () => {
  const run = { runId: '42', attempt: '2' }
  it('ends with the attempt, so that the merge restores the newest by prefix', () => {
    const { key, prefix } = handoffKey(run, ['r/app'], 'linux/arm/v7')
    expect(key.startsWith(prefix)).toBe(true)
    expect(key.endsWith('-linux-arm-v7-2')).toBe(true)
    expect(prefix).toMatch(/^go-mini-digest-42-[0-9a-f]{16}-linux-arm-v7-$/)
  })
  it('is the same for the same repositories in any order, and differs for others', () => {
    expect(handoffKey(run, ['a/x', 'b/y'], 'linux/amd64')).toEqual(
      handoffKey(run, ['b/y', 'a/x'], 'linux/amd64')
    )
    expect(handoffKey(run, ['a/x'], 'linux/amd64').key).not.toBe(handoffKey(run, ['b/y'], 'linux/amd64').key)
  })
  it('keeps the record at a path that does not depend on the runner', () => {
    expect(handoffPath(run, 'linux/amd64')).toBe('/tmp/go-mini-action/handoff-42/linux-amd64.json')
  })
})
