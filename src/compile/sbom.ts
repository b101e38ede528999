// An SPDX 2.3 JSON document per platform, made from the binaries' own Go build information (`go version
// -m`: the main module, every dependency module with its version and go.sum hash, replacements, the Go
// version and the build settings): no scanner image, no network, and the same bytes for the same
// binaries (dated by the commit, named by a hash of what it describes). For the provenance-free images
// this action pushes, this is what attest-sbom and cosign attest.
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runChecked } from '../exec.js'

export interface GoModule {
  path: string
  version: string
  /** go.sum's h1: hash, "" when none (the main module). */
  sum: string
  replace?: GoModule
}

export interface BuildInfo {
  go: string
  /** The main package's import path. */
  path: string
  main: GoModule
  deps: GoModule[]
  /** -buildmode=exe, CGO_ENABLED=0, GOARCH=arm64, vcs.revision=… */
  settings: string[]
}

/** `go version -m` of one binary, as data. */
export function parseBuildInfo(text: string): BuildInfo {
  const info: BuildInfo = {
    go: '',
    path: '',
    main: { path: '', version: '', sum: '' },
    deps: [],
    settings: []
  }
  const [first, ...lines] = text.split('\n')
  info.go = first.slice(first.lastIndexOf(' ') + 1).trim()
  for (const line of lines) {
    const [, kind, ...fields] = line.split('\t')
    const module = { path: fields[0] ?? '', version: fields[1] ?? '', sum: fields[2] ?? '' }
    if (kind === 'path') info.path = fields[0]
    else if (kind === 'mod') info.main = module
    else if (kind === 'dep') info.deps.push(module)
    else if (kind === '=>' && info.deps.length) info.deps[info.deps.length - 1].replace = module
    else if (kind === 'build') info.settings.push(fields.join('\t'))
  }
  return info
}

const purl = (module: GoModule) => `pkg:golang/${module.path}@${module.version}`

/** One SPDX package for a module: its purl, and its go.sum hash in the comment (SPDX has no "h1"). */
function modulePackage(id: string, module: GoModule, comment?: string) {
  const used = module.replace ?? module
  const hasVersion = used.version && used.version !== '(devel)'
  return {
    SPDXID: id,
    name: used.path,
    versionInfo: used.version || 'NOASSERTION',
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    ...(hasVersion
      ? {
          externalRefs: [
            { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl(used) }
          ]
        }
      : {}),
    ...(comment || used.sum || module.replace
      ? {
          comment: [
            comment,
            used.sum && `go.sum ${used.sum}`,
            module.replace && `replaces ${module.path} ${module.version}`
          ]
            .filter(Boolean)
            .join('; ')
        }
      : {})
  }
}

/** What a document describes: each binary of one platform, by name, with its build information. */
export interface SbomSubject {
  platform: string
  binaries: { name: string; info: BuildInfo }[]
  /** RFC 3339: the commit's time. */
  created: string
}

/** The SPDX 2.3 document of one platform's binaries: each main module DESCRIBED, DEPENDS_ON its modules. */
export function spdxDocument(subject: SbomSubject): Record<string, unknown> {
  const packages: Record<string, unknown>[] = []
  const relationships: Record<string, string>[] = []
  const seen = new Map<string, string>()
  subject.binaries.forEach(({ name, info }, b) => {
    const mainId = `SPDXRef-Binary-${b + 1}`
    const settings = `binary ${name}, ${info.path}, built with ${info.go}: ${info.settings.join(' ')}`
    packages.push({ ...modulePackage(mainId, info.main, settings), primaryPackagePurpose: 'APPLICATION' })
    relationships.push({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: mainId
    })
    for (const dep of info.deps) {
      const key = `${dep.path}@${dep.version}`
      let id = seen.get(key)
      if (!id) {
        id = `SPDXRef-Module-${seen.size + 1}`
        seen.set(key, id)
        packages.push({ ...modulePackage(id, dep), primaryPackagePurpose: 'LIBRARY' })
      }
      relationships.push({ spdxElementId: mainId, relationshipType: 'DEPENDS_ON', relatedSpdxElement: id })
    }
  })
  const hash = createHash('sha256')
    .update(JSON.stringify([subject, packages]))
    .digest('hex')
    .slice(0, 32)
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${subject.binaries.map(b => b.name).join(', ')} ${subject.platform}`,
    documentNamespace: `https://spdx.org/spdxdocs/go-mini-action/${subject.platform.replace(/\//g, '-')}-${hash}`,
    creationInfo: { created: subject.created, creators: ['Tool: go-mini-action'] },
    packages,
    relationships
  }
}

/**
 * Writes one document per platform into `dir` (<platform>.spdx.json); returns platform → path. `go`
 * reads each binary's build information (`go version -m`, which only reads the file).
 */
export async function writeSboms(
  go: string,
  binaries: { platform: string; name: string; path: string }[],
  dir: string,
  created: string
): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true })
  const platforms = [...new Set(binaries.map(b => b.platform))]
  const paths: Record<string, string> = {}
  for (const platform of platforms) {
    const mine = binaries.filter(b => b.platform === platform)
    const infos = await Promise.all(
      mine.map(async b => ({
        name: b.name,
        info: parseBuildInfo(
          await runChecked('go version -m', go, ['version', '-m', b.path], {
            env: { GOTOOLCHAIN: 'local' }
          })
        )
      }))
    )
    const path = join(dir, `${platform.replace(/\//g, '-')}.spdx.json`)
    await writeFile(
      path,
      `${JSON.stringify(spdxDocument({ platform, binaries: infos, created }), null, 2)}\n`
    )
    paths[platform] = path
  }
  return paths
}
