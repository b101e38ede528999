// The push check against a loopback registry that speaks the token flow of ghcr.io and Docker Hub, and
// the credentials docker would use, read from a docker config as docker reads it.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import * as core from '../../../__fixtures__/core.js'
import { closedPort, listenOnLoopback } from '../../helpers/loopback.js'

jest.unstable_mockModule('@actions/core', () => core)
const { checkPushAccess, pushRefusal } = await import('../../../src/registry/push-access.js')
const { carriesCredentials, errorText, parseChallenges, registryApi } =
  await import('../../../src/registry/api.js')
const { credentialSource, credentialsFor, entryCredentials } =
  await import('../../../src/registry/docker-config.js')

const USER = { username: 'ci', secret: 'pa:ss' }
const requests: string[] = []
/** Where the registry says an upload goes; its own origin unless a test names another. */
let uploadLocation = '/v2/acme/app/blobs/uploads/u1?state=x'
let server: Server
let registry: string

/** A registry whose uploads need a bearer token with push rights, which only USER's login gets. */
function fakeRegistry(port: () => number): Server {
  return createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    const auth = req.headers.authorization ?? ''
    if (req.url?.startsWith('/token')) {
      const push = auth === `Basic ${Buffer.from('ci:pa:ss').toString('base64')}`
      return void res.writeHead(200).end(JSON.stringify({ token: push ? 'push-token' : 'pull-token' }))
    }
    if (req.method === 'DELETE') return void res.writeHead(204).end()
    if (auth === 'Bearer push-token') return void res.writeHead(202, { location: uploadLocation }).end()
    const realm = `http://127.0.0.1:${port()}/token`
    res.writeHead(401, {
      'www-authenticate': `Bearer realm="${realm}",service="fake",scope="repository:acme/app:push,pull"`
    })
    res.end(
      JSON.stringify({
        errors: [{ code: 'DENIED', message: 'requested access to the resource is denied\n::warning::x' }]
      })
    )
  })
}

beforeAll(async () => {
  let port = 0
  server = fakeRegistry(() => port)
  port = await listenOnLoopback(server)
  registry = `127.0.0.1:${port}`
})
afterAll(() => {
  server.close()
})

describe('pushRefusal', () => {
  it('sends no authorization to an upload Location on another origin (its storage, or anyone)', async () => {
    const elsewhere: (string | undefined)[] = []
    const other = createServer((req, res) => {
      elsewhere.push(req.headers.authorization)
      res.writeHead(204).end()
    })
    await new Promise<void>(resolve => other.listen(0, '127.0.0.2', resolve))
    const { port } = other.address() as { port: number }
    uploadLocation = `http://127.0.0.2:${port}/upload/u1`
    try {
      expect(await pushRefusal(`${registry}/acme/app`, USER)).toBeUndefined()
      expect(elsewhere).toEqual([undefined])
    } finally {
      uploadLocation = '/v2/acme/app/blobs/uploads/u1?state=x'
      other.close()
    }
  })

  it('accepts a push with credentials that get a push token, and cancels the upload it started', async () => {
    requests.length = 0
    expect(await pushRefusal(`${registry}/acme/app`, USER)).toBeUndefined()
    expect(requests).toEqual([
      'POST /v2/acme/app/blobs/uploads/',
      'GET /token?service=fake&scope=repository%3Aacme%2Fapp%3Apush%2Cpull',
      'POST /v2/acme/app/blobs/uploads/',
      'DELETE /v2/acme/app/blobs/uploads/u1?state=x'
    ])
  })

  it.each([
    ['no credentials', undefined, 'with no credentials for'],
    ['wrong credentials', { username: 'ci', secret: 'wrong' }, 'with the credentials for']
  ])(
    'refuses with %s, naming the registry, the repository and what it said',
    async (_name, credentials, who) => {
      expect(await pushRefusal(`${registry}/acme/app`, credentials)).toBe(
        `${registry} refused a push to ${registry}/acme/app ${who} ${registry} (HTTP 401: DENIED: requested access to the resource is denied : :warning: :x)`
      )
    }
  )
})

