// The merge step's inputs (mode: merge): the tags of the index, the platforms of the legs, and the
// index's annotations.
import { parseAnnotation } from '../image/metadata.js'
import type { MergeRequest } from '../matrix/merge.js'
import { parsePlatforms } from '../platform.js'
import { splitList, withDefault, type InputReader } from './parse.js'
import { parseAnnotations, readTags } from './publish.js'

/** The merge only writes the index: annotations without a level, or index:, as "key=value". */
function indexAnnotations(text: string): string[] {
  return parseAnnotations(splitList(text, /\n/)).map(line => {
    const annotation = parseAnnotation(line)
    if (annotation.types.split(',').some(level => level && level !== 'index')) {
      throw new Error(
        `annotations: "${line}" cannot be set by the merge step, which only writes the index; use index: or no level`
      )
    }
    return `${annotation.key}=${annotation.value}`
  })
}

export function readMergeRequest(input: InputReader): MergeRequest {
  const tags = readTags(input)
  if (tags.length === 0) throw new Error('mode: merge needs tags: the index is created under each of them')
  const platforms = parsePlatforms(splitList(withDefault(input, 'platforms'))).map(p => p.name)
  const annotations = indexAnnotations(input('annotations'))
  return { tags, platforms, annotations }
}
