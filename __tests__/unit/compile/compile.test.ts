// One platform failing stops the others: compileAll with a stand-in `go` that fails for arm64 and
// hangs for every other platform. No process of the stand-in may survive.
import { describe, expect, it, jest } from '@jest/globals'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../../__fixtures__/core.js'
import { compileRequest } from '../../helpers/requests.js'
import { processesWithEnv } from '../../helpers/processes.js'

jest.unstable_mockModule('@actions/core', () => core)
const { batchable, compileAll, compiledLine, failedPackages } =
  await import('../../../src/compile/compile.js')
const { compileJobs } = await import('../../../src/compile/plan.js')
const { GO_ERROR } = await import('../../../src/compile/matcher.js')

describe('compileAll', () => {
  it('stops the other builds when one platform fails, and reports that one with Go’s words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-go-'))
    const go = join(dir, 'go')
    writeFileSync(
      go,
      '#!/bin/sh\nif [ "$GOARCH" = arm64 ]; then printf "cmd/x/main.go:3:1: boom\\n::add-mask::pwned\\n" >&2; exit 1; fi\nsleep 60\n'
    )
    chmodSync(go, 0o755)
    const marker = `GO_MINI_TEST_MARKER=${process.pid}-${Date.now()}`
    process.env.GO_MINI_TEST_MARKER = marker.split('=')[1]
    const request = compileRequest(dir)
    await expect(
      compileAll(go, dir, compileJobs(request, 'dev', join(dir, 'ctx')), { sourcePrefix: 'services' })
    ).rejects.toThrow('go build for linux/arm64 failed:\ncmd/x/main.go:3:1: boom\n::add-mask::pwned')
    delete process.env.GO_MINI_TEST_MARKER
    // The hanging amd64 build (60 s) was stopped rather than waited for, with its `sleep`: nothing is left.
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(processesWithEnv(marker)).toEqual([])
    // Go's words, paths from the workspace for the problem matcher, with workflow commands off around them.
    const printed = core.info.mock.calls.map(call => String(call[0]))
    const from = printed.findIndex(line => line.startsWith('::stop-commands::'))
    const token = printed[from].slice('::stop-commands::'.length)
    expect(printed.slice(from + 1, from + 4)).toEqual([
      'services/cmd/x/main.go:3:1: boom',
      '::add-mask::pwned',
      `::${token}::`
    ])
    expect(new RegExp(GO_ERROR).test(printed[from + 1])).toBe(true)
  }, 60_000)
})

describe('compiledLine', () => {
  const binary = (name: string, size: number) => ({
    platform: 'linux/amd64',
    name,
    size,
    seconds: 2.25,
    path: `/ctx/bin/linux/amd64/${name}`,
    started: 0
  })
  it('says one binary with its time, and several of one go build with the time once', () => {
    expect(compiledLine([binary('app', 10)])).toBe('linux/amd64 app: 10 bytes in 2.3 s')
    expect(compiledLine([binary('app', 10), binary('migrate', 7)])).toBe(
      'linux/amd64: app 10 bytes, migrate 7 bytes, in one go build of 2.3 s'
    )
  })
})

describe('failedPackages', () => {
  it("names the packages Go's output heads, main packages by their pattern", () => {
    const said =
      '# example.com/app/cmd/b\ncmd/b/main.go:5:2: undefined: x\n# example.com/app/internal/y\ny.go:1:1: boom'
    const importPaths = { './cmd/a': 'example.com/app/cmd/a', './cmd/b': 'example.com/app/cmd/b' }
    expect(failedPackages(said, importPaths)).toEqual(['./cmd/b', 'example.com/app/internal/y'])
    expect(failedPackages('cmd/x/main.go:3:1: boom')).toEqual([])
  })
})

describe('batchable', () => {
  it.each([
    [{ './cmd/a': 'm/cmd/a', './cmd/b': 'm/cmd/b' }, true],
    // Go names both binaries "tool": they would overwrite each other in one folder.
    [{ '.': 'example.com/tool', './cmd/tool': 'example.com/tool/cmd/tool' }, false],
    [{ '.': 'example.com/tool/v2', './cmd/tool': 'example.com/tool/v2/cmd/tool' }, false],
    [undefined, false]
  ])('%j → %s', (importPaths, expected) => {
    const packages = importPaths ? Object.keys(importPaths) : ['./cmd/a']
    expect(batchable(importPaths, packages)).toBe(expected)
  })
})