describe('checkPushAccess', () => {
  it('fails before compiling with the ways out, and never the secret', async () => {
    const config = mkdtempSync(join(tmpdir(), 'docker-config-'))
    const auth = Buffer.from('ci:wrong-s3cret').toString('base64')
    writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { [registry]: { auth } } }))
    const refused = checkPushAccess([`${registry}/acme/app`], { DOCKER_CONFIG: config })
    await expect(refused).rejects.toThrow(
      /^push check before compiling: .* refused a push .*docker\/login-action/
    )
    await expect(refused).rejects.not.toThrow('wrong-s3cret')
    expect(core.setSecret).toHaveBeenCalledWith('wrong-s3cret')
  })

  it('says when the registry cannot be reached at all', async () => {
    const repository = `127.0.0.1:${await closedPort()}/acme/app`
    await expect(checkPushAccess([repository], { DOCKER_CONFIG: '/nonexistent' })).rejects.toThrow(
      `cannot be reached to check a push to ${repository} (ECONNREFUSED)`
    )
  })

  it('passes with the credentials docker/login-action wrote', async () => {
    const config = mkdtempSync(join(tmpdir(), 'docker-config-'))
    const auth = Buffer.from('ci:pa:ss').toString('base64')
    writeFileSync(
      join(config, 'config.json'),
      JSON.stringify({ auths: { [`https://${registry}`]: { auth } } })
    )
    await expect(
      checkPushAccess([`${registry}/acme/app`], { DOCKER_CONFIG: config })
    ).resolves.toBeUndefined()
  })
})

