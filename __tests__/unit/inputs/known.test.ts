import { describe, expect, it } from '@jest/globals'
import { closestInput, refuseUnknownInputs } from '../../../src/inputs/known.js'

describe('inputs the action does not have', () => {
  it.each([
    ['pushh', 'push'],
    ['platform', 'platforms'],
    ['go_version', 'go-version'],
    ['tag', 'tags'],
    ['dockerfile', undefined]
  ])('%s: the closest known input is %s', (name, closest) => {
    expect(closestInput(name)).toBe(closest)
  })

  it('fail before any work, naming each and the closest known one', () => {
    expect(() =>
      refuseUnknownInputs({ INPUT_PUSHH: 'true', INPUT_PLATFORM: 'linux/arm64', 'INPUT_GO-VERSION': '1.24' })
    ).toThrow(
      'this action has no input "pushh" (did you mean push?), "platform" (did you mean platforms?): nothing was done'
    )
  })

  it('pass when every INPUT_ variable is a declared input', () => {
    expect(() =>
      refuseUnknownInputs({ 'INPUT_GO-VERSION': '1.24', INPUT_PUSH: 'true', PATH: '/bin' })
    ).not.toThrow()
  })
})
