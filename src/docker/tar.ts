// Reads the files of a tar archive (ustar, with GNU long names): enough for OCI layouts and layers.

/** Path (without a leading "./" or "/") → contents, for regular files. */
export function untar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  let longName: string | undefined
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512)
    if (header.every(b => b === 0)) break
    const field = (start: number, length: number) =>
      header.toString('latin1', start, start + length).replace(/\0.*$/s, '')
    const size = parseInt(field(124, 12).trim() || '0', 8)
    const type = field(156, 1)
    const prefix = field(345, 155)
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100))
    const body = tar.subarray(at + 512, at + 512 + size)
    longName = undefined
    if (type === 'L') longName = body.toString('latin1').replace(/\0.*$/s, '')
    else if (type === '0' || type === '') files.set(name.replace(/^\.?\//, ''), Buffer.from(body))
    at += 512 + Math.ceil(size / 512) * 512
  }
  return files
}
