// Which buildx builder builds the image: the one given (input builder), else the current one
// (docker/setup-buildx-action makes its builder current), unless that one cannot do what is asked (the
// docker driver on the engine's classic image store: one platform, pushed or loaded, no annotations and
// no attestations): then a docker-container builder is created, and the log says why.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { run } from '../exec.js'
import { getFromSocket } from '../http/client.js'
import { runBuildx, runBuildxChecked } from './plugin.js'
import { isIndexAnnotation } from '../image/metadata.js'
import { PUBLISHERS, type PublishRequest } from '../image/publish.js'
import { configDir } from '../registry/docker-config.js'
import { InputError, messageOf } from '../errors.js'

export interface BuilderFacts {
  name: string
  driver: string
  /** The engine keeps images in containerd (docker info: driver-type io.containerd.snapshotter.v1). */
  containerdStore: boolean
}

export const CREATED_BUILDER = 'go-mini-action'

/** What the request asks of the builder. */
export interface BuilderNeeds {
  platforms: number
  /** The image is written as an OCI archive (push: false, and every push-by-digest leg). */
  ociArchive: boolean
  attestations: boolean
  /** The user asked for annotations (the action's own are left out where they cannot be written). */
  annotations: boolean
  indexAnnotations: boolean
  /** The image is loaded into the engine (load: true). */
  load: boolean
}

/** What a request asks of BuildKit beyond building and pushing. */
export function builderNeeds(platforms: number, publish: PublishRequest): BuilderNeeds {
  const { provenance, sbom, annotations, destination } = publish
  return {
    platforms,
    ociArchive: PUBLISHERS[destination].writesArchive,
    annotations: annotations.length > 0,
    attestations: provenance !== 'false' || sbom !== 'false',
    indexAnnotations: annotations.some(isIndexAnnotation),
    load: destination === 'engine'
  }
}

/**
 * Why the engine cannot hold what load: true would put into it, or undefined: its containerd image
 * store keeps several platforms under one tag, the classic store one image per tag (any builder).
 */
export function loadProblem(needs: BuilderNeeds, containerdStore: boolean): string | undefined {
  if (!needs.load || needs.platforms < 2 || containerdStore) return undefined
  return (
    `load: true with ${needs.platforms} platforms needs the engine's containerd image store, which keeps several ` +
    'platforms under one tag; this engine has the classic image store (one image per tag): load one platform, or turn on the containerd image store (dockerd feature "containerd-snapshotter")'
  )
}

/** What the docker driver cannot do on the classic image store, as the request's inputs ask it. */
export function classicStoreLimits(needs: BuilderNeeds): string[] {
  return [
    needs.platforms > 1 ? 'several platforms in one image' : '',
    needs.ociArchive ? 'an OCI archive (push: false, or push-by-digest)' : '',
    needs.attestations ? 'attestations (provenance, sbom)' : '',
    needs.annotations ? 'annotations' : ''
  ].filter(Boolean)
}

/** Why this builder cannot do what is asked, or undefined when it can. */
export function builderProblem(facts: BuilderFacts, needs: BuilderNeeds): string | undefined {
  const limits = classicStoreLimits(needs)
  if (facts.driver !== 'docker' || facts.containerdStore || !limits.length) return undefined
  return (
    `builder ${facts.name} uses the docker driver with the engine's classic image store, which cannot write ` +
    limits.join(', ')
  )
}

/** The ways out of builderProblem, for the error message. */
export const CLASSIC_STORE_WAYS_OUT =
  'use docker/setup-buildx-action (driver docker-container), or turn on the containerd image store ' +
  '(dockerd feature "containerd-snapshotter"), or build one platform with push: true or load: true'

export function parseInspect(text: string): { name: string; driver: string; buildkit: string } {
  const field = (label: string) => new RegExp(`^${label}:\\s*(\\S+)`, 'm').exec(text)?.[1] ?? ''
  return { name: field('Name'), driver: field('Driver'), buildkit: field('BuildKit version') }
}

/** The builder chosen, and the versions that decide what it can do (and what a digest is). */
export interface BuilderChoice {
  name: string
  driver: string
  /** The engine's version, e.g. "26.1.5". */
  engine: string
  /** Where the engine keeps images: what the docker driver can write depends on it. */
  store: 'containerd' | 'classic'
  /** BuildKit's "major.minor", reported or (docker driver) known from the engine; "" when unknown. */
  buildkit: string
}

// The BuildKit each Docker Engine release line embeds (its docker driver), for engines whose builds
// report none (distribution packages say v0.0.0+unknown).
const ENGINE_BUILDKIT: [number, string][] = [
  [27, '0.15'],
  [26, '0.13'],
  [25, '0.12'],
  [24, '0.11'],
  [23, '0.11'],
  [20, '0.8']
]

/** BuildKit's "major.minor" as reported, else from the engine for the docker driver; "" when unknown. */
export function buildkitVersion(reported: string, driver: string, engine: string): string {
  const parsed = /^v?(\d+)\.(\d+)/.exec(reported)
  if (parsed && reported !== 'v0.0.0+unknown' && !reported.startsWith('v0.0.0'))
    return `${parsed[1]}.${parsed[2]}`
  if (driver !== 'docker') return ''
  const major = Number(/^(\d+)/.exec(engine)?.[1] ?? NaN)
  return ENGINE_BUILDKIT.find(([line]) => major >= line)?.[1] ?? ''
}