describe('the pure parts', () => {
  it.each([
    [
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"',
      'bearer',
      { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:a/b:pull' }
    ],
    ['Basic realm="go-mini-e2e"', 'basic', { realm: 'go-mini-e2e' }],
    ['Bearer realm=https://r/t,service=s', 'bearer', { realm: 'https://r/t', service: 's' }]
  ])('parseChallenges(%j)', (header, scheme, params) => {
    expect(parseChallenges(header)).toEqual([{ scheme, params }])
  })

  it('reads every challenge of a header, quoted commas and escapes included', () => {
    expect(
      parseChallenges(
        'Basic realm="r, one", Bearer realm="https://a/t?x=1,2",error="bad \\"token\\"", Negotiate'
      )
    ).toEqual([
      { scheme: 'basic', params: { realm: 'r, one' } },
      { scheme: 'bearer', params: { realm: 'https://a/t?x=1,2', error: 'bad "token"' } },
      { scheme: 'negotiate', params: {} }
    ])
  })

  it.each([
    ['https://auth.docker.io/token', true],
    ['http://127.0.0.1:5000/token', true],
    ['http://localhost/token', true],
    ['http://[::1]:80/token', true],
    ['http://auth.example.com/token', false],
    ['http://127.0.0.1.example.com/token', false],
    ['ftp://127.0.0.1/token', false]
  ])('carriesCredentials(%s) = %s: Basic credentials over https or to this machine only', (url, carries) => {
    expect(carriesCredentials(new URL(url))).toBe(carries)
  })

  it.each([
    ['ghcr.io/acme/app', { base: 'https://ghcr.io', path: 'acme/app', registry: 'ghcr.io' }],
    ['acme/app', { base: 'https://registry-1.docker.io', path: 'acme/app', registry: 'docker.io' }],
    ['ubuntu', { base: 'https://registry-1.docker.io', path: 'library/ubuntu', registry: 'docker.io' }],
    ['127.0.0.1:5001/a/b', { base: 'http://127.0.0.1:5001', path: 'a/b', registry: '127.0.0.1:5001' }],
    ['localhost:5000/app', { base: 'http://localhost:5000', path: 'app', registry: 'localhost:5000' }]
  ])('registryApi(%j)', (repository, api) => {
    expect(registryApi(repository)).toEqual(api)
  })

  it('errorText gives the registry words on one line, with no workflow command in them', () => {
    expect(errorText('{"errors":[{"code":"DENIED","message":"no\\n::error::x"}]}')).toBe(
      'DENIED: no : :error: :x'
    )
    expect(errorText('<html>\n  Forbidden\n</html>')).toBe('<html> Forbidden </html>')
    expect(errorText('{"errors":[{"code":"DENIED","message":"no ##[error]x"}]}')).toBe(
      'DENIED: no # #[error]x'
    )
  })
})

describe('the credentials docker would use', () => {
  it.each([
    [
      'a helper for the registry',
      { credHelpers: { 'ghcr.io': 'gh' }, credsStore: 'desktop' },
      { helper: 'gh', name: 'ghcr.io' }
    ],
    [
      'the store for all',
      { credsStore: 'desktop', auths: { 'ghcr.io': {} } },
      { helper: 'desktop', name: 'ghcr.io' }
    ],
    [
      'the file where login.ts emptied the helper',
      { credHelpers: { 'ghcr.io': '' }, credsStore: 'desktop', auths: { 'ghcr.io': { auth: 'eA==' } } },
      { entry: { auth: 'eA==' } }
    ],
    [
      'the file, keyed by URL',
      { auths: { 'https://ghcr.io/v2/': { auth: 'eA==' } } },
      { entry: { auth: 'eA==' } }
    ],
    ['nothing', {}, { entry: undefined }]
  ])('%s', (_name, config, source) => {
    expect(credentialSource(config, 'ghcr.io')).toEqual(source)
  })

  it('Docker Hub under its URL', () => {
    expect(
      credentialSource({ auths: { 'https://index.docker.io/v1/': { auth: 'eA==' } } }, 'docker.io')
    ).toEqual({ entry: { auth: 'eA==' } })
  })

  it.each([
    [{ auth: Buffer.from('u:p:q').toString('base64') }, { username: 'u', secret: 'p:q' }],
    [
      { username: 'u', password: 'p' },
      { username: 'u', secret: 'p' }
    ],
    [{ identitytoken: 't' }, { username: '<token>', secret: 't' }],
    [{}, undefined]
  ])('entryCredentials(%j)', (entry, credentials) => {
    expect(entryCredentials(entry)).toEqual(credentials)
  })

  /** credentialsFor with a docker config whose credsStore is a helper printing `script`'s output. */
  async function withHelper(script: string) {
    const bin = mkdtempSync(join(tmpdir(), 'helper-'))
    const helper = join(bin, 'docker-credential-fake')
    writeFileSync(helper, `#!/bin/sh\nread r\n${script}\n`)
    chmodSync(helper, 0o755)
    const config = mkdtempSync(join(tmpdir(), 'docker-config-'))
    writeFileSync(join(config, 'config.json'), JSON.stringify({ credsStore: 'fake' }))
    const path = process.env.PATH
    process.env.PATH = `${bin}${delimiter}${path}`
    try {
      return await credentialsFor('ghcr.io', { DOCKER_CONFIG: config })
    } finally {
      process.env.PATH = path
    }
  }

  it('asks a credential helper program, the registry on its standard input', async () => {
    expect(await withHelper('echo "{\\"Username\\":\\"u-$r\\",\\"Secret\\":\\"s\\"}"')).toEqual({
      username: 'u-ghcr.io',
      secret: 's'
    })
  })

  it('never repeats what a helper printed when it is not JSON: it may be the secret', async () => {
    const asked = withHelper('echo hunter2-secret')
    await expect(asked).rejects.toThrow(
      'docker-credential-fake get printed something other than JSON for ghcr.io'
    )
    await expect(asked).rejects.not.toThrow('hunter2')
  })
})
