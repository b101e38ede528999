// How much a restored cache holds: the apparent size of the files under a folder.
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'

export async function folderBytes(dir: string): Promise<number> {
  let total = 0
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += await folderBytes(path)
    else if (entry.isFile()) total += (await lstat(path)).size
  }
  return total
}
