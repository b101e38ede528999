// What the benchmark runs, planned without running anything.
import { describe, expect, it } from '@jest/globals'
import { parseOptions, plannedRuns } from '../../../bench/plan.js'

describe('parseOptions', () => {
  it('defaults to everything, three repetitions, the emulated Dockerfile once', () => {
    expect(parseOptions([])).toEqual({
      reps: 3,
      emulatedReps: 1,
      programs: ['hello', 'blobd'],
      sets: ['1', '2', '4'],
      approaches: ['action', 'typical', 'cross', 'floor']
    })
  })

  it.each([
    [['--programs', 'hello,nope'], '--programs: "nope" is not one of hello, blobd'],
    [['--sets', '3'], '--sets: "3" is not one of 1, 2, 4'],
    [['--approaches', 'ko'], '--approaches: "ko" is not one of action, typical, cross, floor'],
    [['--fast'], 'unknown argument --fast']
  ])('rejects %j', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(message)
  })
})

describe('plannedRuns', () => {
  const options = parseOptions(['--reps', '2', '--programs', 'hello', '--sets', '1,2'])
  const cells = plannedRuns(options)
  const names = cells.map(c => `${c.rep} ${c.set} ${c.approach} ${c.conditions.join('+')}`)

  it('interleaves repetitions: every approach of a repetition before the next one', () => {
    expect(names.slice(0, 8)).toEqual([
      '1 1 action cold+warm',
      '1 1 typical cold+warm',
      '1 1 cross cold+warm',
      '1 1 floor cold+warm',
      '1 2 action cold+warm',
      '1 2 typical cold',
      '1 2 cross cold+warm',
      '1 2 floor cold+warm'
    ])
  })

  it('runs the typical Dockerfile only for its own repetitions, warm only for one platform', () => {
    expect(names.filter(n => n.includes('typical'))).toEqual(['1 1 typical cold+warm', '1 2 typical cold'])
    expect(cells).toHaveLength(8 + 6)
  })
})
