import { beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readConfig, type BuildConfig, type MergeConfig } from '../../../src/inputs/config.js'
import { inputList, parseBoolean, splitList, withEnvironment } from '../../../src/inputs/parse.js'
import { makeWorkspace } from '../../helpers/workspace.js'

let workspace: string
beforeAll(() => {
  workspace = makeWorkspace()
})

const config = (inputs: Record<string, string>) =>
  readConfig(name => inputs[name] ?? '', workspace) as BuildConfig

describe('readConfig', () => {
  it('applies the defaults', () => {
    const c = config({ 'working-directory': 'app' })
    expect(c).toMatchObject({
      mode: 'build',
      go: {
        goVersion: '',
        goVersionFile: join(workspace, 'app', 'go.mod'),
        goDownloadBaseUrl: 'https://go.dev/dl',
        goVersionIndexUrl: 'https://go.dev/dl/?mode=json&include=all',
        checkLatest: false,
        token: ''
      },
      cache: { enabled: true, dependencyPath: [], keyPrefix: 'go-mini', saveModules: 'auto' },
      compile: {
        workingDirectory: join(workspace, 'app'),
        mains: [{ package: '.', name: 'app' }],
        buildFlags: [],
        buildTags: [],
        ldflags: '',
        version: '',
        versionVariable: 'main.version',
        embedTzdata: false
      },
      dockerfile: {
        systemFilesImage:
          'gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab',
        binaries: ['app'],
        files: [],
        user: '65532:65532',
        tzdata: 'zip',
        certs: true,
        env: [],
        expose: [],
        workdir: '',
        args: []
      },
      publish: {
        tags: [],
        labels: [],
        annotations: [],
        destination: 'oci-archive',
        builder: '',
        provenance: 'false',
        sbom: 'false',
        compressionLevel: 1,
        sourceDateEpoch: undefined,
        credentials: undefined
      }
    })
    expect(c.compile.platforms.map(p => p.name)).toEqual(['linux/amd64', 'linux/arm64'])
  })

  it('reads every input', () => {
    const c = config({
      'working-directory': 'app',
      'go-version-file': '.go-version',
      'go-download-base-url': 'http://127.0.0.1:8090/dl/',
      'go-version-index-url': 'http://127.0.0.1:8090/list.json',
      'check-latest': 'true',
      'go-download-token': 's3cret',
      main: 'cmd/server',
      'binary-name': 'srv',
      platforms: 'linux/amd64\nlinux/arm/v7',
      'build-flags': '-mod=mod  -v',
      'build-tags': 'netgo, osusergo',
      ldflags: '-X main.commit=abc',
      version: 'v1.2.3',
      'version-variable': 'example.com/app/internal/build.Version',
      tags: 'ghcr.io/acme/srv:1, ghcr.io/acme/srv:latest',
      labels: 'org.opencontainers.image.title=srv\na=b,c',
      push: 'TRUE',
      'system-files-image': '127.0.0.1:5000/base:1',
      builder: 'mine',
      annotations: 'manifest:a=b\nindex:c=d',
      user: 'nonroot',
      tzdata: 'embed',
      certs: 'false',
      env: 'A=1\nB=two words',
      expose: '8080, 53/udp',
      'image-workdir': '/data',
      volumes: '/var/lib/store, /tmp/spool\n/var/lib/store',
      cmd: '--port\n8080',
      provenance: 'mode=max',
      sbom: 'true',
      'compression-level': '9',
      'source-date-epoch': '1700000000',
      cache: 'false',
      'cache-dependency-path': 'app/go.sum\n!app/vendor/**',
      'cache-key-prefix': 'mine',
      'cache-save-modules': 'true'
    })
    expect(c).toMatchObject({
      go: {
        goVersion: '',
        goVersionFile: join(workspace, '.go-version'),
        goDownloadBaseUrl: 'http://127.0.0.1:8090/dl',
        goVersionIndexUrl: 'http://127.0.0.1:8090/list.json',
        checkLatest: true,
        token: 's3cret'
      },
      cache: {
        enabled: false,
        dependencyPath: ['app/go.sum', '!app/vendor/**'],
        keyPrefix: 'mine',
        saveModules: 'true'
      },
      compile: {
        mains: [{ package: './cmd/server', name: 'srv' }],
        buildFlags: ['-mod=mod', '-v'],
        buildTags: ['netgo', 'osusergo'],
        ldflags: '-X main.commit=abc',
        version: 'v1.2.3',
        versionVariable: 'example.com/app/internal/build.Version',
        embedTzdata: true
      },
      dockerfile: {
        systemFilesImage: '127.0.0.1:5000/base:1',
        binaries: ['srv'],
        user: '65532:65532',
        tzdata: 'embed',
        certs: false,
        env: ['A=1', 'B=two words'],
        expose: ['8080', '53/udp'],
        workdir: '/data',
        volumes: ['/var/lib/store', '/tmp/spool'],
        args: ['--port', '8080']
      },
      publish: {
        tags: ['ghcr.io/acme/srv:1', 'ghcr.io/acme/srv:latest'],
        labels: ['org.opencontainers.image.title=srv', 'a=b,c'],
        annotations: ['manifest:a=b', 'index:c=d'],
        destination: 'registry',
        builder: 'mine',
        provenance: 'mode=max',
        sbom: 'true',
        compressionLevel: 9,
        sourceDateEpoch: 1700000000
      }
    })
    expect(c.compile.platforms.map(p => p.name)).toEqual(['linux/amd64', 'linux/arm/v7'])
  })

  it('reads go-download-base-url from GO_DOWNLOAD_BASE_URL when not given, as setup-go does', () => {
    const inputs: Record<string, string> = { 'working-directory': 'app' }
    const read = (env: NodeJS.ProcessEnv) =>
      (
        readConfig(
          withEnvironment(name => inputs[name] ?? '', env),
          workspace
        ) as BuildConfig
      ).go.goDownloadBaseUrl
    expect(read({ GO_DOWNLOAD_BASE_URL: 'https://mirror.example/go/' })).toBe('https://mirror.example/go')
    expect(read({})).toBe('https://go.dev/dl')
    inputs['go-download-base-url'] = 'https://given.example/dl'
    expect(read({ GO_DOWNLOAD_BASE_URL: 'https://mirror.example/go' })).toBe('https://given.example/dl')
  })

  it('derives the release list from a custom download base URL', () => {
    expect(
      config({ 'working-directory': 'app', 'go-download-base-url': 'http://mirror:81/go/' }).go
        .goVersionIndexUrl
    ).toBe('http://mirror:81/go/?mode=json&include=all')
  })

  it.each([
    [
      { tags: 'ghcr.io/acme/app:1', username: 'u', password: 'p' },
      { registry: 'ghcr.io', username: 'u', password: 'p' }
    ],
    [
      { tags: 'acme/app:1', username: 'u', password: 'p' },
      { registry: 'docker.io', username: 'u', password: 'p' }
    ],
    [
      { tags: 'ghcr.io/acme/app:1', registry: '127.0.0.1:5001', username: 'u', password: 'p' },
      { registry: '127.0.0.1:5001', username: 'u', password: 'p' }
    ],
    [{ tags: 'ghcr.io/acme/app:1' }, undefined]
  ])('credentials from %j', (inputs, credentials) => {
    expect(config({ 'working-directory': 'app', ...inputs }).publish.credentials).toEqual(credentials)
  })

  it.each([
    ['root', ''],
    ['0', ''],
    ['nonroot', '65532:65532'],
    ['1000', '1000:1000'],
    ['1000:2000', '1000:2000']
  ])('user %s → %j', (user, value) => {
    expect(config({ 'working-directory': 'app', user }).dockerfile.user).toBe(value)
  })

  it("reads the Go version from a workspace's go.work when working-directory has no go.mod", () => {
    mkdirSync(join(workspace, 'work'), { recursive: true })
    writeFileSync(join(workspace, 'work', 'go.work'), 'go 1.24.2\n\nuse ./app\n')
    expect(config({ 'working-directory': 'work' }).go.goVersionFile).toBe(join(workspace, 'work', 'go.work'))
  })

  it('takes go-version without needing a go.mod', () => {
    expect(config({ 'working-directory': 'nomod', 'go-version': '1.24' }).go).toMatchObject({
      goVersion: '1.24',
      goVersionFile: ''
    })
  })

  it.each([
    [
      { 'working-directory': '../elsewhere' },
      'working-directory: "../elsewhere" points outside the workspace'
    ],
    [{ 'working-directory': 'missing' }, 'working-directory: "missing" is not a directory'],
    [{ 'working-directory': 'nomod' }, 'go-version: not given, and there is no go.mod or go.work in'],
    [{ 'go-version-file': 'nope.mod' }, 'go-version-file: "nope.mod" does not exist'],
    [
      { 'working-directory': 'app', 'go-version-file': 'go.mod' },
      /go-version-file: "go.mod" does not exist \(.*\); the path is relative to the workspace \(.*\), not to working-directory \(.*\): e.g. "app\/go.mod"/
    ],
    [
      { 'go-version-file': '../../etc/passwd' },
      'go-version-file: "../../etc/passwd" points outside the workspace'
    ],
    [{ main: '../../x' }, 'main: "../../x" points outside working-directory'],
    [{ main: './cmd/missing' }, 'main: "./cmd/missing" is not a directory inside working-directory'],
    [{ 'binary-name': '../evil' }, 'binary-name: "../evil" is not a file name'],
    [{ 'binary-name': '-rf' }, 'binary-name: "-rf" is not a file name'],
    [{ platforms: 'windows/amd64' }, 'platforms: "windows/amd64" is not supported'],
    [{ platforms: ' , ' }, 'platforms: the list is empty'],
    [{ push: 'yes', tags: 'a/b:1' }, 'push: "yes" is not a boolean; accepted: true, false'],
    [{ push: 'true' }, 'push: true needs at least one image name in tags'],
    [{ tags: 'ghcr.io/ACME/x:1' }, 'tags: "ghcr.io/ACME/x:1" is not a valid image reference'],
    [{ 'system-files-image': 'not a ref' }, 'system-files-image: "not a ref" is not a valid image reference'],
    [
      { 'build-flags': '-o /tmp/x' },
      'build-flags: "-o" is set by the action; use the input binary-name instead'
    ],
    [
      { 'build-flags': '-ldflags=-s' },
      'build-flags: "-ldflags=-s" is set by the action; use the input ldflags'
    ],
    [{ 'build-flags': '--tags=x' }, 'build-flags: "--tags=x" is set by the action; use the input build-tags'],
    [{ 'build-flags': './other' }, 'build-flags: "./other" is not a flag'],
    [{ 'build-tags': 'a;b' }, 'build-tags: "a;b" is not a build tag'],
    [{ ldflags: '-X a=b\n-X c=d' }, 'ldflags: new lines and NUL characters are not accepted'],
    [{ version: 'v1 2' }, 'version: "v1 2" cannot be stamped into the binary'],
    [{ version: '$(id)' }, 'version: "$(id)" cannot be stamped into the binary'],
    [{ 'version-variable': 'version' }, 'version-variable: "version" is not a Go package path and variable'],
    [{ labels: 'novalue' }, 'labels: "novalue" is not of the form key=value'],
    [{ 'go-download-base-url': 'ftp://x' }, 'go-download-base-url: "ftp://x" is not an http(s) URL'],
    [
      { 'go-version-index-url': 'file:///etc/passwd' },
      'go-version-index-url: "file:///etc/passwd" is not an http(s) URL'
    ],
    [{ 'check-latest': 'yes' }, 'check-latest: "yes" is not a boolean; accepted: true, false'],
    [{ tzdata: 'maybe' }, 'tzdata: "maybe" is not accepted; accepted: zip, full, embed, none'],
    [{ certs: 'no' }, 'certs: "no" is not a boolean; accepted: true, false'],
    [
      { user: 'bob' },
      'user: "bob" is not accepted; accepted: uid[:gid] (e.g. 65532:65532), nonroot, root or 0'
    ],
    [
      { load: 'true', push: 'true', tags: 'a/b:1' },
      'load: true and push: true exclude each other; choose one'
    ],
    [
      { load: 'true', 'push-by-digest': 'true', tags: 'a/b:1' },
      'load: true and push-by-digest: true exclude each other; choose one'
    ],
    [{ expose: '80000' }, 'expose: "80000" is not a port; accepted: 8080, 8080/tcp, 53/udp'],
    [{ env: '1X=2' }, 'env: "1X=2" is not of the form NAME=value'],
    [{ 'image-workdir': 'relative' }, 'image-workdir: "relative" must be an absolute path'],
    // A path inside the image like a files DEST: plain, and never over a binary or what the image needs.
    [{ 'image-workdir': '/../../runner' }, 'image-workdir: "/../../runner" has "." or ".." parts'],
    [{ 'image-workdir': '/srv/./data' }, 'image-workdir: "/srv/./data" has "." or ".." parts'],
    [
      { 'image-workdir': '/app', 'binary-name': 'app' },
      'image-workdir: "/app" would be over the binary /app'
    ],
    [
      { 'image-workdir': '/app/data', 'binary-name': 'app' },
      'image-workdir: "/app/data" would be over the binary'
    ],
    [{ 'image-workdir': '/etc/passwd' }, 'image-workdir: "/etc/passwd" would replace /etc/passwd'],
    [{ 'image-workdir': '/usr/share/zoneinfo.zip' }, 'would replace /usr/share/zoneinfo.zip'],
    [{ volumes: 'data' }, 'volumes: "data" must be an absolute path'],
    [{ volumes: '/' }, 'volumes: "/" is the whole image; name a folder in it'],
    [{ volumes: '/etc/ssl/certs/ca-certificates.crt' }, 'would replace /etc/ssl/certs/ca-certificates.crt'],
    [{ volumes: '/srv/../etc' }, 'volumes: "/srv/../etc" has "." or ".." parts'],
    [{ volumes: '/app', 'binary-name': 'app' }, 'volumes: "/app" would be over the binary /app'],
    [{ cmd: 'serve,"--name=a' }, 'cmd: Quote Not Closed'],
    [
      { 'source-date-epoch': 'yesterday' },
      'source-date-epoch: "yesterday" is not a number of seconds since 1970'
    ],
    [
      { 'compression-level': '10' },
      'compression-level: "10" is not a gzip level (0 to 9: 1 fastest, 9 smallest)'
    ],
    [{ 'compression-level': 'best' }, 'compression-level: "best" is not a gzip level'],
    [
      { provenance: 'maybe' },
      'provenance: "maybe" is not accepted; accepted: true, false, mode=min, mode=max'
    ],
    [{ annotations: 'novalue' }, 'annotations: "novalue" is not of the form [levels:]key=value'],
    [
      { annotations: 'layer:a=b' },
      'annotations: "layer:a=b" names the level "layer"; accepted: index, manifest'
    ],
    [
      { annotations: 'index:a=b', platforms: 'linux/amd64' },
      'annotations: "index:a=b" is for the index, but a single platform gives no index; use manifest:'
    ],
    [
      { 'cache-save-modules': 'sometimes' },
      'cache-save-modules: "sometimes" is not accepted; accepted: auto, true, false'
    ],
    [{ 'cache-key-prefix': 'has space' }, 'cache-key-prefix: "has space" must be 1 to 64 letters'],
    [
      { 'cache-dependency-path': '../../go.sum' },
      'cache-dependency-path: "../../go.sum" points outside the workspace'
    ],
    [{ 'working-directory': '/etc' }, 'working-directory: "/etc" points outside the workspace'],
    [
      { platforms: 'linux/amd64,linux/amd64' },
      'platforms: "linux/amd64" and "linux/amd64" are the same platform'
    ],
    [{ 'go-version': '1.24; rm -rf /' }, 'go-version: "1.24; rm -rf /" is not a Go version'],
    [{ tags: '--push' }, 'tags: "--push" is not a valid image reference'],
    [{ tags: 'ghcr.io/acme/server:1 2' }, 'is not a valid image reference: it contains white space'],
    [{ tags: `ghcr.io/acme/server:${'x'.repeat(129)}` }, 'a tag is 1 to 128 letters'],
    [{ 'system-files-image': 'img;RUN x' }, 'system-files-image: "img;RUN x" is not a valid image reference'],
    [{ ldflags: '-X "main.version=1' }, 'ldflags: the double quote in "-X "main.version=1" is never closed'],
    [{ ldflags: "-X 'main.x=1" }, 'ldflags: the single quote in "-X \'main.x=1" is never closed'],
    [{ cache: 'on' }, 'cache: "on" is not a boolean; accepted: true, false'],
    [{ labels: 'a=b\nRUN curl evil | sh' }, 'labels: "RUN curl evil | sh" is not of the form key=value'],
    [{ env: 'A=1\nRUN id' }, 'env: "RUN id" is not of the form NAME=value'],
    [{ 'image-workdir': '/data\nRUN id' }, 'image-workdir: "/data\nRUN id" must be an absolute path'],
    [{ expose: '8080; rm' }, 'expose: "8080;" is not a port'],
    [{ builder: '-x' }, 'builder: "-x" is not a builder name'],
    [
      { tags: `r/app@sha256:${'a'.repeat(64)}`, push: 'true' },
      `tags: "r/app@sha256:${'a'.repeat(64)}" names a digest, which cannot be pushed to`
    ],
    [
      { 'go-download-token': 't', 'go-download-base-url': 'http://mirror.example/dl' },
      'go-download-token: it would be sent in clear text to http://mirror.example/dl; use an https:// mirror'
    ],
    [{ username: 'u' }, 'password: needed too when username is given'],
    [{ registry: 'a b', username: 'u', password: 'p' }, 'registry: "a b" is not a registry host[:port]']
  ])('rejects %j', (inputs, message) => {
    expect(() => config({ 'working-directory': 'app', ...inputs })).toThrow(message)
  })
})

