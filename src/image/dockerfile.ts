// The Dockerfile the action writes. The final stage is FROM scratch and holds only COPY, ENV, USER and
// ENTRYPOINT instructions (ARG only names the target): nothing runs on the target platform, so no
// platform needs emulation. The builder stage runs on the build platform and only supplies files.

export interface DockerfileOptions {
  /** Image that holds /etc/ssl/certs/ca-certificates.crt and /usr/share/zoneinfo. */
  builderImage: string
  binaryName: string
}

/** The user the binary runs as: the conventional "nonroot" uid/gid of distroless and ko. */
export const NONROOT = '65532:65532'

export function dockerfile(options: DockerfileOptions): string {
  const binary = `/${options.binaryName}`
  return [
    '# Written by go-mini-action. The final stage only copies files: nothing is emulated.',
    `FROM --platform=$BUILDPLATFORM ${options.builderImage} AS certs`,
    '',
    'FROM scratch',
    'ARG TARGETOS',
    'ARG TARGETARCH',
    'ARG TARGETVARIANT',
    'COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
    'COPY --from=certs /usr/share/zoneinfo /usr/share/zoneinfo',
    `COPY bin/\${TARGETOS}/\${TARGETARCH}/\${TARGETVARIANT}/${options.binaryName} ${binary}`,
    `USER ${NONROOT}`,
    `ENTRYPOINT ${JSON.stringify([binary])}`,
    ''
  ].join('\n')
}