const atLeast = (version: string, minimum: string) => {
  const [a, b] = version.split('.').map(Number)
  const [c, d] = minimum.split('.').map(Number)
  return a > c || (a === c && b >= d)
}

/** Why this BuildKit cannot do what is asked, naming the input and the minimum; undefined when it can (or is unknown). */
export function versionProblem(buildkit: string, needs: BuilderNeeds): string | undefined {
  if (!buildkit) return undefined
  if (needs.attestations && !atLeast(buildkit, '0.11')) {
    return `provenance/sbom: attestations need BuildKit 0.11 or newer (Docker Engine 23+); this builder has BuildKit ${buildkit}`
  }
  if (needs.indexAnnotations && !atLeast(buildkit, '0.12')) {
    return `annotations: index annotations need BuildKit 0.12 or newer (Docker Engine 25+); this builder has BuildKit ${buildkit}`
  }
  return undefined
}

/**
 * `docker buildx inspect` of a builder (the current one when name is ""): read only, or (`bootstrap`)
 * started, so that one that cannot start fails now.
 */
async function inspectBuilder(
  name: string,
  bootstrap: boolean,
  env: NodeJS.ProcessEnv
): Promise<ReturnType<typeof parseInspect>> {
  const what = bootstrap
    ? `starting the builder ${name} (docker buildx inspect --bootstrap)`
    : `reading the builder ${name || '(the current one)'} (docker buildx inspect)`
  const args = ['inspect', ...(bootstrap ? ['--bootstrap'] : []), ...(name ? [name] : [])]
  return parseInspect(await runBuildxChecked(what, args, { env }))
}

async function createContainerBuilder(env: NodeJS.ProcessEnv): Promise<void> {
  const exists = await runBuildx(['inspect', CREATED_BUILDER], { env })
  if (exists.code === 0) return
  const args = ['create', '--name', CREATED_BUILDER, '--driver', 'docker-container']
  await runBuildxChecked('docker buildx create', args, { env })
}

/** Creates and starts the docker-container builder; one that cannot start ends the run, saying why it was needed. */
async function startCreatedBuilder(
  problem: string,
  env: NodeJS.ProcessEnv
): Promise<ReturnType<typeof parseInspect>> {
  try {
    await createContainerBuilder(env)
    return await inspectBuilder(CREATED_BUILDER, true, env)
  } catch (error) {
    const reason = messageOf(error).split('\n').filter(Boolean).slice(-1)[0] ?? ''
    throw new Error(
      `builder: ${problem}, and the docker-container builder ${CREATED_BUILDER} made in its place could not ` +
        `start (${reason.trim()}); ${CLASSIC_STORE_WAYS_OUT}`,
      { cause: error }
    )
  }
}

/** Where the engine of the default context listens, with no DOCKER_HOST (docker's own default). */
export const DEFAULT_ENGINE_SOCKET = '/var/run/docker.sock'

/** Pure: the engine's DriverStatus (as JSON) and version from its API's /info, or undefined when it is not that. */
export function engineInfoOf(text: string): { driverStatus: string; engine: string } | undefined {
  try {
    const info = JSON.parse(text) as { DriverStatus?: unknown; ServerVersion?: unknown }
    if (!Array.isArray(info.DriverStatus) || typeof info.ServerVersion !== 'string') return undefined
    return { driverStatus: JSON.stringify(info.DriverStatus), engine: info.ServerVersion }
  } catch {
    return undefined
  }
}

/**
 * The engine's image store (DriverStatus) and version. From the default context's engine, asked over its
 * socket (`socket`): `docker info` costs 60-90 ms more, mostly its own start, on the way to the compile.
 * Otherwise, or when the socket does not answer so, from `docker info`, which knows every context.
 */
async function engineInfo(socket: string | undefined) {
  if (socket) {
    const answer = await getFromSocket(socket, '/info', 10_000).catch(() => undefined)
    const info = answer?.status === 200 ? engineInfoOf(answer.text) : undefined
    if (info) return info
  }
  const said = await run('docker', ['info', '--format', '{{json .DriverStatus}}\n{{.ServerVersion}}'])
  const [driverStatus = '', engine = ''] = said.stdout.split('\n')
  return { driverStatus, engine: engine.trim() }
}

/** The engine's own builder on the default context, as its inspect names it (BuildKit: the engine's). */
const ENGINE_BUILDER = { name: 'default', driver: 'docker', buildkit: '' }

/** What decides which builder buildx uses when none is named: the environment and the CLIs' own files. */
export interface CurrentBuilderFacts {
  env: NodeJS.ProcessEnv
  /** docker's config.json, if there is one. */
  dockerConfig?: string
  /** buildx's `current` file (what `docker buildx use` wrote), if there is one. */
  current?: string
}

