// The publishers, one per destination: what each tells buildx and what it does after it, consistent
// with each other (a destination that pushes reads back from where it pushed, and so on).
import { describe, expect, it } from '@jest/globals'
import { PUBLISHERS, type Destination } from '../../../src/image/publish.js'

const image = { image: 'r/app@sha256:1', digest: 'sha256:1', archive: '/ctx/image.tar' }

describe('PUBLISHERS', () => {
  it.each([
    [
      'registry',
      'type=image,push=true,oci-mediatypes=true,store=false',
      true,
      true,
      'registry',
      'Pushed r/app@sha256:1'
    ],
    ['registry-by-digest', 'type=oci,dest=/ctx/image.tar', false, true, 'archive', 'Pushed r/app@sha256:1'],
    ['engine', 'type=docker', true, false, 'none', 'Loaded sha256:1'],
    [
      'oci-archive',
      'type=oci,dest=/ctx/image.tar',
      true,
      false,
      'archive',
      'Wrote /ctx/image.tar (sha256:1)'
    ],
    [
      'check',
      'type=cacheonly',
      false,
      false,
      'none',
      'Built the image for every platform; it is kept nowhere (archive: false)'
    ]
  ] as [Destination, string, boolean, boolean, string, string][])(
    '%s: --output %s, tagged %s, pushes %s, read back from %s',
    (destination, output, tagged, pushes, readBack, line) => {
      const publisher = PUBLISHERS[destination]
      expect(publisher.output('/ctx/image.tar')).toBe(output)
      expect([publisher.tagged, publisher.pushes, publisher.readBack]).toEqual([tagged, pushes, readBack])
      expect(publisher.writesArchive).toBe(output.startsWith('type=oci,'))
      expect(publisher.resultLine(image)).toBe(line)
      // Only an image kept somewhere has a digest buildx names.
      expect(publisher.digested).toBe(destination !== 'check')
    }
  )

  it('delivers after buildx only what buildx did not push itself: a leg, by digest', () => {
    const delivering = Object.entries(PUBLISHERS).filter(([, p]) => p.deliver)
    expect(delivering.map(([destination]) => destination)).toEqual(['registry-by-digest'])
  })
})
