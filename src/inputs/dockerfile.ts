// The Dockerfile's inputs: what the image holds besides the binaries (CA bundle, zoneinfo) and how it
// runs (user, environment, ports, working directory, arguments).
import * as core from '@actions/core'
import { existsSync, realpathSync, statSync } from 'node:fs'
import { posix, relative, sep } from 'node:path'
import { NONROOT, type DockerfileRequest, type ImageFile } from '../image/dockerfile.js'
import { VCS_FOLDERS } from '../image/rootfs.js'
import { parseReference } from '../reference.js'
import { TZDATA, ZONEINFO_DIR, ZONEINFO_ZIP, type Tzdata } from '../tzdata.js'
import { oneLine } from '../untrusted.js'
import {
  inputList,
  insidePath,
  matching,
  oneOf,
  readBoolean,
  splitList,
  withDefault,
  type InputReader
} from './parse.js'
import { InputError } from '../errors.js'

/** "nonroot" and "65532" mean 65532:65532; "root" and "0" mean no USER at all. */
function parseUser(text: string): string {
  if (text === 'root' || text === '0' || text === '0:0') return ''
  if (text === 'nonroot') return NONROOT
  const ids = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(text)
  if (!ids) {
    throw new InputError(
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
      throw new InputError(`expose: "${port}" is not a port; accepted: 8080, 8080/tcp, 53/udp`)
    }
  }
  return ports
}

/**
 * A folder inside the image, as image-workdir and volumes name one: absolute, plain (no "." or ".."
 * parts, which would create folders outside the build context), not a binary's path or under one, and
 * not over a file the image needs as the action makes it (a folder under /tmp is fine).
 */
function parseImageFolder(input: 'image-workdir' | 'volumes', text: string, binaries: string[]): string {
  const folder = matching(
    input,
    text,
    /^\/[A-Za-z0-9._/-]*$/,
    'must be an absolute path of letters, digits, ".", "_", "-" and "/"'
  ).replace(/(.)\/+$/, '$1')
  if (folder.split('/').some(part => part === '.' || part === '..') || folder.includes('//'))
    throw new InputError(`${input}: "${text}" has "." or ".." parts (or "//"); give a plain absolute path`)
  const binary = binaries.find(name => isWithin(folder, `/${name}`))
  if (binary)
    throw new InputError(`${input}: "${text}" would be over the binary /${binary}; choose another folder`)
  const clash = PROTECTED_PATHS.find(p => p !== '/tmp' && isWithin(folder, p))
  if (clash)
    throw new InputError(
      `${input}: "${text}" would replace ${clash}, which the image needs as the action makes it`
    )
  if (input === 'volumes' && folder === '/')
    throw new InputError('volumes: "/" is the whole image; name a folder in it')
  return folder
}

/** The folders the image's user writes to: the workdir, and each of volumes (each also a VOLUME). */
function readWritableFolders(input: InputReader, binaries: string[], files: ImageFile[]) {
  const workdir = input('image-workdir')
    ? parseImageFolder('image-workdir', input('image-workdir'), binaries)
    : ''
  const volumes = [
    ...new Set(
      inputList('volumes', input('volumes')).map(text => parseImageFolder('volumes', text, binaries))
    )
  ]
  for (const [name, folder] of [['image-workdir', workdir], ...volumes.map(v => ['volumes', v])]) {
    const over = files.find(file => !file.folder && folder && isWithin(folder, file.dest))
    if (over)
      throw new InputError(
        `${name}: "${folder}" would be inside the file files puts at ${over.dest}; ` +
          'choose a folder, or a files DEST that is a folder'
      )
  }
  return { workdir, volumes }
}

/** The tzdata choice: the compile stage needs it too ("embed" is a build tag). */
export function readTzdata(input: InputReader): Tzdata {
  return oneOf('tzdata', withDefault(input, 'tzdata'), TZDATA)
}

