// The extra files of the image (input files): copied into the build context, where the Dockerfile's
// COPY lines find them, with modes that say only what matters (readable by all; executable or not).
import { chmod, cp, lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'

/** A file or folder of the workspace and where it goes in the image. */
export interface ImageFile {
  /** Absolute path on the runner (inside working-directory). */
  source: string
  /** Absolute path in the image. */
  dest: string
  folder: boolean
}

/** Where the i-th file goes in the build context, as the Dockerfile names it. */
export const contextPathOf = (index: number) => `files/${index}`

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

/** Copies every file into the build context; returns their total size in bytes. */
export async function stageFiles(files: ImageFile[], contextDir: string): Promise<number> {
  let bytes = 0
  for (const [index, file] of files.entries()) {
    const staged = join(contextDir, contextPathOf(index))
    await cp(file.source, staged, { recursive: true, verbatimSymlinks: true })
    bytes += await normalizeModes(staged)
  }
  return bytes
}
