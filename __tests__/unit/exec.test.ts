// Programs' output is theirs: streamed to the log with workflow commands off around it.
import { describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/exec.js')

describe('run with stream', () => {
  it('turns workflow commands off while the program prints, and on after its last line', async () => {
    const written: string[] = []
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      written.push(String(chunk))
      return true
    })
    try {
      // The last line without its new line, as a program may end.
      await run('printf', ['::add-mask::x\\n::set-env name=A::1'], { stream: true })
    } finally {
      write.mockRestore()
    }
    const text = written.join('')
    const token = /^\n::stop-commands::([0-9a-f-]{36})\n/.exec(text)?.[1]
    expect(token).toBeDefined()
    expect(text).toBe(`\n::stop-commands::${token}\n::add-mask::x\n::set-env name=A::1\n::${token}::\n`)
  })

  it('gives the program its standard input when asked', async () => {
    await expect(run('cat', [], { input: 's3cret' })).resolves.toMatchObject({ code: 0, stdout: 's3cret' })
  })
})
