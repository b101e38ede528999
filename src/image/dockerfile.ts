// The Dockerfile the action writes. The final stage is FROM scratch and holds only instructions that
// run nothing (COPY, ENV, WORKDIR, EXPOSE, USER, ENTRYPOINT, CMD; ARG only names the target): no
// platform needs emulation. The builder stage runs on the build platform and only supplies files.
import { posix } from 'node:path'
import type { ImageFile } from './files.js'

export type Tzdata = 'full' | 'zip' | 'embed' | 'none'

/** What the Dockerfile stage takes: what the image holds besides the binaries, and how it runs. */
export interface DockerfileRequest {
  /** Image that holds /etc/ssl/certs/ca-certificates.crt and /usr/share/zoneinfo. */
  systemFilesImage: string
  /** The binaries, each at /<name>; the first is the entrypoint. */
  binaries: string[]
  /** Extra files and folders, in order. */
  files: ImageFile[]
  /** "uid:gid" for USER, or "" to run as root. */
  user: string
  certs: boolean
  tzdata: Tzdata
  /** KEY=VALUE lines. */
  env: string[]
  /** "8080", "8080/tcp", "53/udp". */
  expose: string[]
  workdir: string
  /** Default arguments (CMD). */
  args: string[]
}

/** Where a Go toolchain keeps the zoneinfo.zip that tzdata "zip" copies. */
export const GOROOT_ZONEINFO = ['lib', 'time', 'zoneinfo.zip']

/**
 * The tzdata choice for a toolchain: "zip" needs the toolchain's zoneinfo.zip, which some distribution
 * packages of Go leave out (Debian's golang-1.23 in bookworm-backports); then time/tzdata goes into the
 * binary instead, so that time.LoadLocation still works, and the reason is returned for the log.
 */
export function tzdataFor(requested: Tzdata, goHasZoneinfo: boolean): { tzdata: Tzdata; reason?: string } {
  if (requested !== 'zip' || goHasZoneinfo) return { tzdata: requested }
  return {
    tzdata: 'embed',
    reason:
      `tzdata: this Go has no ${GOROOT_ZONEINFO.join('/')} (some distribution packages leave it out), so the time ` +
      "zone database goes into the binary instead (time/tzdata, as tzdata: embed; about 450 KB); use Go's own " +
      "release, or tzdata: full for the builder image's /usr/share/zoneinfo"
  }
}

/** The conventional "nonroot" uid/gid of distroless and ko. */
export const NONROOT = '65532:65532'

/** Where tzdata "zip" puts Go's own zoneinfo.zip; the ZONEINFO variable points Go's time package at it. */
export const ZONEINFO_ZIP = '/usr/share/zoneinfo.zip'

/** An ENV value in double quotes, with what the Dockerfile parser would interpret escaped. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"$]/g, c => `\\${c}`)}"`
}

/** The COPY lines of the binaries: each at /<name>, where no folder needs creating. */
function binaryLines(request: DockerfileRequest): string[] {
  return request.binaries.map(
    name => `COPY bin/\${TARGETOS}/\${TARGETARCH}/\${TARGETVARIANT}/${name} /${name}`
  )
}

/**
 * What the builder image supplies, gathered with the context's tree (rootfs/) in a stage of its own.
 * A COPY gives the folders it creates or adds to the time of the build; rootfs/ holds each of them
 * with the commit's time and comes last, so the stage's one layer is the same on every run.
 */
function systemStage(request: DockerfileRequest): string[] {
  if (!fromBuilder(request)) return []
  return [
    `FROM --platform=$BUILDPLATFORM ${request.systemFilesImage} AS certs`,
    '',
    'FROM scratch AS system',
    ...(request.certs
      ? ['COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt']
      : []),
    ...(request.tzdata === 'full' ? ['COPY --from=certs /usr/share/zoneinfo /usr/share/zoneinfo'] : []),
    'COPY rootfs/ /',
    ''
  ]
}

const fromBuilder = (request: DockerfileRequest) => request.certs || request.tzdata === 'full'

/**
 * The Dockerfile. Every file time in it is the commit's (the context's files carry it, see
 * rootfsFolders), so no layer needs rewriting afterwards to be the same on every run.
 */
export function dockerfile(request: DockerfileRequest): string {
  const binary = `/${request.binaries[0]}`
  const env =
    request.tzdata === 'zip' && !request.env.some(l => l.startsWith('ZONEINFO='))
      ? [...request.env, `ZONEINFO=${ZONEINFO_ZIP}`]
      : request.env
  return [
    '# Written by go-mini-action. The final stage only copies files: nothing is emulated.',
    ...systemStage(request),
    'FROM scratch',
    'ARG TARGETOS',
    'ARG TARGETARCH',
    'ARG TARGETVARIANT',
    // Users and groups, a /tmp anyone may write, zoneinfo.zip, the extra files; with the builder's files.
    fromBuilder(request) ? 'COPY --from=system / /' : 'COPY rootfs/ /',
    ...binaryLines(request),
    ...env.map(
      line => `ENV ${line.slice(0, line.indexOf('='))}=${quoted(line.slice(line.indexOf('=') + 1))}`
    ),
    ...(request.workdir ? [`WORKDIR ${request.workdir}`] : []),
    ...(request.expose.length ? [`EXPOSE ${request.expose.join(' ')}`] : []),
    ...(request.user ? [`USER ${request.user}`] : []),
    `ENTRYPOINT ${JSON.stringify([binary])}`,
    ...(request.args.length ? [`CMD ${JSON.stringify(request.args)}`] : []),
    ''
  ].join('\n')
}

/**
 * The folders rootfs/ holds, each made 0755 whatever the runner's umask, so that each folder the image
 * gets has the commit's time and the mode a COPY would give it: /tmp (then 1777), the folder of the
 * passwd and group files, where the builder's files go, the WORKDIR (which would otherwise be created at build
 * time), and the folders above each extra file. Relative to the image's root.
 */
export function rootfsFolders(request: DockerfileRequest): string[] {
  const relative = (path: string) => path.replace(/^\/+/, '')
  return [
    'tmp',
    ...Object.keys(ROOTFS_FILES).map(path => posix.dirname(path)),
    ...(request.certs ? ['etc/ssl/certs'] : []),
    ...(request.tzdata === 'full' || request.tzdata === 'zip' ? ['usr/share'] : []),
    ...(request.workdir ? [relative(request.workdir)] : []),
    ...request.files.map(file => relative(posix.dirname(file.dest)))
  ].filter((folder, i, all) => folder && all.indexOf(folder) === i)
}

/** The files `COPY rootfs/ /` brings: users and groups that name root and nonroot. */
export const ROOTFS_FILES: Record<string, string> = {
  'etc/passwd':
    'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n',
  'etc/group': 'root:x:0:\nnonroot:x:65532:\n'
}
