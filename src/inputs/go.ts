// The Go stage's inputs: which Go (a version, a version file, or the module's go.mod) and where from.
import { existsSync, statSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import type { GoRequest } from '../go/install.js'
import { isLoopbackHost } from '../http/hosts.js'
import { checkVersionSpec } from '../go/versions.js'
import { httpUrl, insidePath, readBoolean, withDefault, type InputReader } from './parse.js'
import { InputError } from '../errors.js'

/** The version file: as given, else (no go-version either) the module's go.mod; "" when go-version says it. */
function readVersionFile(input: InputReader, workspace: string, workingDirectory: string): string {
  const given = input('go-version-file')
  if (given) {
    const path = insidePath('go-version-file', workspace, given, 'the workspace')
    if (!existsSync(path))
      throw new InputError(
        `go-version-file: "${given}" does not exist (${path}); the path is relative to the workspace ` +
          `(${workspace}), not to working-directory (${workingDirectory}): e.g. "${relative(workspace, resolve(workingDirectory, 'go.mod'))}"`
      )
    if (!statSync(path).isFile()) throw new InputError(`go-version-file: "${given}" is not a file (${path})`)
    return path
  }
  if (input('go-version')) return ''
  // Neither given: the module's own go.mod (or the workspace's go.work) says which Go it needs.
  const found = ['go.mod', 'go.work']
    .map(name => resolve(workingDirectory, name))
    .find(path => existsSync(path))
  if (!found) {
    throw new InputError(
      `go-version: not given, and there is no go.mod or go.work in ${workingDirectory} to read it from; ` +
        `set go-version (e.g. 1.24) or go-version-file`
    )
  }
  return found
}

/** A token goes over https, or over plain http only to this machine. */
function refuseTokenInClear(url: string): void {
  const { protocol, hostname } = new URL(url)
  if (protocol === 'http:' && !isLoopbackHost(hostname)) {
    throw new InputError(
      `go-download-token: it would be sent in clear text to ${url}; use an https:// mirror (plain http is accepted only for a loopback one)`
    )
  }
}

export function readGoRequest(input: InputReader, workspace: string, workingDirectory: string): GoRequest {
  const goVersion = input('go-version')
  // The syntax is checked now; whether such a release exists, once the release list is read.
  if (goVersion) checkVersionSpec(goVersion)
  const goVersionFile = readVersionFile(input, workspace, workingDirectory)
  const goDownloadBaseUrl = httpUrl(
    'go-download-base-url',
    withDefault(input, 'go-download-base-url')
  ).replace(/\/+$/, '')
  const goVersionIndexUrl = input('go-version-index-url')
    ? httpUrl('go-version-index-url', input('go-version-index-url'))
    : `${goDownloadBaseUrl}/?mode=json&include=all`
  const token = input('go-download-token')
  if (token) for (const url of [goDownloadBaseUrl, goVersionIndexUrl]) refuseTokenInClear(url)
  return {
    goVersion,
    goVersionFile,
    goDownloadBaseUrl,
    goVersionIndexUrl,
    checkLatest: readBoolean(input, 'check-latest'),
    token
  }
}
