// Image references ("ghcr.io/acme/server:1.2.3"), checked against the distribution reference grammar
// so that a bad tag fails before anything is built, with a message saying what is wrong.
import { isLoopbackHost } from './http/hosts.js'
import { InputError } from './errors.js'

export interface ImageReference {
  /** Repository with its registry: "ghcr.io/acme/server". */
  name: string
  tag?: string
  digest?: string
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const DOMAIN =
  /^(?:localhost|(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^sha256:[a-f0-9]{64}$/

/** Parses a reference or throws, naming the input and the offending value. */
export function parseReference(input: string, text: string): ImageReference {
  const fail = (why: string): never => {
    throw new InputError(`${input}: "${text}" is not a valid image reference: ${why}`)
  }
  if (text.length === 0) fail('it is empty')
  if (/\s/.test(text)) fail('it contains white space')
  let rest = text
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest)) fail('the digest must be sha256: followed by 64 lower-case hex digits')
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) {
      fail('a tag is 1 to 128 letters, digits, "_", "." or "-", and does not start with "." or "-"')
    }
  }
  const components = rest.split('/')
  const first = components[0]
  const hasDomain = isDomain(components)
  if (hasDomain && !DOMAIN.test(first)) fail(`"${first}" is not a registry host[:port]`)
  for (const component of hasDomain ? components.slice(1) : components) {
    if (!PATH_COMPONENT.test(component)) {
      fail(
        `"${component}" is not a repository path component (lower-case letters and digits, ` +
          `separated by ".", "_", "__" or "-")`
      )
    }
  }
  if (rest.length > 255) fail('the repository name is longer than 255 characters')
  return { name: rest, tag, digest }
}

/** Whether a reference's first path component is a registry host (has "." or ":", or is localhost). */
function isDomain(components: string[]): boolean {
  const first = components[0]
  return components.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')
}

/** The registry a reference names: its first component when that is a host, else Docker Hub. */
export function registryOf(reference: string): string {
  const components = reference.split('/')
  return isDomain(components) ? components[0] : 'docker.io'
}

/** The repositories that tags name, each once, in order: "ghcr.io/acme/app:1" → "ghcr.io/acme/app". */
export function repositoriesOf(input: string, tags: string[]): string[] {
  return [...new Set(tags.map(tag => parseReference(input, tag).name))]
}

/** Registries the engine treats as plain HTTP by default (127.0.0.0/8, localhost, ::1). */
export function isLoopbackRegistry(repository: string): boolean {
  return isLoopbackHost(repository.split('/')[0].replace(/:\d+$/, ''))
}
