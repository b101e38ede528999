import { afterAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  builderProblem,
  buildkitVersion,
  currentIsEngine,
  loadProblem,
  engineInfoOf,
  parseInspect,
  planBuilder as plan,
  startPlannedBuilder,
  versionProblem,
  type BuilderNeeds
} from '../../../src/docker/builder.js'

const originalPath = process.env.PATH

const NEEDS = {
  platforms: 1,
  ociArchive: false,
  attestations: false,
  annotations: false,
  indexAnnotations: false,
  load: false
}
const classic = { name: 'default', driver: 'docker', containerdStore: false }

describe('builderProblem', () => {
  const cannot =
    "builder default uses the docker driver with the engine's classic image store, which cannot write "
  it.each([
    [classic, { platforms: 2 }, `${cannot}several platforms in one image`],
    [classic, { ociArchive: true }, `${cannot}an OCI archive (push: false, or push-by-digest)`],
    [classic, { attestations: true }, `${cannot}attestations (provenance, sbom)`],
    [classic, { annotations: true }, `${cannot}annotations`],
    [
      classic,
      { platforms: 3, ociArchive: true },
      `${cannot}several platforms in one image, an OCI archive (push: false, or push-by-digest)`
    ],
    [classic, {}, undefined],
    [
      { ...classic, containerdStore: true },
      { platforms: 4, ociArchive: true, attestations: true },
      undefined
    ],
    [
      { name: 'builder-1a2b', driver: 'docker-container', containerdStore: false },
      { platforms: 4 },
      undefined
    ]
  ])('%j asked for %j', (facts, needs, problem) => {
    expect(builderProblem(facts, { ...NEEDS, ...needs })).toBe(problem)
  })

  it('reads the name and driver from docker buildx inspect', () => {
    const text =
      'Name:          builder-1a2b\nDriver:        docker-container\nLast Activity: 2026-11-24\n\nNodes:\nName:      builder-1a2b0\n'
    expect(parseInspect(text)).toEqual({ name: 'builder-1a2b', driver: 'docker-container', buildkit: '' })
  })
})

describe('loadProblem', () => {
  it.each([
    [
      { load: true, platforms: 2 },
      false,
      "load: true with 2 platforms needs the engine's containerd image store"
    ],
    [{ load: true, platforms: 2 }, true, undefined],
    [{ load: true, platforms: 1 }, false, undefined],
    [{ load: false, platforms: 3 }, false, undefined]
  ])('%j, containerd store %s: %s', (needs, containerdStore, problem) => {
    const said = loadProblem({ ...NEEDS, ...needs }, containerdStore)
    expect(said === undefined ? undefined : said.slice(0, problem?.length)).toBe(problem)
  })
})

describe('builder versions', () => {
  it('reads the BuildKit version from docker buildx inspect', () => {
    expect(
      parseInspect('Name: b\nDriver: docker-container\n\nNodes:\nBuildKit version: v0.16.0\n').buildkit
    ).toBe('v0.16.0')
  })

  it.each([
    ['v0.16.0', 'docker-container', '', '0.16'],
    ['v0.0.0+unknown', 'docker', '26.1.5+dfsg1', '0.13'],
    ['', 'docker', '20.10.24+dfsg1', '0.8'],
    ['v0.0.0+unknown', 'docker-container', '26.1.5', ''],
    ['', 'docker', 'weird', '']
  ])('BuildKit %j with the %s driver on engine %j is %j', (reported, driver, engine, version) => {
    expect(buildkitVersion(reported, driver, engine)).toBe(version)
  })

  it.each([
    [
      '0.8',
      { attestations: true, indexAnnotations: false },
      'provenance/sbom: attestations need BuildKit 0.11 or newer'
    ],
    [
      '0.11',
      { attestations: false, indexAnnotations: true },
      'annotations: index annotations need BuildKit 0.12 or newer'
    ],
    ['0.8', { attestations: false, indexAnnotations: false }, undefined],
    ['0.13', { attestations: true, indexAnnotations: true }, undefined],
    ['', { attestations: true, indexAnnotations: true }, undefined]
  ])('BuildKit %j for %j', (buildkit, needs, problem) => {
    const said = versionProblem(buildkit, { ...NEEDS, ...needs })
    // The problem's words, where one is expected; undefined where the builder can do it.
    expect(problem === undefined ? said : said?.includes(problem)).toBe(
      problem === undefined ? undefined : true
    )
  })
})

