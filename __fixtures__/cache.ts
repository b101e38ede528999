// A stand-in for @actions/cache: an in-memory store of saved keys.
import { jest } from '@jest/globals'

export const saved = new Set<string>()
export const isFeatureAvailable = jest.fn(() => true)
export const restoreCache = jest.fn(
  async (
    _paths: string[],
    key: string,
    _restoreKeys?: string[],
    _options?: object
  ): Promise<string | undefined> => (saved.has(key) ? key : undefined)
)
export const saveCache = jest.fn(async (_paths: string[], key: string): Promise<number> => {
  saved.add(key)
  return 1
})