describe('paths as the files they are', () => {
  /** A symbolic link at `at` (from the workspace) to `target`; returns `name`, as an input names it. */
  const link = (target: string, at: string, name = at) => {
    const path = join(workspace, at)
    if (!existsSync(path)) symlinkSync(target, path)
    return name
  }

  it.each([
    [
      () => ({ 'working-directory': link('/etc', 'etc-link') }),
      'working-directory: "etc-link" is a symbolic link to /etc, outside the workspace'
    ],
    [
      () => ({ 'go-version-file': link('/etc/passwd', 'passwd-link') }),
      'go-version-file: "passwd-link" is a symbolic link to /etc/passwd'
    ],
    [
      () => ({ main: link('/usr', 'app/usr-link', 'usr-link') }),
      'main: "usr-link" is a symbolic link to /usr, outside working-directory'
    ],
    [() => ({ 'go-version-file': 'app/cmd' }), 'go-version-file: "app/cmd" is not a file']
  ])('refuses %#', (given, message) => {
    const inputs = given()
    expect(() => config({ 'working-directory': 'app', ...inputs })).toThrow(message)
  })

  it('takes a folder whose name starts with two dots', () => {
    mkdirSync(join(workspace, 'app', '..dots'), { recursive: true })
    expect(
      config({ 'working-directory': 'app', main: '..dots', 'binary-name': 'dots' }).compile.mains
    ).toEqual([{ package: './..dots', name: 'dots' }])
  })
})

