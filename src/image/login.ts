// Registry credentials given as inputs: logged in with `docker login --password-stdin` (never in a
// command line) into a docker config of this step's own, seeded with a copy of the current one so that
// a prior docker/login-action and docker/setup-buildx-action still count. Removed when main ends.
import * as core from '@actions/core'
import { cp, mkdtemp, rm, stat } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from '../exec.js'

export interface Credentials {
  registry: string
  username: string
  password: string
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false
  )

/** Logs in; returns the removal of the private config. DOCKER_CONFIG and REGISTRY_AUTH_FILE point at it meanwhile. */
export async function login(credentials: Credentials): Promise<() => Promise<void>> {
  const current = process.env.DOCKER_CONFIG || join(homedir(), '.docker')
  const dir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'go-mini-action-docker-'))
  const remove = async () => {
    await rm(dir, { recursive: true, force: true })
  }
  for (const entry of ['config.json', 'buildx']) {
    if (await exists(join(current, entry)))
      await cp(join(current, entry), join(dir, entry), { recursive: true })
  }
  const args = [
    '--config',
    dir,
    'login',
    '--username',
    credentials.username,
    '--password-stdin',
    credentials.registry
  ]
  const said = await run('docker', args, { input: credentials.password }).catch((error: Error) => ({
    code: 1,
    stdout: '',
    stderr: error.message
  }))
  if (said.code !== 0) {
    await remove()
    throw new Error(
      `logging in to ${credentials.registry} as ${credentials.username} failed: ${(said.stderr + said.stdout).trim()}`
    )
  }
  process.env.DOCKER_CONFIG = dir
  process.env.REGISTRY_AUTH_FILE = join(dir, 'config.json')
  core.info(`Logged in to ${credentials.registry} (credentials kept in ${dir} until this step ends)`)
  return remove
}
