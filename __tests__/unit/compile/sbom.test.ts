import { describe, expect, it } from '@jest/globals'
import { parseBuildInfo, spdxDocument } from '../../../src/compile/sbom.js'

const GO_VERSION_M = [
  '/ctx/bin/linux/arm64/app: go1.24.4',
  '\tpath\texample.com/app/cmd/app',
  '\tmod\texample.com/app\t(devel)\t',
  '\tdep\tgithub.com/google/uuid\tv1.6.0\th1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=',
  '\tdep\tgolang.org/x/text\tv0.3.0\t',
  '\t=>\tgolang.org/x/text\tv0.21.0\th1:4IBZQxyz=',
  '\tbuild\t-buildmode=exe',
  '\tbuild\tCGO_ENABLED=0',
  '\tbuild\tGOARCH=arm64',
  ''
].join('\n')

describe('parseBuildInfo', () => {
  it('reads the Go version, the main module, the dependencies with replacements, and the settings', () => {
    expect(parseBuildInfo(GO_VERSION_M)).toEqual({
      go: 'go1.24.4',
      path: 'example.com/app/cmd/app',
      main: { path: 'example.com/app', version: '(devel)', sum: '' },
      deps: [
        {
          path: 'github.com/google/uuid',
          version: 'v1.6.0',
          sum: 'h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0='
        },
        {
          path: 'golang.org/x/text',
          version: 'v0.3.0',
          sum: '',
          replace: { path: 'golang.org/x/text', version: 'v0.21.0', sum: 'h1:4IBZQxyz=' }
        }
      ],
      settings: ['-buildmode=exe', 'CGO_ENABLED=0', 'GOARCH=arm64']
    })
  })
})

describe('spdxDocument', () => {
  const subject = {
    platform: 'linux/arm64',
    created: '2025-12-01T10:00:00Z',
    binaries: [{ name: 'app', info: parseBuildInfo(GO_VERSION_M) }]
  }

  it('is the same document for the same binaries, dated by the commit', () => {
    expect(JSON.stringify(spdxDocument(subject))).toBe(JSON.stringify(spdxDocument(subject)))
    expect(spdxDocument(subject)).toMatchObject({
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      creationInfo: { created: '2025-12-01T10:00:00Z', creators: ['Tool: go-mini-action'] }
    })
  })

  it('describes the application, which depends on each module as built (a replacement as used)', () => {
    const document = spdxDocument(subject) as {
      packages: {
        SPDXID: string
        name: string
        versionInfo: string
        externalRefs?: { referenceLocator: string }[]
      }[]
      relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[]
    }
    expect(
      document.packages.map(p => [p.SPDXID, p.name, p.versionInfo, p.externalRefs?.[0].referenceLocator])
    ).toEqual([
      ['SPDXRef-Binary-1', 'example.com/app', '(devel)', undefined],
      ['SPDXRef-Module-1', 'github.com/google/uuid', 'v1.6.0', 'pkg:golang/github.com/google/uuid@v1.6.0'],
      ['SPDXRef-Module-2', 'golang.org/x/text', 'v0.21.0', 'pkg:golang/golang.org/x/text@v0.21.0']
    ])
    expect(
      document.relationships.map(r => `${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}`)
    ).toEqual([
      'SPDXRef-DOCUMENT DESCRIBES SPDXRef-Binary-1',
      'SPDXRef-Binary-1 DEPENDS_ON SPDXRef-Module-1',
      'SPDXRef-Binary-1 DEPENDS_ON SPDXRef-Module-2'
    ])
  })
})
