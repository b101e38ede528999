// Stage requests with the action's defaults, for the tests of the stages that take them.
import type { Binary } from '../../src/compile/compile.js'
import type { CompileRequest } from '../../src/compile/plan.js'
import type { DockerfileRequest } from '../../src/image/dockerfile.js'
import { parsePlatforms } from '../../src/platform.js'
import type { CacheRequest } from '../../src/cache/caches.js'

export const dockerfileRequest: DockerfileRequest = {
  systemFilesImage: 'gcr.io/distroless/static-debian12',
  binaries: ['server'],
  files: [],
  user: '65532:65532',
  certs: true,
  tzdata: 'zip',
  env: [],
  expose: [],
  workdir: '',
  volumes: [],
  args: []
}

/** One main package, three platforms, no flags. */
export function compileRequest(workingDirectory: string): CompileRequest {
  return {
    workingDirectory,
    mains: [{ package: './cmd/x', name: 'x' }],
    platforms: parsePlatforms(['linux/amd64', 'linux/arm64', 'linux/arm/v7']),
    version: '',
    versionVariable: 'main.version',
    versionVariableGiven: false,
    cgo: 'warn',
    ldflags: '',
    buildTags: [],
    buildFlags: [],
    embedTzdata: false
  }
}

/** A run's start (ms since 1970) in the fixtures' timelines. */
export const T0 = 1_800_000_000_000

/** What compiling two binaries for amd64 and one for arm64 gives, started side by side at T0 + 4.8 s. */
export const threeBinaries: Binary[] = [
  {
    platform: 'linux/amd64',
    name: 'app',
    path: '/ctx/bin/linux/amd64/app',
    size: 6_222_008,
    seconds: 6.54,
    started: T0 + 4800
  },
  {
    platform: 'linux/amd64',
    name: 'migrate',
    path: '/ctx/bin/linux/amd64/migrate',
    size: 2_100_000,
    seconds: 3.2,
    started: T0 + 4800
  },
  {
    platform: 'linux/arm64',
    name: 'app',
    path: '/ctx/bin/linux/arm64/app',
    size: 5_898_424,
    seconds: 6.1,
    started: T0 + 4810
  }
]

/** The caches on, exact keys only, the default prefix "p". */
export const cacheRequest: CacheRequest = {
  enabled: true,
  dependencyPath: [],
  keyPrefix: 'p',
  saveModules: 'auto',
  matrixLeg: false,
  fallback: false,
  onTags: false
}
