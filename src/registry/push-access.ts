// Whether each repository accepts a push from the credentials docker would use, asked before anything
// compiles, the way ko asks (go-containerregistry's CheckPushPermission): start a blob upload over the
// registry API and cancel it. A refusal names the registry, the repository, what the registry said, and
// the usual ways out; nothing of the credentials reaches the log.
import * as core from '@actions/core'
import { HttpFailure, readText, request, type HttpResponse } from '../http/client.js'
import { registryOf } from '../reference.js'
import { secretParts } from '../secrets.js'
import { credentialsFor, type RegistryCredentials } from './docker-config.js'
import { answerChallenge, basic, errorText, registryApi } from './api.js'
import { messageOf } from '../errors.js'

/** Starts a blob upload; a started one is cancelled at once. */
async function startUpload(base: string, path: string, authorization?: string): Promise<HttpResponse> {
  const response = await request(`${base}/v2/${path}/blobs/uploads/`, {
    method: 'POST',
    headers: authorization ? { authorization } : {}
  })
  const said = await readText(response.body)
  if (response.status === 202 && response.headers.location) {
    // The registry's own origin gets the authorization; a Location elsewhere (its storage) gets none.
    const cancel = new URL(response.headers.location, base)
    const own = cancel.origin === new URL(base).origin
    await request(cancel.href, { method: 'DELETE', headers: authorization && own ? { authorization } : {} })
      .then(r => r.body.resume())
      .catch(() => undefined)
  }
  return { ...response, statusText: errorText(said) || response.statusText }
}

/** Why `repository` refuses a push from these credentials, or undefined when it accepts one. */
export async function pushRefusal(
  repository: string,
  credentials: RegistryCredentials | undefined
): Promise<string | undefined> {
  const { base, path, registry } = registryApi(repository)
  const sent = credentials ? basic(credentials) : undefined
  let answer = await startUpload(base, path, sent)
  if (answer.status === 401) {
    const authorization = await answerChallenge(
      answer.headers['www-authenticate'],
      path,
      'push,pull',
      credentials
    )
    // Basic authentication was sent already: only a token is worth another try.
    if (authorization && authorization !== sent) answer = await startUpload(base, path, authorization)
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
export async function checkPushAccess(repositories: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const refusals = await Promise.all(
    repositories.map(async repository => {
      const credentials = await credentialsFor(registryOf(repository), env)
      for (const part of credentials ? secretParts(credentials.secret) : []) core.setSecret(part)
      return pushRefusal(repository, credentials).catch((error: unknown) => {
        const code = error instanceof HttpFailure ? (error.code ?? error.message) : messageOf(error)
        return `${registryApi(repository).base} cannot be reached to check a push to ${repository} (${code})`
      })
    })
  )
  const found = refusals.filter((r): r is string => r !== undefined)
  if (found.length)
    throw new Error(`push check before compiling: ${found.join('; ')}. Nothing was built; ${PUSH_WAYS_OUT}`)
  core.info(
    `Push check: ${repositories.join(', ')} ${repositories.length === 1 ? 'accepts' : 'accept'} a push`
  )
}
