// Whether each repository accepts a push from the credentials docker would use, asked before anything
// compiles, the way ko asks (go-containerregistry's CheckPushPermission): start a blob upload over the
// registry API and cancel it. A refusal names the registry, the repository, what the registry said, and
// the usual ways out; nothing of the credentials reaches the log.
import * as core from '@actions/core'
import { HttpFailure, readText, request, type HttpResponse } from '../http/client.js'
import { isLoopbackRegistry, registryOf } from '../reference.js'
import { secretParts } from '../secrets.js'
import { credentialsFor, type RegistryCredentials } from './docker-config.js'

/** An authentication challenge (WWW-Authenticate): its scheme and parameters (realm, service, …). */
export interface Challenge {
  scheme: string
  params: Record<string, string>
}

export function parseChallenge(header: string | undefined): Challenge | undefined {
  const match = /^\s*(\w+)\s*(.*)$/.exec(header ?? '')
  if (!match) return undefined
  const params: Record<string, string> = {}
  for (const [, key, quoted, bare] of match[2].matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g))
    params[key.toLowerCase()] = quoted ?? bare
  return { scheme: match[1].toLowerCase(), params }
}

/** The API root and the repository's path there (Docker Hub's API is registry-1.docker.io). */
export function registryApi(repository: string): { base: string; path: string; registry: string } {
  const registry = registryOf(repository)
  const path =
    registry === 'docker.io' ? repository.replace(/^docker\.io\//, '') : repository.slice(registry.length + 1)
  const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry
  // Docker treats loopback registries as plain HTTP by default; every other one is spoken to over TLS.
  const scheme = isLoopbackRegistry(repository) ? 'http' : 'https'
  return {
    base: `${scheme}://${host}`,
    path: path.includes('/') || registry !== 'docker.io' ? path : `library/${path}`,
    registry
  }
}

const basic = (credentials: RegistryCredentials) =>
  `Basic ${Buffer.from(`${credentials.username}:${credentials.secret}`).toString('base64')}`

/** A bearer token for pushing to `path`, from the challenge's realm, with the credentials if any. */
async function bearerToken(
  challenge: Challenge,
  path: string,
  credentials: RegistryCredentials | undefined
): Promise<string | undefined> {
  const url = new URL(challenge.params.realm)
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service)
  url.searchParams.set('scope', `repository:${path}:push,pull`)
  const identityToken = credentials?.username === '<token>'
  const response = identityToken
    ? await request(url.origin + url.pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: credentials.secret,
          service: challenge.params.service ?? '',
          scope: `repository:${path}:push,pull`,
          client_id: 'go-mini-action'
        }).toString()
      })
    : await request(url.href, { headers: credentials ? { authorization: basic(credentials) } : {} })
  const text = await readText(response.body)
  if (response.status !== 200) return undefined
  const answer = JSON.parse(text) as { token?: string; access_token?: string }
  return answer.token ?? answer.access_token
}

/** Starts a blob upload; a started one is cancelled at once. */
async function startUpload(base: string, path: string, authorization?: string): Promise<HttpResponse> {
  const response = await request(`${base}/v2/${path}/blobs/uploads/`, {
    method: 'POST',
    headers: authorization ? { authorization } : {}
  })
  const said = await readText(response.body)
  if (response.status === 202 && response.headers.location) {
    const cancel = new URL(response.headers.location, base).href
    await request(cancel, { method: 'DELETE', headers: authorization ? { authorization } : {} })
      .then(r => r.body.resume())
      .catch(() => undefined)
  }
  return { ...response, statusText: errorText(said) || response.statusText }
}

/** The registry's own words (distribution's {"errors":[{"message":…}]}), one line, no workflow command. */
export function errorText(body: string): string {
  let text = body
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: string; message?: string }[] }
    text = (parsed.errors ?? []).map(e => [e.code, e.message].filter(Boolean).join(': ')).join('; ')
  } catch {
    // not JSON: the text itself
  }
  return text.replace(/\s+/g, ' ').replace(/::/g, ': :').trim().slice(0, 200)
}

/** Why `repository` refuses a push from these credentials, or undefined when it accepts one. */
export async function pushRefusal(
  repository: string,
  credentials: RegistryCredentials | undefined
): Promise<string | undefined> {
  const { base, path, registry } = registryApi(repository)
  let authorization = credentials ? basic(credentials) : undefined
  let answer = await startUpload(base, path, authorization)
  const challenge = parseChallenge(answer.headers['www-authenticate'])
  if (answer.status === 401 && challenge?.scheme === 'bearer' && challenge.params.realm) {
    const token = await bearerToken(challenge, path, credentials)
    if (token) core.setSecret(token)
    authorization = token && `Bearer ${token}`
    if (authorization) answer = await startUpload(base, path, authorization)
  }
  if (answer.status === 202) return undefined
  const who = credentials ? `the credentials for ${registry}` : `no credentials for ${registry}`
  return `${registry} refused a push to ${repository} with ${who} (HTTP ${answer.status}${answer.statusText ? `: ${answer.statusText}` : ''})`
}

/** The ways out of a refusal, for the error message. */
export const PUSH_WAYS_OUT =
  'log in before this step (docker/login-action), or give username and password; for ghcr.io the job ' +
  'needs "permissions: packages: write"; check that tags names the repository you mean'

/** Checks every repository before anything compiles; throws naming each refusal and the ways out. */
export async function checkPushAccess(
  repositories: string[],
  env: NodeJS.ProcessEnv = process.env
): Promise<void> {
  const refusals = await Promise.all(
    repositories.map(async repository => {
      const credentials = await credentialsFor(registryOf(repository), env)
      for (const part of credentials ? secretParts(credentials.secret) : []) core.setSecret(part)
      return pushRefusal(repository, credentials).catch((error: Error) => {
        const code = error instanceof HttpFailure ? (error.code ?? error.message) : error.message
        return `${registryApi(repository).base} cannot be reached to check a push to ${repository} (${code})`
      })
    })
  )
  const found = refusals.filter((r): r is string => r !== undefined)
  if (found.length)
    throw new Error(`push check before compiling: ${found.join('; ')}. Nothing was built; ${PUSH_WAYS_OUT}`)
  core.info(`Push check: ${repositories.join(', ')} accept a push`)
}
