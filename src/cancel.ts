// Cancellation as the runner does it (SIGINT, then SIGTERM): every running program is stopped through
// one shared signal, and what the step created is removed before it exits.
import * as core from '@actions/core'

const controller = new AbortController()
/** Aborted when the step is cancelled; every program run by exec.ts listens to it. */
export const cancelled: AbortSignal = controller.signal
const cleanups: (() => Promise<unknown>)[] = []

/** Runs `cleanup` if the step is cancelled. */
export function onCancel(cleanup: () => Promise<unknown>): void {
  cleanups.push(cleanup)
}

async function cancel(signal: string): Promise<void> {
  controller.abort()
  await Promise.allSettled(cleanups.map(c => c()))
  core.setFailed(`cancelled (${signal}): stopped the running programs and removed the build context`)
  process.exit(1)
}

export function handleCancellation(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cancel(signal))
  }
}
