import { describe, expect, it, jest } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { saveState, loadState } = await import('../../src/state.js')
const { post } = await import('../../src/post.js')

describe('main → post state', () => {
  it('round-trips through the runner state', () => {
    saveState({ contextDir: '/tmp/x' })
    expect(core.saveState).toHaveBeenCalledWith('go-mini-action', '{"contextDir":"/tmp/x"}')
    expect(loadState()).toEqual({ contextDir: '/tmp/x' })
  })
})

describe('post', () => {
  it('removes the build context that main recorded', async () => {
    const contextDir = mkdtempSync(join(tmpdir(), 'ctx-'))
    mkdirSync(join(contextDir, 'bin'))
    writeFileSync(join(contextDir, 'bin', 'app'), 'x')
    saveState({ contextDir })
    await post()
    expect(existsSync(contextDir)).toBe(false)
    expect(core.info).toHaveBeenCalledWith(`Removed the build context ${contextDir}`)
  })

  it('does nothing when main recorded nothing', async () => {
    core.state.clear()
    core.info.mockClear()
    await post()
    expect(core.info).not.toHaveBeenCalled()
  })
})
