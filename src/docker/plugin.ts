// How the action runs buildx: the plugin binary itself, the one `docker buildx` would run, else through
// docker. `docker buildx …` starts the docker CLI, which runs the plugin once for its metadata and then
// again for the command: 60-100 ms of every buildx command (a COPY-only build and push takes 0.4-0.5 s).
// buildx runs standalone as well (`docker-buildx build …`, as its own docs and release binaries do),
// reading the same DOCKER_CONFIG, DOCKER_HOST, DOCKER_CONTEXT and builder state.
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { checked, run, type RunOptions } from '../exec.js'
import { configDir } from '../registry/docker-config.js'

/** Where docker's Linux CLI looks for plugins after its config folder's cli-plugins, in its order. */
const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins'
]

/**
 * Pure: the folders docker looks for a plugin in, in its order, for a config folder and its config.json
 * (its text, if any); undefined when the config adds folders (cliPluginsExtraDirs), whose place in the
 * order differs between docker versions, or cannot be read: docker then decides.
 */
export function pluginDirs(dockerDir: string, configText: string | undefined): string[] | undefined {
  try {
    const config: unknown = JSON.parse(configText ?? '{}')
    if (!config || typeof config !== 'object' || 'cliPluginsExtraDirs' in config) return undefined
  } catch {
    return undefined
  }
  return [join(dockerDir, 'cli-plugins'), ...SYSTEM_PLUGIN_DIRS]
}

/** Pure: the program and arguments that run `docker buildx <args>`: the plugin itself when known. */
export const buildxCommand = (plugin: string | undefined, args: string[]): [string, string[]] =>
  plugin ? [plugin, args] : ['docker', ['buildx', ...args]]

/** The buildx plugin docker would run in this environment; undefined when docker must decide. */
async function findPlugin(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const dockerDir = configDir(env)
  const dirs = pluginDirs(
    dockerDir,
    await readFile(join(dockerDir, 'config.json'), 'utf8').catch(() => undefined)
  )
  for (const dir of dirs ?? []) {
    const path = join(dir, 'docker-buildx')
    const found = await stat(path).catch(() => undefined)
    // The first file wins, as in docker; one that cannot run is docker's to report.
    if (found) return found.isFile() && found.mode & 0o111 ? path : undefined
  }
  return undefined
}

/** Per config folder (the runner's, a login's private one): found once a run. */
const plugins = new Map<string, Promise<string | undefined>>()

const pluginFor = (env: NodeJS.ProcessEnv) => {
  const key = configDir(env)
  if (!plugins.has(key)) plugins.set(key, findPlugin(env))
  return plugins.get(key) as Promise<string | undefined>
}

/** Runs `docker buildx <args>` (run's result). */
export async function runBuildx(args: string[], options: RunOptions & { env: NodeJS.ProcessEnv }) {
  const [file, argv] = buildxCommand(await pluginFor(options.env), args)
  return run(file, argv, options)
}

/** Runs `docker buildx <args>`; its stdout, or (non-zero exit) an error with `what` and its words. */
export async function runBuildxChecked(
  what: string,
  args: string[],
  options: RunOptions & { env: NodeJS.ProcessEnv }
): Promise<string> {
  return checked(what, await runBuildx(args, options)).stdout
}
