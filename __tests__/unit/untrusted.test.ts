import { describe, expect, it } from '@jest/globals'
import { codeSpan, oneLine } from '../../src/untrusted.js'

describe('untrusted text', () => {
  it.each([
    ['go1.24.4\n::warning title=planted::x', 'go1.24.4 : :warning title=planted: :x'],
    ['a\r\n\r\nb', 'a b'],
    ['::error::', ': :error: :'],
    ['k-##[warning]planted', 'k-# #[warning]planted'],
    ['###[error]x ##[group]', '## #[error]x # #[group]'],
    ['plain', 'plain']
  ])('oneLine(%j) → %j: never a line the runner reads as a command', (text, line) => {
    expect(oneLine(text)).toBe(line)
    expect(oneLine(text)).not.toMatch(/^::|\n|##\[/)
  })

  it.each([
    ['go-mod-abc', '`go-mod-abc`'],
    ['k | x\n`code`', '`` k \\| x `code` ``'],
    ['<img src=x onerror=alert(1)>', '`<img src=x onerror=alert(1)>`'],
    [
      '![i](https://evil.example/x.png) [l](https://evil.example)',
      '`![i](https://evil.example/x.png) [l](https://evil.example)`'
    ],
    ['``a`', '``` ``a` ```'],
    ['', '–']
  ])('codeSpan(%j) → %j: one code span, where no HTML, image or link renders', (text, span) => {
    expect(codeSpan(text)).toBe(span)
  })
})
