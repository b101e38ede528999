// Which buildx builder builds the image: the one given (input builder), else the current one
// (docker/setup-buildx-action makes its builder current), unless that one cannot build several
// platforms: then a docker-container builder is created, and the log says why.
import * as core from '@actions/core'
import { run, runChecked } from '../exec.js'

export interface BuilderFacts {
  name: string
  driver: string
  /** The engine keeps images in containerd (docker info: driver-type io.containerd.snapshotter.v1). */
  containerdStore: boolean
}

export const CREATED_BUILDER = 'go-mini-action'

/** Why this builder cannot build `platforms` platforms at once, or undefined when it can. */
export function builderProblem(facts: BuilderFacts, platforms: number): string | undefined {
  if (platforms < 2 || facts.driver !== 'docker' || facts.containerdStore) return undefined
  return (
    `builder ${facts.name} uses the docker driver with the engine's classic image store, which cannot build ` +
    `several platforms into one image`
  )
}

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
  /** BuildKit's "major.minor", reported or (docker driver) known from the engine; "" when unknown. */
  buildkit: string
}

/** What the request asks of BuildKit. */
export interface BuilderNeeds {
  attestations: boolean
  indexAnnotations: boolean
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

/** Starts (bootstraps) a builder, so that one that cannot start fails now, and says what it is. */
async function startBuilder(name: string): Promise<ReturnType<typeof parseInspect>> {
  const text = await runChecked(
    `starting the builder ${name || '(the current one)'} (docker buildx inspect --bootstrap)`,
    'docker',
    ['buildx', 'inspect', '--bootstrap', ...(name ? [name] : [])]
  )
  return parseInspect(text)
}

async function createContainerBuilder(): Promise<void> {
  const exists = await run('docker', ['buildx', 'inspect', CREATED_BUILDER])
  if (exists.code === 0) return
  const args = ['buildx', 'create', '--name', CREATED_BUILDER, '--driver', 'docker-container']
  await runChecked('docker buildx create', 'docker', args)
}

/**
 * The builder to pass to `docker buildx build --builder`, started, with the versions that decide what
 * it can do; one that cannot do what `needs` asks fails naming the input and the minimum version.
 */
export async function chooseBuilder(
  requested: string,
  platforms: number,
  needs: BuilderNeeds
): Promise<BuilderChoice> {
  const [inspected, info, version] = await Promise.all([
    startBuilder(requested),
    run('docker', ['info', '--format', '{{json .DriverStatus}}']),
    run('docker', ['version', '--format', '{{.Server.Version}}'])
  ])
  const containerdStore = info.stdout.includes('io.containerd.snapshotter.v1')
  const problem = builderProblem({ ...inspected, containerdStore }, platforms)
  let chosen = inspected
  if (!problem) {
    core.info(
      `Using builder ${chosen.name} (driver ${chosen.driver}${containerdStore ? ', containerd image store' : ''})`
    )
  } else if (requested) {
    throw new Error(
      `builder: ${problem}; use docker/setup-buildx-action (driver docker-container) or the containerd image store`
    )
  } else {
    core.info(
      `${problem}: creating the docker-container builder ${CREATED_BUILDER} (no emulation is needed: nothing runs in it), ` +
        'while the binaries compile'
    )
    await createContainerBuilder()
    chosen = await startBuilder(CREATED_BUILDER)
  }
  const engine = version.stdout.trim()
  const choice = {
    name: chosen.name,
    driver: chosen.driver,
    engine,
    buildkit: buildkitVersion(chosen.buildkit, chosen.driver, engine)
  }
  const tooOld = versionProblem(choice.buildkit, needs)
  if (tooOld) throw new Error(tooOld)
  return choice
}
