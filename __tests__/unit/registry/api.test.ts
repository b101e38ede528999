// Reading manifests over the registry API from a loopback registry that wants a pull token, as ghcr.io
// and Docker Hub do even for public images.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import * as core from '../../../__fixtures__/core.js'
import { listenOnLoopback } from '../../helpers/loopback.js'

jest.unstable_mockModule('@actions/core', () => core)
const { manifestReader } = await import('../../../src/registry/api.js')

const INDEX = { mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }
const requests: string[] = []
let server: Server
let registry: string

beforeAll(async () => {
  let port = 0
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`)
    if (req.url?.startsWith('/token')) return void res.writeHead(200).end('{"token":"pull-token"}')
    if (req.headers.authorization !== 'Bearer pull-token') {
      const realm = `http://127.0.0.1:${port}/token`
      return void res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="fake"` }).end()
    }
    if (!req.headers.accept?.includes('application/vnd.oci.image.index.v1+json'))
      return void res.writeHead(406).end()
    if (req.url?.endsWith('sha256:missing'))
      return void res
        .writeHead(404)
        .end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}')
    res.writeHead(200).end(JSON.stringify(INDEX))
  })
  port = await listenOnLoopback(server)
  registry = `127.0.0.1:${port}`
})
afterAll(() => {
  server.close()
})

describe('manifestReader', () => {
  it('gets a pull token once, then reads every manifest with it', async () => {
    requests.length = 0
    const read = manifestReader(`${registry}/acme/app`, { DOCKER_CONFIG: '/nonexistent' })
    expect(await read('sha256:a')).toEqual(INDEX)
    expect(await read('sha256:b')).toEqual(INDEX)
    expect(requests).toEqual([
      'GET /v2/acme/app/manifests/sha256:a -',
      'GET /token?service=fake&scope=repository%3Aacme%2Fapp%3Apull -',
      'GET /v2/acme/app/manifests/sha256:a Bearer pull-token',
      'GET /v2/acme/app/manifests/sha256:b Bearer pull-token'
    ])
  })

  it('names the manifest, the registry and its words when it cannot be read', async () => {
    const read = manifestReader(`${registry}/acme/app`, { DOCKER_CONFIG: '/nonexistent' })
    await expect(read('sha256:missing')).rejects.toThrow(
      `reading ${registry}/acme/app@sha256:missing from ${registry} failed (HTTP 404: MANIFEST_UNKNOWN: manifest unknown)`
    )
  })
})
