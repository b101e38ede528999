import { describe, expect, it } from '@jest/globals'
import { tzdataFor, withTzdata, type Tzdata } from '../../src/tzdata.js'

describe('tzdataFor', () => {
  it.each<[Tzdata, boolean, Tzdata, boolean]>([
    ['zip', true, 'zip', false],
    ['zip', false, 'embed', true],
    ['full', false, 'full', false],
    ['none', false, 'none', false]
  ])('%s with a Go that %s zoneinfo.zip → %s', (requested, hasZip, tzdata, explained) => {
    const chosen = tzdataFor(requested, hasZip)
    expect(chosen.tzdata).toBe(tzdata)
    expect(chosen.reason !== undefined).toBe(explained)
  })
})

describe('withTzdata', () => {
  it('gives the choice to both requests that carry it: embed is a build tag of the compile', () => {
    const config = {
      dockerfile: { tzdata: 'zip' as Tzdata, user: 'x' },
      compile: { embedTzdata: false, v: 1 }
    }
    expect(withTzdata(config, 'embed')).toEqual({
      dockerfile: { tzdata: 'embed', user: 'x' },
      compile: { embedTzdata: true, v: 1 }
    })
    expect(withTzdata(config, 'full').compile.embedTzdata).toBe(false)
  })
})
