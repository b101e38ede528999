// The merge step's inputs (mode: merge): the tags of the index, the platforms of the legs, and the
// index's annotations.
import { annotationLevels, parseAnnotation } from '../image/metadata.js'
import type { MergeRequest } from '../matrix/merge.js'
import { parsePlatforms } from '../platform.js'
import { inputList, type InputReader } from './parse.js'
import { parseAnnotations, readCredentials, readTagRules, readTags } from './publish.js'
import { InputError } from '../errors.js'

/** The merge only writes the index: annotations without a level, or index:, as "key=value". */
function indexAnnotations(text: string): string[] {
  return parseAnnotations(inputList('annotations', text, { ignoreComma: true })).map(line => {
    const annotation = parseAnnotation(line)
    if (annotationLevels(line).some(level => level !== 'index')) {
      throw new InputError(
        `annotations: "${line}" cannot be set by the merge step, which only writes the index; use index: or no level`
      )
    }
    return `${annotation.key}=${annotation.value}`
  })
}

export function readMergeRequest(input: InputReader): MergeRequest {
  const tagRules = readTagRules(input)
  const tags = tagRules ? [] : readTags(input)
  if (tags.length === 0 && !tagRules)
    throw new InputError('mode: merge needs tags: the index is created under each of them')
  // No default here: a default list would let an index miss a leg of a larger matrix, silently.
  if (!input('platforms')) {
    throw new InputError(
      'platforms: mode: merge needs every platform the matrix legs built (e.g. linux/amd64,linux/arm64,linux/arm/v7); ' +
        'the index is refused unless each of them was handed over'
    )
  }
  const platforms = parsePlatforms(inputList('platforms', input('platforms'))).map(p => p.name)
  const annotations = indexAnnotations(input('annotations'))
  const repositories = tagRules ? tagRules.images.map(image => image.name) : tags
  return { tags, tagRules, platforms, annotations, credentials: readCredentials(input, repositories) }
}
