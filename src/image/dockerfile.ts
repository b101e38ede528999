// The Dockerfile the action writes. The final stage is FROM scratch and holds only instructions that
// run nothing (COPY, ENV, WORKDIR, EXPOSE, USER, ENTRYPOINT, CMD; ARG only names the target): no
// platform needs emulation. The builder stage runs on the build platform and only supplies files.
import { binarySource, ROOTFS } from '../layout.js'
import { ZONEINFO_DIR, ZONEINFO_ZIP, type Tzdata } from '../tzdata.js'

/** An extra file of the image (input files). */
export interface ImageFile {
  /** Absolute path on the runner (inside working-directory). */
  source: string
  /** Absolute path in the image. */
  dest: string
  folder: boolean
}

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
  /** WORKDIR, "" for none; the image's user may write there (see writableFolders). */
  workdir: string
  /** Folders declared VOLUME, which the image's user may write to. */
  volumes: string[]
  /** Default arguments (CMD). */
  args: string[]
}

/** The conventional "nonroot" uid/gid of distroless and ko. */
export const NONROOT = '65532:65532'

/** An ENV value in double quotes, with what the Dockerfile parser would interpret escaped. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"$]/g, c => `\\${c}`)}"`
}

/**
 * The COPY of rootfs/, which every layer of the image builds on. `--chown=0:0` is what a COPY from the
 * context does anyway; it gives this COPY, and so every layer after it, a BuildKit cache key that the
 * layers of earlier versions of the action never had: those gave the files the commit's time, and a
 * builder that kept them would otherwise reuse them, since the keys leave times out (see FILE_TIME).
 */
const ROOTFS_COPY = `COPY --chown=0:0 ${ROOTFS}/ /`

/** The COPY lines of the binaries: each at /<name>, where no folder needs creating. */
function binaryLines(request: DockerfileRequest): string[] {
  return request.binaries.map(name => `COPY ${binarySource(name)} /${name}`)
}

/**
 * What the builder image supplies, gathered with the context's tree (rootfs/) in a stage of its own.
 * A COPY gives the folders it creates or adds to the time of the build; rootfs/ holds each of them
 * with FILE_TIME and comes last, so the stage's one layer is the same on every run.
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
    ...(request.tzdata === 'full' ? [`COPY --from=certs ${ZONEINFO_DIR} ${ZONEINFO_DIR}`] : []),
    ROOTFS_COPY,
    ''
  ]
}

const fromBuilder = (request: DockerfileRequest) => request.certs || request.tzdata === 'full'

/**
 * The Dockerfile. Every file time in it is FILE_TIME (the context's files carry it, see rootfsFolders),
 * so no layer needs rewriting afterwards to be the same on every run, cached or not.
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
    fromBuilder(request) ? 'COPY --from=system / /' : ROOTFS_COPY,
    ...binaryLines(request),
    ...env.map(
      line => `ENV ${line.slice(0, line.indexOf('='))}=${quoted(line.slice(line.indexOf('=') + 1))}`
    ),
    ...(request.workdir ? [`WORKDIR ${request.workdir}`] : []),
    ...(request.volumes.length ? [`VOLUME ${JSON.stringify(request.volumes)}`] : []),
    ...(request.expose.length ? [`EXPOSE ${request.expose.join(' ')}`] : []),
    ...(request.user ? [`USER ${request.user}`] : []),
    `ENTRYPOINT ${JSON.stringify([binary])}`,
    ...(request.args.length ? [`CMD ${JSON.stringify(request.args)}`] : []),
    ''
  ].join('\n')
}
