// The Dockerfile's inputs: what the image holds besides the binaries (CA bundle, zoneinfo) and how it
// runs (user, environment, ports, working directory, arguments).
import { NONROOT, type DockerfileRequest, type Tzdata } from '../image/dockerfile.js'
import { parseReference } from '../reference.js'
import {
  matching,
  oneOf,
  optionalMatching,
  readBoolean,
  splitList,
  withDefault,
  type InputReader
} from './parse.js'

export const TZDATA: readonly Tzdata[] = ['zip', 'full', 'embed', 'none']

/** "nonroot" and "65532" mean 65532:65532; "root" and "0" mean no USER at all. */
function parseUser(text: string): string {
  if (text === 'root' || text === '0' || text === '0:0') return ''
  if (text === 'nonroot') return NONROOT
  const ids = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(text)
  if (!ids) {
    throw new Error(
      `user: "${text}" is not accepted; accepted: uid[:gid] (e.g. 65532:65532), nonroot, root or 0`
    )
  }
  return `${ids[1]}:${ids[2] ?? ids[1]}`
}

function parseEnv(lines: string[]): string[] {
  for (const line of lines) {
    matching(
      'env',
      line,
      /^[A-Za-z_][A-Za-z0-9_]*=/,
      'is not of the form NAME=value (NAME: letters, digits and "_", not starting with a digit)'
    )
  }
  return lines
}

function parseExpose(text: string): string[] {
  const ports = splitList(text, /[\s,]+/)
  for (const port of ports) {
    if (!/^\d{1,5}(\/(tcp|udp|sctp))?$/.test(port) || Number(port.split('/')[0]) > 65535) {
      throw new Error(`expose: "${port}" is not a port; accepted: 8080, 8080/tcp, 53/udp`)
    }
  }
  return ports
}

function parseWorkdir(text: string): string {
  return optionalMatching(
    'workdir',
    text,
    /^\/[A-Za-z0-9._/-]*$/,
    'must be an absolute path of letters, digits, ".", "_", "-" and "/"'
  )
}

/** The tzdata choice: the compile stage needs it too ("embed" is a build tag). */
export function readTzdata(input: InputReader): Tzdata {
  return oneOf('tzdata', withDefault(input, 'tzdata'), TZDATA)
}

export function readDockerfileRequest(input: InputReader, binaryName: string): DockerfileRequest {
  const builderImage = withDefault(input, 'builder-image')
  parseReference('builder-image', builderImage)
  const user = parseUser(withDefault(input, 'user'))
  const tzdata = readTzdata(input)
  const certs = readBoolean(input, 'certs', true)
  const env = parseEnv(splitList(input('env'), /\n/))
  const expose = parseExpose(input('expose'))
  const workdir = parseWorkdir(input('workdir'))
  const args = input('args') ? input('args').split('\n') : []
  return { builderImage, binaryName, user, certs, tzdata, env, expose, workdir, args }
}