describe('mode: merge', () => {
  const merge = (inputs: Record<string, string>) =>
    readConfig(name => inputs[name] ?? '', workspace) as MergeConfig

  it('needs no Go module, only tags and platforms', () => {
    const c = merge({
      mode: 'merge',
      'working-directory': 'nomod',
      tags: 'r/app:1,r/app:latest',
      platforms: 'linux/amd64,linux/arm64',
      annotations: 'index:a=b\nc=d'
    })
    expect(c).toEqual({
      mode: 'merge',
      merge: {
        tags: ['r/app:1', 'r/app:latest'],
        platforms: ['linux/amd64', 'linux/arm64'],
        annotations: ['a=b', 'c=d']
      }
    })
  })

  it.each([
    [{ mode: 'merge' }, 'mode: merge needs tags: the index is created under each of them'],
    [{ mode: 'merge', tags: 'r/app:1' }, 'platforms: mode: merge needs every platform the matrix legs built'],
    [
      { mode: 'merge', tags: 'r/app:1', platforms: 'linux/amd64', annotations: 'manifest:a=b' },
      'annotations: "manifest:a=b" cannot be set by the merge step'
    ],
    [{ mode: 'splice' }, 'mode: "splice" is not accepted; accepted: build, merge'],
    [{ 'push-by-digest': 'true' }, 'push-by-digest: true needs tags to name the repositories']
  ])('rejects %j', (inputs, message) => {
    const all: Record<string, string> = { 'working-directory': 'app', ...inputs }
    expect(() => readConfig(name => all[name] ?? '', workspace)).toThrow(message)
  })
})

