// Programs' output is theirs: streamed to the log with workflow commands off around it.
import { describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { briefly, checked, run } = await import('../../src/exec.js')

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

describe('the [command] line', () => {
  it('shows the arguments on one line, where no workflow command starts (a label from the event payload)', async () => {
    core.info.mockClear()
    await run('true', ['--label', 'org.opencontainers.image.description=x ##[error]planted\n::warning::y'])
    const echoed = core.info.mock.calls
      .map(([line]) => String(line))
      .filter(line => line.startsWith('[command]'))
    expect(echoed).toHaveLength(1)
    expect(echoed[0]).not.toMatch(/##\[|\n|::warning::/)
    expect(echoed[0]).toContain('org.opencontainers.image.description=x # #[error]planted')
  })
})

describe('checked', () => {
  const failed = (stderr: string) => ({ code: 1, stdout: '', stderr })
  const buildx = [
    '#1 [internal] load build definition from Dockerfile',
    '#1 transferring dockerfile: 612B done',
    '#9 ERROR: failed to push 127.0.0.1:5000/x: unexpected status 401',
    '------',
    'ERROR: failed to solve: failed to push: unexpected status 401 Unauthorized'
  ].join('\n')

  it('keeps all of a program’s words when the log has not shown them', () => {
    expect(() => checked('docker buildx build', failed(buildx))).toThrow(`failed (exit code 1):\n${buildx}`)
  })

  it('keeps only the ERROR lines of streamed output, pointing at the log for the rest', () => {
    expect(() => checked('docker buildx build', failed(buildx), true)).toThrow(
      new Error(
        'docker buildx build failed (exit code 1):\n' +
          '#9 ERROR: failed to push 127.0.0.1:5000/x: unexpected status 401\n' +
          'ERROR: failed to solve: failed to push: unexpected status 401 Unauthorized\n' +
          '(the whole output is in the log above)'
      )
    )
  })

  it('keeps the last five lines of streamed output without ERROR lines', () => {
    const said = ['1', '2', '3', '4', '5', '6', '7'].join('\n')
    expect(briefly(said)).toBe('3\n4\n5\n6\n7')
  })
})
