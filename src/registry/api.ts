// The registry API as the action speaks it itself (the push check, reading back the manifests it
// pushed): where a repository's API is, and authorisation as docker would get it: the credentials
// docker would use, as basic authentication or traded for a bearer token at the challenge's realm.
// In-process: a `docker buildx imagetools` run per manifest cost a quarter of a second each.
import * as core from '@actions/core'
import { readText, request } from '../http/client.js'
import { isLoopbackHost } from '../http/hosts.js'
import { isLoopbackRegistry, registryOf } from '../reference.js'
import { oneLine } from '../untrusted.js'
import { credentialsFor, type RegistryCredentials } from './docker-config.js'

/** An authentication challenge (WWW-Authenticate): its scheme and parameters (realm, service, …). */
export interface Challenge {
  scheme: string
  params: Record<string, string>
}

/**
 * Every challenge of a WWW-Authenticate header (RFC 9110 §11.6.1: a header, or several joined by
 * commas, may hold several), each with its parameters; token68 forms are skipped.
 */
export function parseChallenges(header: string | undefined): Challenge[] {
  const challenges: Challenge[] = []
  const part =
    /\s*,?\s*(?:([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))|([\w!#$%&'*+.^`|~-]+)(?![\w-]*\s*=))/y
  for (let match = part.exec(header ?? ''); match; match = part.exec(header ?? '')) {
    const [, name, quoted, bare, scheme] = match
    if (scheme) challenges.push({ scheme: scheme.toLowerCase(), params: {} })
    else if (challenges.length)
      challenges[challenges.length - 1].params[name.toLowerCase()] = quoted?.replace(/\\(.)/g, '$1') ?? bare
  }
  return challenges
}

/** Whether a URL may carry credentials: https, or plain http to this machine (loopback) only. */
export function carriesCredentials(url: URL): boolean {
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && isLoopbackHost(url.hostname)
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

export const basic = (credentials: RegistryCredentials) =>
  `Basic ${Buffer.from(`${credentials.username}:${credentials.secret}`).toString('base64')}`

/** A bearer token for `actions` (push,pull or pull) on `path`, from the challenge's realm, with the credentials if any. */
async function bearerToken(
  challenge: Challenge,
  path: string,
  actions: string,
  given: RegistryCredentials | undefined
): Promise<string | undefined> {
  const url = new URL(challenge.params.realm)
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service)
  url.searchParams.set('scope', `repository:${path}:${actions}`)
  // A realm on another host is usual (Docker Hub's is auth.docker.io); one over plain http is not sent
  // the credentials, which anyone on the way could read: it is asked for an anonymous token.
  const credentials = carriesCredentials(url) ? given : undefined
  const identityToken = credentials?.username === '<token>'
  const response = identityToken
    ? await request(url.origin + url.pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: credentials.secret,
          service: challenge.params.service ?? '',
          scope: `repository:${path}:${actions}`,
          client_id: 'go-mini-action'
        }).toString()
      })
    : await request(url.href, { headers: credentials ? { authorization: basic(credentials) } : {} })
  const text = await readText(response.body)
  if (response.status !== 200) return undefined
  const answer = JSON.parse(text) as { token?: string; access_token?: string }
  return answer.token ?? answer.access_token
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
  return oneLine(text.replace(/\s+/g, ' ').trim(), 200)
}

/**
 * The authorization that answers a registry's 401: a bearer token for `actions` on `path` from the
 * challenge's realm (masked), else the credentials as basic authentication; undefined without either.
 */
export async function answerChallenge(
  challengeHeader: string | undefined,
  path: string,
  actions: string,
  credentials: RegistryCredentials | undefined
): Promise<string | undefined> {
  const challenge = parseChallenges(challengeHeader).find(c => c.scheme === 'bearer' && c.params.realm)
  if (!challenge) return credentials && basic(credentials)
  const token = await bearerToken(challenge, path, actions, credentials)
  if (token) core.setSecret(token)
  return token && `Bearer ${token}`
}

/** What a manifest read accepts: OCI and Docker indexes and manifests. */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/**
 * Reads manifests of one repository by digest, pulling as docker would: authorised once (a bearer
 * token for pull when the registry challenges), then every read with it.
 */
export function manifestReader(repository: string, env: NodeJS.ProcessEnv) {
  const { base, path, registry } = registryApi(repository)
  let authorization: Promise<string | undefined> | undefined
  const get = async (digest: string, auth?: string) => {
    const headers: Record<string, string> = {
      accept: MANIFEST_TYPES,
      ...(auth ? { authorization: auth } : {})
    }
    const response = await request(`${base}/v2/${path}/manifests/${digest}`, { headers })
    return { response, text: await readText(response.body) }
  }
  return async (digest: string): Promise<unknown> => {
    let answer = await get(digest, await authorization)
    if (answer.response.status === 401) {
      const challenge = answer.response.headers['www-authenticate']
      authorization ??= credentialsFor(registry, env).then(c => answerChallenge(challenge, path, 'pull', c))
      answer = await get(digest, await authorization)
    }
    if (answer.response.status !== 200)
      throw new Error(
        `reading ${repository}@${digest} from ${registry} failed (HTTP ${answer.response.status}: ${errorText(answer.text)})`
      )
    return JSON.parse(answer.text)
  }
}
