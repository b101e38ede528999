import { describe, expect, it } from '@jest/globals'
import { builderProblem, parseInspect } from '../../src/image/builder.js'
import { GO_ERROR, matcherJson, rebaseGoPaths } from '../../src/compile/matcher.js'

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

describe('the Go problem matcher', () => {
  it('puts the paths of Go errors under the working directory, leaving other lines alone', () => {
    const output =
      '# example.com/x/cmd/x\ncmd/x/main.go:3:39: undefined: y\n./internal/z.go:10: syntax error\n/abs/path.go:1:1: kept'
    expect(rebaseGoPaths(output, 'services/x')).toEqual([
      '# example.com/x/cmd/x',
      'services/x/cmd/x/main.go:3:39: undefined: y',
      'services/x/internal/z.go:10: syntax error',
      '/abs/path.go:1:1: kept'
    ])
    expect(rebaseGoPaths('main.go:1:1: x', '')).toEqual(['main.go:1:1: x'])
  })

  it('matches what it rebases, with file, line, column and message', () => {
    const pattern = JSON.parse(matcherJson()).problemMatcher[0].pattern[0]
    const m = new RegExp(pattern.regexp).exec(
      'services/x/cmd/x/main.go:3:39: undefined: y'
    ) as RegExpExecArray
    expect([m[pattern.file], m[pattern.line], m[pattern.column], m[pattern.message]]).toEqual([
      'services/x/cmd/x/main.go',
      '3',
      '39',
      'undefined: y'
    ])
    expect(new RegExp(GO_ERROR).test('# example.com/x')).toBe(false)
  })
})
