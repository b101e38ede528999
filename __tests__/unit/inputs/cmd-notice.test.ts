import { describe, expect, it, jest } from '@jest/globals'
import * as core from '../../../__fixtures__/core.js'
import { makeWorkspace } from '../../helpers/workspace.js'

jest.unstable_mockModule('@actions/core', () => core)
const { readConfig } = await import('../../../src/inputs/config.js')

describe('cmd', () => {
  const read = (cmd: string) => {
    core.notice.mockClear()
    const inputs: Record<string, string> = { 'working-directory': 'app', cmd }
    readConfig(name => inputs[name] ?? '', makeWorkspace())
    return core.notice.mock.calls.map(call => call[0])
  }

  it('says when an item with a space and no quotes is one argument', () => {
    expect(read('serve --port 8080')).toEqual([
      'cmd: "serve --port 8080" is one argument (it has a space and no quotes); give each argument on its own line or between commas'
    ])
  })

  it('says nothing of a quoted item or of separate ones', () => {
    expect(read('"hello world"\nserve,--port=8080')).toEqual([])
  })
})
