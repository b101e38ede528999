// Stage requests with the action's defaults, for the tests of the stages that take them.
import type { DockerfileRequest } from '../../src/image/dockerfile.js'

export const dockerfileRequest: DockerfileRequest = {
  builderImage: 'gcr.io/distroless/static-debian12',
  binaries: ['server'],
  files: [],
  user: '65532:65532',
  certs: true,
  tzdata: 'zip',
  env: [],
  expose: [],
  workdir: '',
  args: []
}
