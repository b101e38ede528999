// A failure reads by whose fix it is: the inputs (change the step), a service (a re-run may do), or
// anything else (its own message says it all).
import { describe, expect, it } from '@jest/globals'
import { asError, failureOf, failureText, InputError, messageOf, ServiceError } from '../../src/errors.js'

describe('failureOf', () => {
  it('says of a refused input that the step must change, and that nothing was pushed', () => {
    const failure = failureOf(new InputError('platforms: unknown architecture "amd64 linux"'))
    expect(failure).toEqual({
      kind: 'input',
      message: 'platforms: unknown architecture "amd64 linux"',
      advice: 'Change the input named above; nothing was pushed.'
    })
  })

  it('names the failing service and that the inputs were accepted', () => {
    const failure = failureOf(new ServiceError('127.0.0.1:8090', 'cannot download …: HTTP 503'))
    expect(failure.kind).toBe('service')
    expect(failureText(failure)).toBe(
      'cannot download …: HTTP 503\n127.0.0.1:8090 failed, not the inputs; a re-run may succeed once it answers.'
    )
  })

  it('breaks "##[" in what a server or a program said, keeping its lines', () => {
    const said = 'push failed: unexpected status 401\nregistry says ##[warning]planted'
    expect(failureText(failureOf(new Error(said)))).toBe(
      'push failed: unexpected status 401\nregistry says # #[warning]planted'
    )
  })

  it('adds nothing to any other failure, thrown as an Error or not', () => {
    expect(failureText(failureOf(new Error('go build failed')))).toBe('go build failed')
    expect(failureOf('a string')).toEqual({ kind: 'other', message: 'a string', advice: '' })
  })

  it('keeps each kind an Error with its own name, for a stack and a cause', () => {
    expect(new InputError('x')).toBeInstanceOf(Error)
    expect(new ServiceError('s', 'x', { cause: 1 }).cause).toBe(1)
    expect([new InputError('x').name, new ServiceError('s', 'x').name]).toEqual([
      'InputError',
      'ServiceError'
    ])
    expect(messageOf(asError(7))).toBe('7')
  })
})
