// The build context's layout: where the compile stage writes each binary and where the image stage
// finds it and writes its own files. One contract, read by both sides.
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { onCancel } from './cancel.js'
import type { Platform } from './platform.js'

/** The folder of the binaries, and the Dockerfile's path of one, by BuildKit's target arguments. */
const BIN = 'bin'

/** The image's own tree (users, /tmp, zoneinfo.zip, extra files), copied as `COPY rootfs/ /`. */
export const ROOTFS = 'rootfs'

/**
 * Where a platform's binary goes inside the build context. The Dockerfile finds it as
 * bin/${TARGETOS}/${TARGETARCH}${TARGETVARIANT}/<name> (bin/linux/arm64/app, bin/linux/armv7/app): no
 * "//" for a platform without a variant, in the Dockerfile or in buildx's log.
 */
export function binaryPath(contextDir: string, platform: Platform, binaryName: string): string {
  return join(contextDir, BIN, platform.os, `${platform.arch}${platform.variant}`, binaryName)
}

/** binaryPath as the Dockerfile's COPY names it, for the platform BuildKit is building. */
export const binarySource = (binaryName: string) =>
  `${BIN}/\${TARGETOS}/\${TARGETARCH}\${TARGETVARIANT}/${binaryName}`

/** The files the image stage writes into the context. */
export interface ContextFiles {
  dockerfile: string
  metadata: string
  archive: string
  rootfs: string
  bin: string
}

export function contextFiles(contextDir: string): ContextFiles {
  return {
    dockerfile: join(contextDir, 'Dockerfile'),
    metadata: join(contextDir, 'buildx-metadata.json'),
    archive: join(contextDir, 'image.oci.tar'),
    rootfs: join(contextDir, ROOTFS),
    bin: join(contextDir, BIN)
  }
}

/** A new build context folder under RUNNER_TEMP, removed on cancel (else by the post step). */
export async function createContext(tempDir: string): Promise<string> {
  const contextDir = await mkdtemp(join(tempDir, 'go-mini-action-'))
  onCancel(() => rm(contextDir, { recursive: true, force: true }))
  return contextDir
}
