// The cache stage's inputs: on or off, the files that key the module cache, the key prefix, and which
// job saves the module cache.
import type { CacheRequest } from '../cache/caches.js'
import {
  insidePath,
  matching,
  oneOf,
  readBoolean,
  splitList,
  withDefault,
  type InputReader
} from './parse.js'

/** The cache inputs; whether this job is a matrix leg readConfig takes from the publish inputs. */
export function readCacheRequest(input: InputReader, workspace: string): Omit<CacheRequest, 'matrixLeg'> {
  const enabled = readBoolean(input, 'cache')
  const keyPrefix = matching(
    'cache-key-prefix',
    withDefault(input, 'cache-key-prefix'),
    /^[A-Za-z0-9._-]{1,64}$/,
    'must be 1 to 64 letters, digits, ".", "_" or "-"'
  )
  const saveModules = oneOf('cache-save-modules', withDefault(input, 'cache-save-modules'), [
    'auto',
    'true',
    'false'
  ] as const)
  const dependencyPath = splitList(input('cache-dependency-path'), /\n/)
  for (const pattern of dependencyPath)
    insidePath('cache-dependency-path', workspace, pattern.replace(/^!/, ''), 'the workspace')
  const fallback = readBoolean(input, 'cache-fallback')
  const onTags = readBoolean(input, 'cache-on-tags')
  return { enabled, dependencyPath, keyPrefix, saveModules, fallback, onTags }
}