describe('engineInfoOf', () => {
  it("reads the engine API's /info: DriverStatus as docker info's {{json}} prints it, and the version", () => {
    const text = JSON.stringify({ DriverStatus: [['Backing Filesystem', 'extfs']], ServerVersion: '26.1.5' })
    expect(engineInfoOf(text)).toEqual({ driverStatus: '[["Backing Filesystem","extfs"]]', engine: '26.1.5' })
  })

  it.each([
    'not json',
    '{}',
    '{"DriverStatus":"x","ServerVersion":"1"}',
    '{"DriverStatus":[],"ServerVersion":2}'
  ])('is undefined for an answer that is not that: %j', text => expect(engineInfoOf(text)).toBeUndefined())
})

describe('currentIsEngine', () => {
  const engine = { env: {} }
  it.each([
    ['no docker or buildx files', engine, true],
    ['buildx use default', { env: {}, current: '{"Key":"unix:///var/run/docker.sock","Name":""}' }, true],
    ['a config without a context', { env: {}, dockerConfig: '{"auths":{}}' }, true],
    ['the default context named', { env: {}, dockerConfig: '{"currentContext":"default"}' }, true],
    ['buildx use of a builder', { env: {}, current: '{"Key":"unix:///x","Name":"builder-1a2b"}' }, false],
    ['another context', { env: {}, dockerConfig: '{"currentContext":"remote"}' }, false],
    ['BUILDX_BUILDER', { env: { BUILDX_BUILDER: 'mine' } }, false],
    ['DOCKER_HOST', { env: { DOCKER_HOST: 'unix:///other.sock' } }, false],
    ['DOCKER_CONTEXT', { env: { DOCKER_CONTEXT: 'remote' } }, false],
    ['a current file that is not JSON', { env: {}, current: 'builder-1a2b' }, false],
    ['a config that is not an object', { env: {}, dockerConfig: '"x"' }, false]
  ])('%s: %j', (_what, facts, engineBuilder) => {
    expect(currentIsEngine(facts)).toBe(engineBuilder)
  })
})

// A stand-in `docker` on PATH: the classic image store's docker driver, a docker-container builder that
// can be created, and (FAKE_PULL_FAILS) one whose BuildKit image cannot be pulled. It logs each call.
const FAKE_DOCKER = `#!/bin/sh
echo "$*" >> "$FAKE_DOCKER_LOG"
case "$*" in
  "buildx inspect") printf 'Name: default\\nDriver: docker\\n' ;;
  "buildx inspect mine") printf 'Name: mine\\nDriver: docker\\n' ;;
  "info --format"*) printf '%s\\n%s\\n' '[["Backing Filesystem","extfs"]]' 26.1.5 ;;
  "buildx inspect go-mini-action") exit 1 ;;
  "buildx create"*) echo go-mini-action ;;
  "buildx inspect --bootstrap go-mini-action")
    if [ -n "$FAKE_PULL_FAILS" ]; then echo 'ERROR: Error response from daemon: pull access denied for moby/buildkit' >&2; exit 1; fi
    printf 'Name: go-mini-action\\nDriver: docker-container\\n\\nNodes:\\nBuildKit version: v0.16.0\\n' ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
`

