// Jest's globalTeardown: removes the run's scratch directory made by scratch-setup.mjs.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'

export default function scratchTeardown() {
  const scratch = process.env.GO_MINI_TESTS_SCRATCH
  if (!scratch) return
  // Go's module cache is read-only (0555 directories): make it writable, or only root could remove it.
  spawnSync('chmod', ['-R', 'u+w', scratch], { stdio: 'ignore' })
  rmSync(scratch, { recursive: true, force: true })
  if (process.env.GO_MINI_TESTS_OUTER_TMPDIR) process.env.TMPDIR = process.env.GO_MINI_TESTS_OUTER_TMPDIR
  else delete process.env.TMPDIR
}