/**
 * Pure: whether the builder buildx would use is plainly the engine's own (docker driver, default
 * context), so that no `docker buildx inspect` (0.2 s of CPU beside the compile) need say so. Anything
 * that names another builder, context or engine, or a file that cannot be read, says no: inspect decides.
 */
export function currentIsEngine({ env, dockerConfig, current }: CurrentBuilderFacts): boolean {
  if (env.BUILDX_BUILDER || env.DOCKER_HOST || env.DOCKER_CONTEXT) return false
  const parsed = (text = '{}'): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(text)
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
    } catch {
      return undefined
    }
  }
  const config = parsed(dockerConfig)
  const chosen = parsed(current)
  if (!config || !chosen) return false
  const context = config.currentContext ?? 'default'
  const name = chosen.Name ?? ''
  return context === 'default' && (name === '' || name === 'default')
}

async function currentBuilderFacts(env: NodeJS.ProcessEnv): Promise<CurrentBuilderFacts> {
  const dockerDir = configDir(env)
  const buildxDir = env.BUILDX_CONFIG || join(dockerDir, 'buildx')
  const read = (path: string) => readFile(path, 'utf8').catch(() => undefined)
  const [dockerConfig, current] = await Promise.all([
    read(join(dockerDir, 'config.json')),
    read(join(buildxDir, 'current'))
  ])
  return { env, dockerConfig, current }
}

/**
 * The named builder's inspect, or (none named) the current one's, unless that is plainly the engine's;
 * and the engine's facts, from the engine itself in that case.
 */
async function readBuilder(requested: string, env: NodeJS.ProcessEnv, socket: string) {
  const engine = !requested && currentIsEngine(await currentBuilderFacts(env))
  return Promise.all([
    engine ? ENGINE_BUILDER : inspectBuilder(requested, false, env),
    engineInfo(engine ? socket : undefined)
  ])
}

/** The builder decided before compiling: the one to start, or why one must be created. */
export interface BuilderPlan {
  name: string
  driver: string
  /** The BuildKit version its inspect reported ("" or v0.0.0+unknown for a distribution's engine). */
  buildkit: string
  engine: string
  store: BuilderChoice['store']
  /** What the request asks of it, checked again against the started builder's BuildKit. */
  needs: BuilderNeeds
  /** Why the given builder cannot do what is asked; a docker-container builder is created instead. */
  problem?: string
  /** What was decided, for the log. */
  said: string
}

/**
 * Decides, before compiling and without starting anything, which builder builds the image: a builder
 * given in the input that cannot do what `needs` asks fails here, naming the input and the way out.
 */
export async function planBuilder(
  requested: string,
  needs: BuilderNeeds,
  /** The runner's environment: which docker config, context and builder apply. */
  env: NodeJS.ProcessEnv,
  /** Where the default context's engine listens. */
  socket = DEFAULT_ENGINE_SOCKET
): Promise<BuilderPlan> {
  // One question to the engine: its image store and its version (its /info says both).
  const [inspected, { driverStatus, engine }] = await readBuilder(requested, env, socket)
  const containerdStore = driverStatus.includes('io.containerd.snapshotter.v1')
  const store = containerdStore ? 'containerd' : 'classic'
  const cannotLoad = loadProblem(needs, containerdStore)
  if (cannotLoad) throw new InputError(cannotLoad)
  const problem = builderProblem({ ...inspected, containerdStore }, needs)
  if (problem && requested) throw new InputError(`builder: ${problem}; ${CLASSIC_STORE_WAYS_OUT}`)
  const plan = {
    name: inspected.name,
    driver: inspected.driver,
    buildkit: inspected.buildkit,
    engine,
    store,
    needs
  } as const
  if (problem) {
    const said =
      `${problem}: creating the docker-container builder ${CREATED_BUILDER} (no emulation is needed: nothing ` +
      'runs in it), while the binaries compile'
    return { ...plan, problem, said }
  }
  const writes =
    inspected.driver === 'docker' && !containerdStore ? ': Docker media types, no annotations' : ''
  return {
    ...plan,
    said: `Using builder ${inspected.name} (driver ${inspected.driver}, ${store} image store${writes})`
  }
}

/**
 * Starts the planned builder (creating it when the plan says so), meant to run beside the compile; with
 * the versions that decide what it can do, and one too old for what the plan needs fails naming the minimum.
 */
export async function startPlannedBuilder(
  plan: BuilderPlan,
  /** docker's environment for the build (the login's config): the builder must be known to it. */
  env: NodeJS.ProcessEnv
): Promise<BuilderChoice> {
  // The docker driver's builder is the engine, which answered the plan: there is nothing to start.
  const started = plan.problem
    ? await startCreatedBuilder(plan.problem, env)
    : plan.driver === 'docker'
      ? plan
      : await inspectBuilder(plan.name, true, env)
  const choice = {
    name: started.name,
    driver: started.driver,
    engine: plan.engine,
    store: plan.store,
    buildkit: buildkitVersion(started.buildkit, started.driver, plan.engine)
  }
  const tooOld = versionProblem(choice.buildkit, plan.needs)
  if (tooOld) throw new Error(tooOld)
  return choice
}
