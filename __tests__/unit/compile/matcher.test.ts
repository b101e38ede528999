import { describe, expect, it } from '@jest/globals'
import { GO_ERROR, matcherJson, rebaseGoPaths } from '../../../src/compile/matcher.js'

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
