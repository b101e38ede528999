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

export function parseInspect(text: string): { name: string; driver: string } {
  const field = (label: string) => new RegExp(`^${label}:\\s*(\\S+)`, 'm').exec(text)?.[1] ?? ''
  return { name: field('Name'), driver: field('Driver') }
}

/** The builder to pass to `docker buildx build --builder`, started (bootstrapped) so that one that cannot start fails now. */
export async function chooseBuilder(requested: string, platforms: number): Promise<string> {
  const inspected = parseInspect(
    await runChecked(
      `starting the builder ${requested || '(the current one)'} (docker buildx inspect --bootstrap)`,
      'docker',
      ['buildx', 'inspect', '--bootstrap', ...(requested ? [requested] : [])]
    )
  )
  const info = await run('docker', ['info', '--format', '{{json .DriverStatus}}'])
  const facts = { ...inspected, containerdStore: info.stdout.includes('io.containerd.snapshotter.v1') }
  const problem = builderProblem(facts, platforms)
  if (!problem) {
    core.info(
      `Using builder ${facts.name} (driver ${facts.driver}${facts.containerdStore ? ', containerd image store' : ''})`
    )
    return facts.name
  }
  if (requested) {
    throw new Error(
      `builder: ${problem}; use docker/setup-buildx-action (driver docker-container) or the containerd image store`
    )
  }
  core.info(
    `${problem}: creating the docker-container builder ${CREATED_BUILDER} (no emulation is needed: nothing runs in it), ` +
      'while the binaries compile'
  )
  const exists = await run('docker', ['buildx', 'inspect', CREATED_BUILDER])
  if (exists.code !== 0) {
    await runChecked('docker buildx create', 'docker', [
      'buildx',
      'create',
      '--name',
      CREATED_BUILDER,
      '--driver',
      'docker-container'
    ])
  }
  // Started now (its BuildKit image pulled), so that a builder that cannot start stops the run at once.
  await runChecked(`starting the builder ${CREATED_BUILDER} (docker buildx inspect --bootstrap)`, 'docker', [
    'buildx',
    'inspect',
    '--bootstrap',
    CREATED_BUILDER
  ])
  return CREATED_BUILDER
}
