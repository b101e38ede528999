// The tooling's runProgram against a program that closes its standard input at once: writing to it
// then fails with EPIPE, which must not escape as an error (it failed e2e tests at random).
import { describe, expect, it } from '@jest/globals'
import { runProgram } from '../../../scripts/lib/program.js'

describe('runProgram', () => {
  it('resolves with the exit code when the program closes its standard input before reading it', async () => {
    // A large input cannot fit the pipe, so the write meets the closed end every time.
    const input = 'x'.repeat(4 * 1024 * 1024)
    for (let i = 0; i < 5; i++)
      expect(await runProgram('sh', ['-c', 'exec 0<&-; exit 3'], { input })).toEqual({ code: 3, output: '' })
  })
})