/** Paths the image must keep as the action makes them: a file may go neither there nor over an ancestor. */
export const PROTECTED_PATHS = [
  '/tmp',
  '/etc/passwd',
  '/etc/group',
  '/etc/ssl/certs/ca-certificates.crt',
  ZONEINFO_ZIP,
  ZONEINFO_DIR
]

const isWithin = (path: string, ancestor: string) => path === ancestor || path.startsWith(`${ancestor}/`)

function parseDest(line: string, text: string): string {
  const dest = posix.normalize(text).replace(/(.)\/$/, '$1')
  if (
    !/^\/[A-Za-z0-9._@+=,/-]*$/.test(text) ||
    dest !== text.replace(/(.)\/$/, '$1') ||
    dest.includes('/../')
  ) {
    throw new InputError(
      `files: "${line}" has no plain absolute DEST (letters, digits, ".", "_", "-", "/"; no ".." or "//")`
    )
  }
  const clash = PROTECTED_PATHS.find(p => isWithin(p, dest) || isWithin(dest, '/tmp'))
  if (dest === '/' || clash) {
    throw new InputError(
      `files: "${line}" would replace ${dest === '/' ? '/' : clash}, which the image needs as the action makes it`
    )
  }
  return dest
}

/**
 * cmd as build-push-action writes lists. An item with a space that was not quoted is one argument, which
 * may not be what was meant ("serve --port 8080"): a notice says so.
 */
function readCmd(text: string): string[] {
  const args = inputList('cmd', text)
  for (const arg of args.filter(a => /\s/.test(a) && !text.includes(`"${a}"`))) {
    core.notice(
      `cmd: "${oneLine(arg)}" is one argument (it has a space and no quotes); give each argument on its own line or between commas`
    )
  }
  return args
}

const isVcsFolder = (part: string) => VCS_FOLDERS.includes(part)

/** files: SOURCE:DEST lines; SOURCE inside working-directory (links resolved), DEST absolute and free. */
export function readFiles(input: InputReader, workingDirectory: string): ImageFile[] {
  const files = splitList(input('files'), /\n/).map(line => {
    const parts = /^(.+):(\/.*)$/.exec(line)
    if (!parts)
      throw new InputError(`files: "${line}" is not of the form SOURCE:DEST (e.g. assets:/srv/assets)`)
    const source = insidePath('files', workingDirectory, parts[1], 'working-directory')
    if (!existsSync(source))
      throw new InputError(`files: "${parts[1]}" does not exist in working-directory (${source})`)
    // As written and as resolved: a committed link (assets -> .git) must not carry the checkout's token in.
    const resolved = relative(realpathSync(workingDirectory), realpathSync(source))
    if ([relative(workingDirectory, source), resolved].some(path => path.split(sep).some(isVcsFolder)))
      throw new InputError(`files: "${parts[1]}" is version-control data, which never goes into an image`)
    return { source, dest: parseDest(line, parts[2]), folder: statSync(source).isDirectory() }
  })
  files.forEach((file, i) => {
    const first = files.findIndex(other => other.dest === file.dest)
    if (first !== i) throw new InputError(`files: two lines name the DEST ${file.dest}; each DEST once`)
  })
  return files
}

export function readDockerfileRequest(
  input: InputReader,
  binaries: string[],
  workingDirectory: string
): DockerfileRequest {
  const systemFilesImage = withDefault(input, 'system-files-image')
  parseReference('system-files-image', systemFilesImage)
  const user = parseUser(withDefault(input, 'user'))
  const tzdata = readTzdata(input)
  const certs = readBoolean(input, 'certs')
  const env = parseEnv(splitList(input('env'), /\n/))
  const expose = parseExpose(input('expose'))
  const args = readCmd(input('cmd'))
  const files = readFiles(input, workingDirectory)
  const { workdir, volumes } = readWritableFolders(input, binaries, files)
  return { systemFilesImage, binaries, files, user, certs, tzdata, env, expose, workdir, volumes, args }
}
