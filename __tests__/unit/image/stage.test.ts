// The image stage as the pipeline calls it, with buildx stubbed at its module boundary: what it asks
// buildx for (the commit's labels and annotations, then the user's; docker's environment from the
// login), the stages it records, and the line it ends with.
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../../__fixtures__/core.js'
import type { BuiltImage, ImageRequest } from '../../../src/docker/buildx.js'

const built: BuiltImage = {
  destination: 'registry',
  dockerfile: '/ctx/Dockerfile',
  digest: `sha256:${'1'.repeat(64)}`,
  image: `r/app@sha256:${'1'.repeat(64)}`,
  archive: '',
  platforms: {},
  buildx: {},
  filesBytes: 0,
  buildSeconds: 2,
  pushSeconds: 1
}
const buildImage = jest.fn(async (_request: ImageRequest) => Promise.resolve(built))
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('../../../src/docker/buildx.js', () => ({ buildImage }))
const { publishImage } = await import('../../../src/image/stage.js')
const { Stages } = await import('../../../src/stages.js')

const request = (labels: string[], env: NodeJS.ProcessEnv = {}) => ({
  publish: {
    tags: ['r/app:1'],
    labels,
    annotations: [],
    destination: 'registry' as const,
    builder: '',
    provenance: 'false',
    sbom: 'false',
    compressionLevel: 1
  },
  platforms: ['linux/amd64', 'linux/arm64'],
  title: 'app',
  source: { version: 'v1.2.3', sha: 'abc123', sourceDateEpoch: 1_800_000_000, time: '2027-01-15T08:00:00Z' },
  payload: undefined,
  contextDir: '/ctx',
  filesBytes: 0,
  builder: {
    name: 'default',
    driver: 'docker',
    engine: '28.2.2',
    store: 'containerd' as const,
    buildkit: '0.23'
  },
  docker: { env: { ...env, DOCKER_CONFIG: '/tmp/private' }, end: () => Promise.resolve() }
})

beforeEach(() => {
  jest.clearAllMocks()
})

describe('publishImage', () => {
  it("asks buildx for the commit's labels then the user's, with the login's docker environment", async () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/app' }
    const stages = new Stages()
    const image = await publishImage(request(['team=core'], env), stages)
    expect(image).toBe(built)
    const asked = buildImage.mock.calls[0][0]
    expect(asked.dockerEnv.DOCKER_CONFIG).toBe('/tmp/private')
    expect(asked.labels).toEqual(
      expect.arrayContaining([
        'org.opencontainers.image.source=https://github.com/acme/app',
        'org.opencontainers.image.revision=abc123',
        'org.opencontainers.image.version=v1.2.3',
        'org.opencontainers.image.created=2027-01-15T08:00:00Z',
        'team=core'
      ])
    )
    expect(asked.sourceDateEpoch).toBe(1_800_000_000)
    expect(stages.times.map(s => [s.name, s.seconds])).toEqual([
      ['Build the image', 2],
      ['Push the image', 1]
    ])
    expect(core.info).toHaveBeenCalledWith(`Pushed ${built.image}`)
  })

  it("warns when the user's version label says another version than the binaries", async () => {
    await publishImage(request(['org.opencontainers.image.version=1.2.3']), new Stages())
    expect(core.warning).toHaveBeenCalledWith(
      'labels/annotations: org.opencontainers.image.version says "1.2.3", but the binaries and the version ' +
        'output say "v1.2.3"; give version: 1.2.3 to stamp that, or leave the label to the action'
    )
    await publishImage(request(['org.opencontainers.image.version=v1.2.3']), new Stages())
    expect(core.warning).toHaveBeenCalledTimes(1)
  })

  it("replaces a label that holds the run's time with the commit's, and says so once", async () => {
    await publishImage(request(['org.opencontainers.image.created=2099-01-01T00:00:00Z']), new Stages())
    const asked = buildImage.mock.calls[0][0]
    expect(asked.labels.filter(l => l.startsWith('org.opencontainers.image.created='))).toEqual([
      'org.opencontainers.image.created=2027-01-15T08:00:00Z'
    ])
    expect(core.notice).toHaveBeenCalledTimes(1)
    expect(core.notice).toHaveBeenCalledWith(expect.stringContaining("replaced by the commit's time"))
  })
})
