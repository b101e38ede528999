// Registry credentials given as inputs: logged in with `docker login --password-stdin` (never in a
// command line) into a docker config of this step's own, seeded with a copy of the current one (its
// plugins and contexts linked) so that a prior docker/login-action and docker/setup-buildx-action still
// count. The password goes into that file only, never into a credential helper the copy names (where it
// would outlive the step), and the file is removed when main ends, however it ends (a cancel during the
// login included).
import * as core from '@actions/core'
import { cp, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { onCancel } from '../cancel.js'
import { run } from '../exec.js'
import { configDir, configNames, type DockerConfig } from '../registry/docker-config.js'
import type { Runner } from '../runner.js'
import { messageOf } from '../errors.js'

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

/**
 * The config with the registry kept out of any credential helper: docker then writes the login into
 * the file itself. A credsStore still serves the other registries.
 */
export function withoutHelperFor(config: DockerConfig, registry: string): DockerConfig {
  if (!config.credsStore && !config.credHelpers) return config
  const overrides = Object.fromEntries(configNames(registry).map(name => [name, '']))
  return { ...config, credHelpers: { ...config.credHelpers, ...overrides } }
}

/**
 * The environment docker, buildx, skopeo and the action's registry requests use: the runner's, with
 * DOCKER_CONFIG and REGISTRY_AUTH_FILE naming this step's private config once logged in. Handed from the
 * login to the push check, buildx and the merge; never written into the step's own environment.
 */
export interface DockerSession {
  env: NodeJS.ProcessEnv
  /** Removes the private config (nothing without a login). */
  end: () => Promise<void>
}

/** The runner's docker config as it is: what a prior docker/login-action wrote, or none. */
export const withoutLogin = (runner: Runner): DockerSession => ({
  env: runner.env,
  end: () => Promise.resolve()
})

/**
 * Pure: how the private config takes each entry of the current one. config.json is copied (then
 * rewritten) and buildx's state copied (buildx writes into it); everything else docker reads from its
 * config folder, and would not find in a new one, is linked as it is: cli-plugins (a buildx of the
 * runner's own, as setup-buildx-action installs a `version`), contexts (the current context), TLS files.
 */
export const privateEntry = (entry: string): 'copy' | 'link' =>
  entry === 'config.json' || entry === 'buildx' ? 'copy' : 'link'

/** A private copy of the current docker config (and buildx's state), with no helper for `registry`. */
async function privateConfig(dir: string, registry: string, env: NodeJS.ProcessEnv): Promise<void> {
  const current = configDir(env)
  for (const entry of await readdir(current).catch(() => [])) {
    const [from, to] = [join(current, entry), join(dir, entry)]
    await (privateEntry(entry) === 'copy' ? cp(from, to, { recursive: true }) : symlink(from, to))
  }
  const file = join(dir, 'config.json')
  if (!(await exists(file))) return
  const config = JSON.parse(await readFile(file, 'utf8')) as DockerConfig
  await writeFile(file, JSON.stringify(withoutHelperFor(config, registry)), { mode: 0o600 })
}

/** Logs in to a private docker config; the session names it until its end removes it. */
export async function login(credentials: Credentials, runner: Runner): Promise<DockerSession> {
  const dir = await mkdtemp(join(runner.temp, 'go-mini-action-docker-'))
  const remove = async () => {
    await rm(dir, { recursive: true, force: true })
  }
  onCancel(remove)
  await privateConfig(dir, credentials.registry, runner.env)
  const args = [
    '--config',
    dir,
    'login',
    '--username',
    credentials.username,
    '--password-stdin',
    credentials.registry
  ]
  const said = await run('docker', args, { input: credentials.password }).catch((error: unknown) => ({
    code: 1,
    stdout: '',
    stderr: messageOf(error)
  }))
  if (said.code !== 0) {
    await remove()
    throw new Error(
      `logging in to ${credentials.registry} as ${credentials.username} failed: ${(said.stderr + said.stdout).trim()}`
    )
  }
  core.info(`Logged in to ${credentials.registry} (credentials kept in ${dir} until this step ends)`)
  return {
    env: { ...runner.env, DOCKER_CONFIG: dir, REGISTRY_AUTH_FILE: join(dir, 'config.json') },
    end: remove
  }
}
