import { describe, expect, it } from '@jest/globals'
import { secretParts } from '../../src/secrets.js'

describe('secretParts', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['s3cret', ['s3cret']],
    ['half-one\nhalf-two', ['half-one\nhalf-two', 'half-one', 'half-two']],
    ['a\r\nb\n\n', ['a\r\nb\n\n', 'a', 'b']]
  ])('%j → %j', (value, parts) => {
    expect(secretParts(value)).toEqual(parts)
  })
})
