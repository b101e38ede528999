// A step's log rendered as GitHub's runner shows it, for the README's first command.
import { describe, expect, it } from '@jest/globals'
import { RunnerLog } from '../../../scripts/lib/runner-log.js'

describe('RunnerLog', () => {
  it('hides debug lines and masks, folds groups to a heading, labels warnings, masks secrets', () => {
    const log = new RunnerLog()
    const shown = log.write(
      [
        '::debug::cache service v2',
        '::add-mask::s3cret',
        '::group::Set up Go',
        'Go 1.24.4 from the tool cache, token s3cret',
        '::endgroup::',
        '::warning::two%0Alines',
        'partial'
      ].join('\n')
    )
    expect(shown).toBe('▸ Set up Go\nGo 1.24.4 from the tool cache, token ***\nWarning: two\nlines\n')
    expect(log.end()).toBe('partial\n')
  })

  it('shows every line inside stop-commands as it is, and hides the markers', () => {
    const log = new RunnerLog()
    const shown = log.write('::stop-commands::tok\n::error::from a program\n::tok::\n::error::real\n')
    expect(shown).toBe('::error::from a program\nError: real\n')
  })

  it('shows debug lines with RUNNER_DEBUG', () => {
    expect(new RunnerLog(true).write('::debug::x\n')).toBe('##[debug]x\n')
  })
})
