import { describe, expect, it } from '@jest/globals'
import { builderProblem, parseInspect } from '../../src/image/builder.js'

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
    expect(parseInspect(text)).toEqual({ name: 'builder-1a2b', driver: 'docker-container' })
  })
})
