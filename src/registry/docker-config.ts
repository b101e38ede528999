// The credentials docker would use for a registry, read as docker reads them: the docker config
// (DOCKER_CONFIG, else ~/.docker), where credHelpers names a helper per registry, else credsStore one
// for all, else auths holds them (what docker/login-action and `docker login` write). A helper is asked
// with `docker-credential-<name> get`, the registry on its standard input.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { run } from '../exec.js'

interface AuthEntry {
  auth?: string
  username?: string
  password?: string
  identitytoken?: string
}

export interface DockerConfig {
  auths?: Record<string, AuthEntry>
  credsStore?: string
  credHelpers?: Record<string, string>
  [key: string]: unknown
}

/** A user name and its password, or an identity token (docker's user name "<token>"). */
export interface RegistryCredentials {
  username: string
  secret: string
}

/** Docker's names for a registry in its config (Docker Hub is "https://index.docker.io/v1/"). */
export function configNames(registry: string): string[] {
  return registry === 'docker.io' ? ['https://index.docker.io/v1/', 'docker.io'] : [registry]
}

/** Docker's config folder for this environment: DOCKER_CONFIG, else .docker in its HOME. */
export const configDir = (env: NodeJS.ProcessEnv) =>
  env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker')

/** The auths key a config may write for a registry: "ghcr.io", "https://ghcr.io", "https://ghcr.io/v2/". */
const hostOf = (key: string) => key.replace(/^https?:\/\//, '').replace(/\/.*$/, '')

/** Where docker takes the registry's credentials from: a helper program, or the file itself. */
export function credentialSource(
  config: DockerConfig,
  registry: string
): { helper: string; name: string } | { entry?: AuthEntry } {
  const names = configNames(registry)
  const helper = names.map(name => config.credHelpers?.[name]).find(h => h !== undefined)
  // An empty helper (login.ts writes one for the registry it logs in to) means: the file.
  if (helper) return { helper, name: names[0] }
  if (helper === undefined && config.credsStore) return { helper: config.credsStore, name: names[0] }
  const key = Object.keys(config.auths ?? {}).find(k => names.includes(k) || names.includes(hostOf(k)))
  return { entry: key ? config.auths?.[key] : undefined }
}

/** The credentials of an auths entry: "auth" (base64 of user:password), its two fields, or a token. */
export function entryCredentials(entry: AuthEntry | undefined): RegistryCredentials | undefined {
  if (!entry) return undefined
  if (entry.identitytoken) return { username: '<token>', secret: entry.identitytoken }
  if (entry.auth) {
    const text = Buffer.from(entry.auth, 'base64').toString()
    const colon = text.indexOf(':')
    if (colon > 0) return { username: text.slice(0, colon), secret: text.slice(colon + 1) }
  }
  if (entry.username && entry.password) return { username: entry.username, secret: entry.password }
  return undefined
}

async function readConfig(env: NodeJS.ProcessEnv): Promise<DockerConfig> {
  const text = await readFile(join(configDir(env), 'config.json'), 'utf8').catch(() => '{}')
  try {
    return JSON.parse(text) as DockerConfig
  } catch {
    return {}
  }
}

/** Asks a credential helper; "not found" (or a helper that is not installed) is no credentials. */
async function askHelper(helper: string, name: string): Promise<RegistryCredentials | undefined> {
  const said = await run(`docker-credential-${helper}`, ['get'], { input: name }).catch(() => undefined)
  if (!said || said.code !== 0) return undefined
  // What it printed may be the secret itself: an error names the helper, never the output.
  let answer: unknown
  try {
    answer = JSON.parse(said.stdout)
  } catch {
    throw new Error(`docker-credential-${helper} get printed something other than JSON for ${name}`)
  }
  const { Username, Secret } = (answer ?? {}) as { Username?: unknown; Secret?: unknown }
  if (typeof Secret !== 'string' || !Secret) return undefined
  return { username: typeof Username === 'string' ? Username : '', secret: Secret }
}

/** The credentials docker would use for `registry`, or undefined when it would push anonymously. */
export async function credentialsFor(
  registry: string,
  env: NodeJS.ProcessEnv
): Promise<RegistryCredentials | undefined> {
  const source = credentialSource(await readConfig(env), registry)
  return 'helper' in source ? askHelper(source.helper, source.name) : entryCredentials(source.entry)
}
