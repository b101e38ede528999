// The tar reader over archives GNU tar writes (ustar, GNU long names, PAX path records), and the OCI
// archive read back without loading its layers.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { archiveReader, platformImages } from '../../../src/docker/inspect.js'
import { paxPath, tarFileIndex, untar } from '../../../src/docker/tar.js'

const root = mkdtempSync(join(tmpdir(), 'tar-'))
const longName = `${'deep/'.repeat(30)}file-with-a-name-past-ustar's-hundred-bytes.txt`

/** A folder with a short and a long path, tarred by GNU tar in `format`. */
function archive(format: 'gnu' | 'pax' | 'ustar'): string {
  const dir = join(root, `src-${format}`)
  mkdirSync(join(dir, longName, '..'), { recursive: true })
  writeFileSync(join(dir, 'short.txt'), 'short')
  writeFileSync(join(dir, longName), 'long')
  const out = join(root, `${format}.tar`)
  execFileSync('tar', [`--format=${format}`, '-cf', out, '-C', dir, 'short.txt', longName])
  return out
}

describe('tar archives as GNU tar writes them', () => {
  it.each(['gnu', 'pax'] as const)('%s: every file by its full name, in memory and from the file', format => {
    const path = archive(format)
    const files = untar(readFileSync(path))
    expect(Object.fromEntries([...files].map(([name, data]) => [name, data.toString()]))).toEqual({
      'short.txt': 'short',
      [longName]: 'long'
    })
    const index = tarFileIndex(path)
    expect(index.names.sort()).toEqual(['short.txt', longName].sort())
    expect(index.readFile(longName, 100).toString()).toBe('long')
  })

  it('reads no file past the size asked for, and names what is missing', () => {
    const index = tarFileIndex(archive('pax'))
    expect(() => index.readFile('short.txt', 2)).toThrow('short.txt is 5 bytes, more than 2')
    expect(() => index.readFile('absent', 2)).toThrow('has no absent')
  })

  it('takes the last path of PAX records', () => {
    const record = (text: string) => {
      const length = String(Buffer.byteLength(text) + 3).length + Buffer.byteLength(text) + 2
      return `${length} ${text}\n`
    }
    expect(paxPath(Buffer.from(record('mtime=1') + record('path=a/b') + record('path=c/d')))).toBe('c/d')
    expect(paxPath(Buffer.from(record('mtime=1')))).toBeUndefined()
  })
})

describe('archiveReader', () => {
  const blob = (dir: string, content: string) => {
    const hex = createHash('sha256').update(content).digest('hex')
    writeFileSync(join(dir, 'blobs', 'sha256', hex), content)
    return { digest: `sha256:${hex}`, size: Buffer.byteLength(content) }
  }

  it('reads an index and its platforms from an OCI archive, leaving attestations out', async () => {
    const dir = join(root, 'oci')
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true })
    const layer = blob(dir, 'x'.repeat(5 * 1024 * 1024)) // read by no one: more than a manifest may be
    const config = blob(dir, '{}')
    const manifest = blob(dir, JSON.stringify({ config, layers: [layer] }))
    const attestation = blob(dir, JSON.stringify({ config, layers: [] }))
    const index = blob(
      dir,
      JSON.stringify({
        manifests: [
          { ...manifest, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
          { ...attestation, platform: { os: 'unknown', architecture: 'unknown' } }
        ]
      })
    )
    writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
    const path = join(root, 'oci.tar')
    execFileSync('tar', ['--format=pax', '-cf', path, '-C', dir, 'oci-layout', 'blobs'])
    expect(await platformImages(index.digest, archiveReader(path))).toEqual({
      'linux/arm/v7': { digest: manifest.digest, size: config.size + layer.size }
    })
    await expect(archiveReader(path)(layer.digest)).rejects.toThrow('more than 4194304')
  })
})
