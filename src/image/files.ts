// The image's own tree in the build context (rootfs/): the extra files of input files at their
// destinations, with modes that say only what matters (readable by all; executable or not), and every
// file and folder of the context given the commit's time, so that the layers are the same on every run.
import { chmod, cp, lstat, lutimes, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'

/** A file or folder of the workspace and where it goes in the image. */
export interface ImageFile {
  /** Absolute path on the runner (inside working-directory). */
  source: string
  /** Absolute path in the image. */
  dest: string
  folder: boolean
}

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

/** Copies every file to its destination under rootfs; returns their total size in bytes. */
export async function stageFiles(files: ImageFile[], rootfs: string): Promise<number> {
  let bytes = 0
  for (const file of files) {
    const staged = join(rootfs, file.dest)
    await cp(file.source, staged, { recursive: true, verbatimSymlinks: true })
    bytes += await normalizeModes(staged)
  }
  return bytes
}

/**
 * Gives `path` and everything under it the time `seconds` (links themselves, not what they name): COPY
 * keeps the context's times, so the layers hold the commit's time instead of the checkout's or the build's.
 */
export async function stampTimes(path: string, seconds: number): Promise<void> {
  const facts = await lstat(path)
  if (facts.isDirectory()) {
    for (const entry of await readdir(path)) await stampTimes(join(path, entry), seconds)
  }
  await lutimes(path, seconds, seconds)
}