describe('the classic image store with the docker driver (a stand-in docker)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fake-docker-'))
  writeFileSync(join(dir, 'docker'), FAKE_DOCKER, { mode: 0o755 })
  const log = join(dir, 'calls.log')
  const archive = { ...NEEDS, ociArchive: true }
  /**
   * A runner's home whose docker config holds only the stand-in as its buildx plugin (the action runs
   * the plugin itself, as docker would find it): the current builder is the engine's own.
   */
  const runnerHome = () => {
    const home = mkdtempSync(join(tmpdir(), 'runner-home-'))
    mkdirSync(join(home, '.docker', 'cli-plugins'), { recursive: true })
    const plugin = `#!/bin/sh\nexec '${join(dir, 'docker')}' buildx "$@"\n`
    writeFileSync(join(home, '.docker', 'cli-plugins', 'docker-buildx'), plugin, { mode: 0o755 })
    return home
  }
  const RUNNER = { HOME: runnerHome() }
  // No engine listens there: the engine's facts come from the stand-in's `docker info`.
  const NO_ENGINE = join(dir, 'no-engine.sock')
  const planBuilder = (requested: string, needs: BuilderNeeds, env: NodeJS.ProcessEnv) =>
    plan(requested, needs, env, NO_ENGINE)
  beforeEach(() => {
    writeFileSync(log, '')
    process.env.PATH = `${dir}:${originalPath}`
    process.env.FAKE_DOCKER_LOG = log
    delete process.env.FAKE_PULL_FAILS
  })
  afterAll(() => {
    process.env.PATH = originalPath
  })
  const calls = () => readFileSync(log, 'utf8').trim().split('\n')

  it('plans a docker-container builder for an OCI archive, starting nothing, and starts it beside the compile', async () => {
    const plan = await planBuilder('', archive, RUNNER)
    expect(plan.problem).toContain('cannot write an OCI archive')
    expect(plan.said).toContain('creating the docker-container builder go-mini-action')
    expect(calls().some(call => call.includes('create') || call.includes('--bootstrap'))).toBe(false)
    const choice = await startPlannedBuilder(plan, RUNNER)
    expect(choice).toEqual({
      name: 'go-mini-action',
      driver: 'docker-container',
      engine: '26.1.5',
      store: 'classic',
      buildkit: '0.16'
    })
    expect(calls()).toContain('buildx create --name go-mini-action --driver docker-container')
  })

  it('one that cannot start ends the run, saying why it was made and the ways out', async () => {
    process.env.FAKE_PULL_FAILS = '1'
    const plan = await planBuilder('', { ...NEEDS, platforms: 2 }, RUNNER)
    await expect(startPlannedBuilder(plan, RUNNER)).rejects.toThrow(
      /^builder: builder default uses the docker driver with the engine's classic image store, which cannot write several platforms in one image, and the docker-container builder go-mini-action made in its place could not start \(ERROR: Error response from daemon: pull access denied for moby\/buildkit\); use docker\/setup-buildx-action/
    )
  })

  it('a builder given in the input that cannot do it fails while planning, naming the ways out', async () => {
    await expect(planBuilder('mine', archive, RUNNER)).rejects.toThrow(
      "builder: builder mine uses the docker driver with the engine's classic image store, which cannot write an OCI archive (push: false, or push-by-digest); use docker/setup-buildx-action (driver docker-container), or turn on the containerd image store"
    )
    expect(calls().some(call => call.includes('create'))).toBe(false)
  })

  it('one platform pushed stays on the docker driver, saying what it writes', async () => {
    const plan = await planBuilder('', NEEDS, RUNNER)
    expect(plan).toMatchObject({ name: 'default', store: 'classic', engine: '26.1.5' })
    expect(plan.problem).toBeUndefined()
    expect(plan.said).toBe(
      'Using builder default (driver docker, classic image store: Docker media types, no annotations)'
    )
  })

  it('asks the engine once, and starts nothing for the docker driver (the engine is its builder)', async () => {
    const choice = await startPlannedBuilder(await planBuilder('', NEEDS, RUNNER), RUNNER)
    expect(choice).toEqual({
      name: 'default',
      driver: 'docker',
      engine: '26.1.5',
      store: 'classic',
      buildkit: '0.13'
    })
    // The stand-in logs each call's words; the format's new line splits the info call in two lines.
    const commands = calls().filter(line => !line.startsWith('{{'))
    expect(commands).toEqual(['info --format {{json .DriverStatus}}'])
  })

  it("asks the default context's engine over its socket, and runs no docker at all", async () => {
    const socket = join(dir, 'engine.sock')
    const info = { DriverStatus: [['driver-type', 'io.containerd.snapshotter.v1']], ServerVersion: '28.2.2' }
    const engine = createServer((req, res) => res.end(req.url === '/info' ? JSON.stringify(info) : '{}'))
    await new Promise<void>(resolve => engine.listen(socket, resolve))
    try {
      const planned = await plan('', NEEDS, RUNNER, socket)
      expect(planned).toMatchObject({ name: 'default', store: 'containerd', engine: '28.2.2' })
      expect(readFileSync(log, 'utf8')).toBe('')
    } finally {
      engine.close()
    }
  })

  it('inspects the current builder when `docker buildx use` made another one current', async () => {
    const home = runnerHome()
    mkdirSync(join(home, '.docker', 'buildx'), { recursive: true })
    const current = { Key: 'unix:///var/run/docker.sock', Name: 'builder-1a2b', Global: false }
    writeFileSync(join(home, '.docker', 'buildx', 'current'), JSON.stringify(current))
    await planBuilder('', NEEDS, { HOME: home })
    expect(calls()).toContain('buildx inspect')
  })
})