describe('list and boolean inputs', () => {
  it.each([
    ['a,b', ['a', 'b']],
    ['a\nb\n\n', ['a', 'b']],
    [' a , ,b ', ['a', 'b']],
    ['', []]
  ])('splitList(%j)', (text, list) => {
    expect(splitList(text)).toEqual(list)
  })

  it.each([
    ['release --clean', ['release --clean']],
    ['release\n--clean', ['release', '--clean']],
    ['serve, --addr=:8080', ['serve', '--addr=:8080']],
    ['"a,b", c', ['a,b', 'c']],
    // Trimmed even when quoted, as build-push-action trims them.
    ['" spaced "', ['spaced']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ["--name=O'Brien", ["--name=O'Brien"]],
    ['a\n\n,b,', ['a', 'b']],
    ['', []]
  ])('inputList(%j), as build-push-action reads lists', (text, list) => {
    expect(inputList('cmd', text)).toEqual(list)
  })

  it.each([
    ['', true, true],
    ['', false, false],
    ['true', false, true],
    ['False', true, false]
  ])('parseBoolean(%j, fallback %s) = %s', (text, fallback, value) => {
    expect(parseBoolean('push', text, fallback)).toBe(value)
  })
})

describe('several binaries and extra files', () => {
  beforeAll(() => {
    for (const dir of ['cmd/migrate', 'lib/cmd/server', 'etc', 'assets/css'])
      mkdirSync(join(workspace, 'app', dir), { recursive: true })
    writeFileSync(join(workspace, 'app', 'assets', 'index.html'), '<p>hi</p>\n')
    writeFileSync(join(workspace, 'app', 'config.yaml'), 'a: 1\n')
    if (!existsSync(join(workspace, 'app', 'outside'))) symlinkSync('/etc', join(workspace, 'app', 'outside'))
    // A committed link to the checkout's own .git, where actions/checkout keeps its token.
    mkdirSync(join(workspace, 'app', '.git'), { recursive: true })
    writeFileSync(
      join(workspace, 'app', '.git', 'config'),
      '[http]\n\textraheader = AUTHORIZATION: basic x\n'
    )
    if (!existsSync(join(workspace, 'app', 'vcs-link')))
      symlinkSync('.git', join(workspace, 'app', 'vcs-link'))
  })

  it('builds every main package, the first named by binary-name, and takes the files in order', () => {
    const c = config({
      'working-directory': 'app',
      main: './cmd/server\n./cmd/migrate',
      'binary-name': 'api',
      files: 'assets:/srv/assets\nconfig.yaml:/etc/app/config.yaml'
    })
    expect(c.compile.mains).toEqual([
      { package: './cmd/server', name: 'api' },
      { package: './cmd/migrate', name: 'migrate' }
    ])
    expect(c.dockerfile.binaries).toEqual(['api', 'migrate'])
    expect(c.dockerfile.files).toEqual([
      { source: join(workspace, 'app', 'assets'), dest: '/srv/assets', folder: true },
      { source: join(workspace, 'app', 'config.yaml'), dest: '/etc/app/config.yaml', folder: false }
    ])
  })

  it.each([
    [
      { main: './cmd/server,./lib/cmd/server' },
      'main: ./cmd/server and ./lib/cmd/server would both be the binary /server'
    ],
    [
      { main: './etc' },
      'main: the binary /etc (the folder name of ./etc) would collide with /etc, which the image uses'
    ],
    [{ main: './cmd/server', 'binary-name': 'tmp' }, 'binary-name: the binary /tmp would collide with /tmp'],
    [{ files: 'assets' }, 'files: "assets" is not of the form SOURCE:DEST'],
    [{ files: 'nope:/srv/nope' }, 'files: "nope" does not exist in working-directory'],
    [{ files: 'assets:srv' }, 'files: "assets:srv" is not of the form SOURCE:DEST'],
    [{ files: 'assets:/srv/../etc' }, 'files: "assets:/srv/../etc" has no plain absolute DEST'],
    [{ files: 'assets:/' }, 'files: "assets:/" would replace /, which the image needs'],
    [{ files: 'assets:/tmp' }, 'files: "assets:/tmp" would replace /tmp'],
    [{ files: 'config.yaml:/etc/passwd' }, 'files: "config.yaml:/etc/passwd" would replace /etc/passwd'],
    [{ files: 'assets:/etc' }, 'files: "assets:/etc" would replace /etc/passwd'],
    [{ files: 'config.yaml:/usr/share/zoneinfo.zip' }, 'would replace /usr/share/zoneinfo.zip'],
    [
      { files: 'config.yaml:/etc/ssl/certs/ca-certificates.crt' },
      'would replace /etc/ssl/certs/ca-certificates.crt'
    ],
    [{ files: 'assets:/srv/a\nconfig.yaml:/srv/a' }, 'files: two lines name the DEST /srv/a; each DEST once'],
    [
      { main: './cmd/server', files: 'config.yaml:/server' },
      'files: /server would replace the binary /server'
    ],
    [{ files: 'outside:/srv/etc' }, 'files: "outside" is a symbolic link to /etc, outside working-directory'],
    [{ files: '.git/config:/etc/app.conf' }, 'files: ".git/config" is version-control data'],
    [{ files: 'vcs-link/config:/etc/app.conf' }, 'files: "vcs-link/config" is version-control data'],
    [{ files: 'vcs-link:/srv/v' }, 'files: "vcs-link" is version-control data'],
    [
      { files: 'config.yaml:/srv/app', 'image-workdir': '/srv/app' },
      'image-workdir: "/srv/app" would be inside the file files puts at /srv/app; choose a folder'
    ]
  ])('refuses %j', (inputs, message) => {
    expect(() => config({ 'working-directory': 'app', ...inputs })).toThrow(message)
  })
})

describe('where the image goes', () => {
  // push, push-by-digest and load decide one destination, once; every later stage reads that value.
  it.each([
    [{}, 'oci-archive'],
    [{ push: 'true', tags: 'r/app:1' }, 'registry'],
    [{ 'push-by-digest': 'true', tags: 'r/app:1' }, 'registry-by-digest'],
    [{ push: 'true', 'push-by-digest': 'true', tags: 'r/app:1' }, 'registry-by-digest'],
    [{ load: 'true', platforms: 'linux/amd64' }, 'engine'],
    [{ archive: 'false' }, 'check'],
    // archive: false is for a build that would otherwise write one: a push writes none of its own.
    [{ archive: 'false', push: 'true', tags: 'r/app:1' }, 'registry'],
    [{ archive: 'false', load: 'true', platforms: 'linux/amd64' }, 'engine']
  ])('%j → %s', (inputs, destination) => {
    const c = config({ 'working-directory': 'app', ...inputs })
    expect(c.mode === 'build' && c.publish.destination).toBe(destination)
    expect(c.mode === 'build' && c.cache.matrixLeg).toBe(destination === 'registry-by-digest')
  })
})
