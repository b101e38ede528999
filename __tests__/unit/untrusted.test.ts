import { describe, expect, it } from '@jest/globals'
import { oneLine, tableCell } from '../../src/untrusted.js'

describe('untrusted text', () => {
  it.each([
    ['go1.24.4\n::warning title=planted::x', 'go1.24.4 : :warning title=planted: :x'],
    ['a\r\n\r\nb', 'a b'],
    ['::error::', ': :error: :'],
    ['plain', 'plain']
  ])('oneLine(%j) → %j: never a line the runner reads as a command', (text, line) => {
    expect(oneLine(text)).toBe(line)
    expect(oneLine(text)).not.toMatch(/^::|\n/)
  })

  it('keeps a planted cache key from breaking the summary table', () => {
    expect(tableCell('k | x\n`code`')).toBe('k \\| x \\`code\\`')
  })
})
