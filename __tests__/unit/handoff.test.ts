import { describe, expect, it } from '@jest/globals'
import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { attemptsUpTo, handoffKey, handoffPath, ownFolder } from '../../src/matrix/handoff.js'

describe('handoffKey', () => {
  const run = { runId: '42', attempt: '2' }
  it('ends with the attempt, so that the merge restores the newest by prefix', () => {
    const { key, prefix } = handoffKey(run, ['r/app'], 'linux/arm/v7')
    expect(key.startsWith(prefix)).toBe(true)
    expect(key.endsWith('-linux-arm-v7-2')).toBe(true)
    expect(prefix).toMatch(/^go-mini-digest-42-[0-9a-f]{16}-linux-arm-v7-$/)
  })
  it('is the same for the same repositories in any order, and differs for others', () => {
    expect(handoffKey(run, ['a/x', 'b/y'], 'linux/amd64')).toEqual(
      handoffKey(run, ['b/y', 'a/x'], 'linux/amd64')
    )
    expect(handoffKey(run, ['a/x'], 'linux/amd64').key).not.toBe(handoffKey(run, ['b/y'], 'linux/amd64').key)
  })
  it('keeps the record at a path that does not depend on the runner', () => {
    expect(handoffPath(run, 'linux/amd64')).toBe('/tmp/go-mini-action/handoff-42/linux-amd64.json')
  })
})

describe('attemptsUpTo', () => {
  it.each([
    ['1', ['1']],
    ['3', ['3', '2', '1']],
    ['', ['1']],
    ['x', ['1']]
  ])('%j → %j', (attempt, attempts) => {
    expect(attemptsUpTo(attempt)).toEqual(attempts)
  })
})

describe('ownFolder', () => {
  const scratch = () => mkdtempSync(join(tmpdir(), 'own-'))

  it('creates the folder for this user alone', async () => {
    const dir = join(scratch(), 'go-mini-action')
    await ownFolder(dir)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
  })

  it.each<[string, (dir: string) => void, string]>([
    ['a symbolic link', dir => symlinkSync(scratch(), dir), 'is a symbolic link'],
    [
      'a folder of another user',
      dir => (mkdirSync(dir, { mode: 0o700 }), chownSync(dir, 65534, 65534)),
      'is owned by uid 65534'
    ],
    ['a folder anyone may write', dir => (mkdirSync(dir), chmodSync(dir, 0o777)), 'is writable by others']
  ])('refuses %s made first', async (_name, make, why) => {
    const dir = join(scratch(), 'go-mini-action')
    make(dir)
    await expect(ownFolder(dir)).rejects.toThrow(`${dir} ${why}: the matrix hand-over will not write there`)
  })
})
