export interface ActionRun {
  exitCode: number
  postExitCode?: number
  outputs: Record<string, string>
  /** What main exported for later steps (GITHUB_ENV). */
  exported: Record<string, string>
  /** What main put in front of PATH (GITHUB_PATH), as it ends up ordered there. */
  addedPaths: string[]
  log: string
  postLog?: string
  summary: string
  /** What the post step wrote to its own job summary. */
  postSummary?: string
}
export function parseFileCommand(text: string): Record<string, string>
export function runAction(options: {
  inputs?: Record<string, string>
  env?: Record<string, string>
  runnerDir?: string
  post?: boolean
  /** Copy the action's log to stderr as it runs (the CLI does; tests keep it in the result). */
  echo?: boolean
  /** Send `signal` to the main step once its log contains `logContains` (cancellation tests). */
  signalWhen?: { logContains: string; signal: 'SIGINT' | 'SIGTERM' }
}): Promise<ActionRun>
