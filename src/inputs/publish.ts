// The publish stage's inputs: the tags, labels and annotations, where the image goes (push, push by
// digest, archive or load), the builder, attestations, the timestamp and the registry credentials.
import type { Credentials } from '../docker/login.js'
import { annotationLevels, parseAnnotation } from '../image/metadata.js'
import type { Destination, PublishRequest } from '../image/publish.js'
import { parseReference, registryOf } from '../reference.js'
import { inputList, matching, optionalMatching, readBoolean, withDefault, type InputReader } from './parse.js'
import { InputError } from '../errors.js'
import { parseFlavor, parseImages, parseRules, type TagRules } from '../tags/rules.js'

export const ANNOTATION_LEVELS = ['index', 'manifest', 'index-descriptor', 'manifest-descriptor']

/**
 * With `images`, metadata-action's inputs: images, tags as rules (a line each) and flavor; the tags
 * themselves are made from the git ref before compiling. Without, undefined (tags are references).
 */
export function readTagRules(input: InputReader): TagRules | undefined {
  const list = (name: 'images' | 'tags' | 'flavor') => inputList(name, input(name), { ignoreComma: true })
  if (!input('images')) {
    if (input('flavor')) throw new InputError('flavor: applies to tags made from rules; give images too')
    return undefined
  }
  const images = parseImages(list('images'))
  for (const { name } of images) {
    const reference = parseReference('images', name)
    if (reference.tag !== undefined || reference.digest)
      throw new InputError(
        `images: "${name}" names a tag or digest; give the repository only (e.g. ghcr.io/acme/server)`
      )
  }
  return { images, rules: parseRules(list('tags')), flavor: parseFlavor(list('flavor')) }
}

export function readTags(input: InputReader): string[] {
  const tags = inputList('tags', input('tags'))
  for (const tag of tags) {
    if (parseReference('tags', tag).digest) {
      throw new InputError(
        `tags: "${tag}" names a digest, which cannot be pushed to; give repository:tag (e.g. ghcr.io/acme/server:1.2.3)`
      )
    }
  }
  return tags
}

function parseLabels(lines: string[]): string[] {
  for (const line of lines) {
    if (!/^[^=\s]+=/.test(line)) throw new InputError(`labels: "${line}" is not of the form key=value`)
  }
  return lines
}

/** "[levels:]key=value" lines, each level one that buildx knows. */
export function parseAnnotations(lines: string[]): string[] {
  for (const line of lines) {
    const { key } = parseAnnotation(line)
    if (!line.includes('=') || !/^[^\s=]+$/.test(key)) {
      throw new InputError(
        `annotations: "${line}" is not of the form [levels:]key=value (levels: ${ANNOTATION_LEVELS.join(', ')})`
      )
    }
    for (const level of annotationLevels(line)) {
      if (!ANNOTATION_LEVELS.includes(level)) {
        throw new InputError(
          `annotations: "${line}" names the level "${level}"; accepted: ${ANNOTATION_LEVELS.join(', ')}`
        )
      }
    }
  }
  return lines
}

function readAttestation(input: InputReader, name: 'provenance' | 'sbom'): string {
  const value = withDefault(input, name)
  if (!/^(true|false|mode=(min|max))$/.test(value) && !/^[a-z-]+=[^\s,]+(,[a-z-]+=[^\s,]+)*$/.test(value)) {
    throw new InputError(
      `${name}: "${value}" is not accepted; accepted: true, false, mode=min, mode=max, or key=value,… as buildx takes`
    )
  }
  return value
}

/** The gzip level of the layers buildx compresses: 0 (stored) to 9. */
function readCompressionLevel(input: InputReader): number {
  const text = withDefault(input, 'compression-level')
  const level = matching(
    'compression-level',
    text,
    /^\d$/,
    'is not a gzip level (0 to 9: 1 fastest, 9 smallest)'
  )
  return Number(level)
}

function readSourceDateEpoch(input: InputReader): number | undefined {
  const text = input('source-date-epoch')
  if (!text) return undefined
  return Number(matching('source-date-epoch', text, /^\d{1,12}$/, 'is not a number of seconds since 1970'))
}

/** username and password come together; the registry defaults to the first tag's. */
export function readCredentials(input: InputReader, tags: string[]): Credentials | undefined {
  const username = input('username')
  const password = input('password')
  if (Boolean(username) !== Boolean(password)) {
    throw new InputError(
      `${username ? 'password' : 'username'}: needed too when ${username ? 'username' : 'password'} is given`
    )
  }
  const registry = input('registry') || (tags.length ? registryOf(tags[0]) : 'docker.io')
  matching(
    'registry',
    registry,
    /^[A-Za-z0-9.-]+(:\d+)?$/,
    'is not a registry host[:port] (e.g. ghcr.io, 127.0.0.1:5000)'
  )
  return username ? { registry, username, password } : undefined
}

function readBuilder(input: InputReader): string {
  return optionalMatching(
    'builder',
    input('builder'),
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/,
    'is not a builder name (letters, digits, "_", "." or "-")'
  )
}

/** Where the image goes: push, push-by-digest and load decide it together, once. */
export function readDestination(input: InputReader): Destination {
  const byDigest = readBoolean(input, 'push-by-digest')
  const push = readBoolean(input, 'push')
  const load = readBoolean(input, 'load')
  if (load && (push || byDigest))
    throw new InputError(
      `load: true and ${byDigest ? 'push-by-digest' : 'push'}: true exclude each other; choose one`
    )
  if (byDigest) return 'registry-by-digest'
  if (push) return 'registry'
  if (load) return 'engine'
  // archive: false matters only here: a push or a load writes no archive of its own.
  return readBoolean(input, 'archive') ? 'oci-archive' : 'check'
}

export function readPublishRequest(input: InputReader): PublishRequest {
  const tagRules = readTagRules(input)
  const tags = tagRules ? [] : readTags(input)
  const destination = readDestination(input)
  const labels = parseLabels(inputList('labels', input('labels'), { ignoreComma: true }))
  const annotations = parseAnnotations(inputList('annotations', input('annotations'), { ignoreComma: true }))
  const builder = readBuilder(input)
  const provenance = readAttestation(input, 'provenance')
  const sbom = readAttestation(input, 'sbom')
  const compressionLevel = readCompressionLevel(input)
  const sourceDateEpoch = readSourceDateEpoch(input)
  const credentials = readCredentials(input, tagRules ? tagRules.images.map(image => image.name) : tags)
  return {
    tags,
    tagRules,
    labels,
    annotations,
    destination,
    builder,
    provenance,
    sbom,
    compressionLevel,
    sourceDateEpoch,
    credentials
  }
}
