import { describe, expect, it } from '@jest/globals'
import { builderProblem, buildkitVersion, parseInspect, versionProblem } from '../../src/image/builder.js'

describe('builderProblem', () => {
  it.each([
    [
      { name: 'default', driver: 'docker', containerdStore: false },
      2,
      "builder default uses the docker driver with the engine's classic image store, which cannot build several platforms into one image"
    ],
    [{ name: 'default', driver: 'docker', containerdStore: false }, 1, undefined],
    [{ name: 'default', driver: 'docker', containerdStore: true }, 4, undefined],
    [{ name: 'builder-1a2b', driver: 'docker-container', containerdStore: false }, 4, undefined]
  ])('%j with %s platforms', (facts, platforms, problem) => {
    expect(builderProblem(facts, platforms)).toBe(problem)
  })

  it('reads the name and driver from docker buildx inspect', () => {
    const text =
      'Name:          builder-1a2b\nDriver:        docker-container\nLast Activity: 2026-11-24\n\nNodes:\nName:      builder-1a2b0\n'
    expect(parseInspect(text)).toEqual({ name: 'builder-1a2b', driver: 'docker-container', buildkit: '' })
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
    const said = versionProblem(buildkit, needs)
    if (problem) expect(said).toContain(problem)
    else expect(said).toBeUndefined()
  })
})
