// The runner's environment, read once per step (main, post) and handed to the stages as arguments:
// besides this module only src/exec.ts touches process.env (every program inherits it). A stage that
// needs a variable takes the Runner, or the env it carries, from main.ts.
import { tmpdir } from 'node:os'

export interface Runner {
  /** Every variable, for the readers that take several (git facts, the cache service, the hand-over). */
  env: NodeJS.ProcessEnv
  /** RUNNER_TEMP, else the system's temp folder: where the action's own files go. */
  temp: string
  /** GITHUB_WORKSPACE, else the step's working directory. */
  workspace: string
  /** The step's working directory (the checkout, where git runs). */
  cwd: string
}

export function readRunner(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Runner {
  return { env, temp: env.RUNNER_TEMP || tmpdir(), workspace: env.GITHUB_WORKSPACE || cwd, cwd }
}
