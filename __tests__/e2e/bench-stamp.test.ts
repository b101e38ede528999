// The benchmark's "commit" (bench/stamp.ts) against a real Go toolchain: each stamp links another
// binary, as each real commit does, so that no run finds its binary's image layer already built.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stampSource } from '../../bench/stamp.js'
import { programOutput } from '../../scripts/lib/program.js'
import { bench } from './helpers/bench.js'

describe('the bench stamp', () => {
  it('links another binary for each stamp, as the bench builds it (-trimpath, -s -w, no build id)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-stamp-'))
    writeFileSync(join(dir, 'go.mod'), 'module example.com/stamp\n\ngo 1.22\n')
    writeFileSync(join(dir, 'main.go'), 'package main\n\nfunc main() {}\n')
    const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '', GOCACHE: join(dir, 'gocache') }
    const build = async (stamp: string) => {
      writeFileSync(join(dir, 'bench_stamp.go'), stampSource(stamp))
      const out = join(dir, stamp)
      const ldflags = '-ldflags=-s -w -buildid='
      await programOutput(bench().goBinary, ['build', '-trimpath', ldflags, '-o', out, '.'], {
        cwd: dir,
        env
      })
      return readFileSync(out)
    }
    const [first, second] = [await build('run-1'), await build('run-2')]
    expect(first.includes('run-1')).toBe(true)
    expect(second.equals(first)).toBe(false)
  }, 300_000)
})
