// Writes the Go mirror's go.dev-style release list (index.json, `?mode=json&include=all` shape),
// newest first; sha256 and size are the true ones of the served archives, except for the corrupt
// release, which is listed with another archive's checksum.
//   node release-list.mjs <dl folder> <corrupt version>=<version whose checksum it lies with> <version>…
import { createHash } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'

const [dir, corrupt, ...versions] = process.argv.slice(2)
const [corruptVersion, liesLike] = corrupt.split('=')

/** @param {string} version */
const key = version => version.replace(/^go/, '').split('.').map(Number)
/**
 * @param {string} a
 * @param {string} b
 */
function newestFirst(a, b) {
  const [x, y] = [key(a), key(b)]
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (y[i] ?? 0) - (x[i] ?? 0)
  return 0
}

/**
 * @param {string} version
 * @param {string} hashedVersion
 */
function entry(version, hashedVersion) {
  const filename = `${version}.linux-amd64.tar.gz`
  const hashed = `${dir}/${hashedVersion}.linux-amd64.tar.gz`
  const sha256 = createHash('sha256').update(readFileSync(hashed)).digest('hex')
  const file = {
    filename,
    os: 'linux',
    arch: 'amd64',
    version,
    sha256,
    size: statSync(hashed).size,
    kind: 'archive'
  }
  return { version, stable: true, files: [file] }
}

const releases = [...versions, corruptVersion]
  .sort(newestFirst)
  .map(version => entry(version, version === corruptVersion ? liesLike : version))
writeFileSync(`${dir}/index.json`, JSON.stringify(releases, null, 1))
