// The image's own tree in the build context (rootfs/): users and groups, a /tmp anyone may write,
// zoneinfo.zip, the extra files of input files at their destinations with modes that say only what
// matters (readable by all; executable or not), and every folder a COPY or WORKDIR would otherwise
// create; then every file and folder of the context is given one fixed time (FILE_TIME), so that a
// layer depends on its files' contents alone.
import { chmod, copyFile, cp, lstat, lutimes, mkdir, readdir, writeFile } from 'node:fs/promises'
import * as core from '@actions/core'
import { basename, join, posix } from 'node:path'
import { contextFiles, type ContextFiles } from '../layout.js'
import { GOROOT_ZONEINFO, ZONEINFO_ZIP } from '../tzdata.js'
import { dockerfile, type DockerfileRequest, type ImageFile } from './dockerfile.js'

/** A file or folder of the workspace and where it goes in the image. */
/** Files 0644, or 0755 when any execute bit is set; folders 0755. Symbolic links stay as they are. */
async function normalizeModes(path: string): Promise<number> {
  const facts = await lstat(path)
  if (facts.isSymbolicLink()) return 0
  if (facts.isDirectory()) {
    await chmod(path, 0o755)
    let bytes = 0
    for (const entry of await readdir(path)) bytes += await normalizeModes(join(path, entry))
    return bytes
  }
  await chmod(path, facts.mode & 0o111 ? 0o755 : 0o644)
  return facts.size
}

/**
 * Creates each folder (relative to `root`) and every folder above it with mode 0755: mkdir's own mode
 * is cut by the umask, and a hardened runner's (077) would leave /etc/ssl/certs unreadable to nonroot.
 */
export async function makeFolders(root: string, folders: string[]): Promise<void> {
  for (const folder of folders) {
    const parts = folder.split('/').filter(Boolean)
    for (let depth = 1; depth <= parts.length; depth++) {
      const path = join(root, ...parts.slice(0, depth))
      await mkdir(path, { recursive: true })
      await chmod(path, 0o755)
    }
  }
}

/**
 * Version-control folders never enter an image: actions/checkout keeps its token in .git/config (an
 * `extraheader`), and a PAT given to it would otherwise be published with the image.
 */
export const VCS_FOLDERS = ['.git', '.hg', '.svn', '.bzr']

/**
 * Copies every file to its destination under rootfs, leaving out version-control folders (each named
 * in a notice); returns their total size in bytes.
 */
export async function stageFiles(files: ImageFile[], rootfs: string): Promise<number> {
  let bytes = 0
  const leftOut: string[] = []
  const keep = (path: string) => {
    const vcs = VCS_FOLDERS.includes(basename(path))
    if (vcs) leftOut.push(path)
    return !vcs
  }
  for (const file of files) {
    const staged = join(rootfs, file.dest)
    await cp(file.source, staged, { recursive: true, verbatimSymlinks: true, filter: keep })
    bytes += await normalizeModes(staged)
  }
  if (leftOut.length) {
    core.notice(
      `files: left out of the image, as every version-control folder is (actions/checkout keeps its token in .git/config): ${leftOut.join(', ')}`
    )
  }
  return bytes
}

/**
 * The time of every file and folder of the image: 1970-01-01T00:00:00Z, as ko's and distroless's. Not
 * the commit's: BuildKit's cache keys leave file times out, so a layer it keeps from an earlier commit
 * (the system files, an unchanged binary) would carry that commit's time, and a build on an empty
 * builder another. With one time for all, a cached layer is the layer a build from nothing gives, and
 * the image differs from commit to commit only where its files do (and in its date, the commit's).
 * A context is a new folder on every run: BuildKit, which skips sending a file whose size and time it
 * already holds for a folder, never holds one for it.
 */
export const FILE_TIME = 0

/**
 * Gives `path` and everything under it the time `seconds` (links themselves, not what they name): COPY
 * keeps the context's times, so the layers hold that time instead of the checkout's or the build's.
 */
export async function stampTimes(path: string, seconds: number): Promise<void> {
  const facts = await lstat(path)
  if (facts.isDirectory()) {
    for (const entry of await readdir(path)) await stampTimes(join(path, entry), seconds)
  }
  await lutimes(path, seconds, seconds)
}

/** The files `COPY rootfs/ /` brings: users and groups that name root and nonroot. */
export const ROOTFS_FILES: Record<string, string> = {
  'etc/passwd':
    'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n',
  'etc/group': 'root:x:0:\nnonroot:x:65532:\n'
}

/**
 * The folders rootfs/ holds, each made 0755 whatever the runner's umask, so that each folder the image
 * gets has FILE_TIME and the mode a COPY would give it: /tmp (then 1777), the folder of the
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
    ...writableFolders(request).map(relative),
    ...request.files.map(file => relative(posix.dirname(file.dest)))
  ].filter((folder, i, all) => folder && all.indexOf(folder) === i)
}

/**
 * The folders the program writes to: the workdir and the volumes. Mode 1777, as /tmp: writable by the
 * image's user whichever `user` is (no chown at build time, which would stamp the build's time on their
 * parents), and a VOLUME starts from this mode.
 */
export function writableFolders(request: Pick<DockerfileRequest, 'workdir' | 'volumes'>): string[] {
  // The root as workdir stays as it is: a writable / would let the program replace any file.
  return [request.workdir, ...request.volumes].filter(folder => folder && folder !== '/')
}

/**
 * Writes rootfs/ (everything the Dockerfile copies from the context besides the binaries) and gives it
 * FILE_TIME; returns the extra files' size. `goroot` is the toolchain's, whose zoneinfo.zip tzdata
 * "zip" copies. The binaries get FILE_TIME when they are built (stampTimes, buildImage).
 */
export async function writeRootfs(
  request: DockerfileRequest,
  files: ContextFiles,
  goroot: string
): Promise<number> {
  const { rootfs } = files
  await makeFolders(rootfs, rootfsFolders(request))
  for (const folder of ['/tmp', ...writableFolders(request)]) await chmod(join(rootfs, folder), 0o1777)
  for (const [path, text] of Object.entries(ROOTFS_FILES)) {
    await writeFile(join(rootfs, path), text)
    await chmod(join(rootfs, path), 0o644) // not the umask's
  }
  if (request.tzdata === 'zip') await copyFile(join(goroot, ...GOROOT_ZONEINFO), join(rootfs, ZONEINFO_ZIP))
  const bytes = await stageFiles(request.files, rootfs)
  await stampTimes(rootfs, FILE_TIME)
  return bytes
}

/**
 * Everything of the build context but the binaries: the Dockerfile and rootfs/. Nothing in it depends on
 * the compile, so it is written while Go compiles. Returns the extra files' size.
 */
export async function writeImageFiles(
  request: DockerfileRequest,
  contextDir: string,
  goroot: string
): Promise<number> {
  const files = contextFiles(contextDir)
  await writeFile(files.dockerfile, dockerfile(request))
  return writeRootfs(request, files, goroot)
}
