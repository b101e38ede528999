// Jest's globalSetup: every temporary directory the tests make (runner homes with Go caches, tool
// caches, build contexts: hundreds of MB each) goes under one directory of this run, so that
// globalTeardown can remove it all; left in the shared temp dir, a few runs fill the disk.
import { chmodSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function scratchSetup() {
  const scratch = mkdtempSync(join(tmpdir(), 'go-mini-tests-'))
  // The runner's user (tests run the action as it, not as root) must reach its folders in here.
  chmodSync(scratch, 0o755)
  process.env.GO_MINI_TESTS_OUTER_TMPDIR = process.env.TMPDIR ?? ''
  process.env.GO_MINI_TESTS_SCRATCH = scratch
  process.env.TMPDIR = scratch // read by os.tmpdir() here and in the workers jest starts after this
}
