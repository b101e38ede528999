// What the benchmark runs, planned without running anything.
import { describe, expect, it } from '@jest/globals'
import { growthSteps, parseOptions, plannedRuns, recordedOptions } from '../../../bench/plan.js'

describe('parseOptions', () => {
  it('defaults to everything, three repetitions, the emulated Dockerfile once', () => {
    expect(parseOptions([])).toEqual({
      reps: 3,
      emulatedReps: 1,
      hostedReps: 1,
      hostedNextRuns: 1,
      warmRuns: 1,
      programs: ['hello', 'blobd', 'blobd3'],
      sets: ['1', '2', '4'],
      approaches: ['action', 'typical', 'cross', 'floor'],
      scenarios: ['local', 'hosted'],
      growth: true,
      reuse: ''
    })
  })

  it.each([
    [['--programs', 'hello,nope'], '--programs: "nope" is not one of hello, blobd, blobd3'],
    [['--sets', '3'], '--sets: "3" is not one of 1, 2, 4'],
    [['--approaches', 'ko'], '--approaches: "ko" is not one of action, typical, cross, floor'],
    [['--scenarios', 'cloud'], '--scenarios: "cloud" is not one of local, hosted'],
    [['--fast'], 'unknown argument --fast'],
    [['--reps', 'two'], '--reps: "two" is not a whole number of at least 1'],
    [['--hosted-next-runs', '0'], '--hosted-next-runs: "0" is not a whole number of at least 1'],
    [['--warm-runs', '0'], '--warm-runs: "0" is not a whole number of at least 1'],
    [['--hosted-reps', '-1'], '--hosted-reps: "-1" is not a whole number of at least 0']
  ])('rejects %j', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(message)
  })
})

describe('plannedRuns', () => {
  const options = parseOptions([
    '--reps',
    '2',
    '--programs',
    'hello',
    '--sets',
    '1,2',
    '--scenarios',
    'local'
  ])
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

  it('runs as many warm next commits per repetition as asked, the typical Dockerfile one', () => {
    const more = plannedRuns(parseOptions(['--sets', '1', '--scenarios', 'local', '--warm-runs', '3']))
    const hello = more.filter(c => c.program === 'hello' && c.rep === 1)
    expect(hello.map(c => `${c.approach} ${c.conditions.join('+')}`)).toEqual([
      'action cold+warm+warm+warm',
      'typical cold+warm',
      'cross cold+warm+warm+warm',
      'floor cold+warm+warm+warm'
    ])
  })
})

describe('the hosted scenario', () => {
  const cells = plannedRuns(parseOptions(['--sets', '2', '--scenarios', 'hosted']))
  const names = cells.map(c => `${c.program} ${c.approach} ${c.conditions.join('+')}`)

  it('runs cold, next commit and (with dependencies) a bump, for every approach but the typical Dockerfile', () => {
    expect(names).toEqual([
      'hello action hosted-cold+hosted-next',
      'hello cross hosted-cold+hosted-next',
      'hello floor hosted-cold+hosted-next',
      'blobd action hosted-cold+hosted-next+hosted-bump',
      'blobd cross hosted-cold+hosted-next+hosted-bump',
      'blobd floor hosted-cold+hosted-next+hosted-bump',
      // Three mains: the Dockerfiles build one binary, so only the action and the floor.
      'blobd3 action hosted-cold+hosted-next',
      'blobd3 floor hosted-cold+hosted-next'
    ])
  })

  it('runs as many next commits per repetition as asked, each after the cold run and before the bump', () => {
    const options = parseOptions(['--sets', '2', '--scenarios', 'hosted', '--hosted-next-runs', '3'])
    const blobd = plannedRuns(options).find(c => c.program === 'blobd' && c.approach === 'action')
    expect(blobd?.conditions).toEqual([
      'hosted-cold',
      'hosted-next',
      'hosted-next',
      'hosted-next',
      'hosted-bump'
    ])
  })

  it('grows the caches over 20 commits with 3 dependency bumps', () => {
    const steps = growthSteps()
    expect(steps[0]).toBe('cold')
    expect(steps.filter(s => s === 'next')).toHaveLength(20)
    expect(steps.filter(s => s === 'bump')).toHaveLength(3)
    expect(steps.at(-1)).toBe('next')
  })
})

describe('recordedOptions', () => {
  const earlier = { reps: 2, emulatedReps: 1, hostedReps: 2, hostedNextRuns: 3, warmRuns: 4 }

  it("keeps the earlier results' hosted repetitions when only the local scenario runs now", () => {
    const now = parseOptions(['--reps', '3', '--approaches', 'cross', '--scenarios', 'local'])
    expect(recordedOptions(now, earlier)).toMatchObject({
      reps: 3,
      warmRuns: 1,
      hostedReps: 2,
      hostedNextRuns: 3
    })
  })

  it("keeps the earlier local repetitions when only the hosted scenario runs now, and this run's hosted ones", () => {
    const now = parseOptions(['--scenarios', 'hosted', '--hosted-reps', '1'])
    expect(recordedOptions(now, earlier)).toMatchObject({
      reps: 2,
      warmRuns: 4,
      hostedReps: 1,
      hostedNextRuns: 1
    })
  })
})
