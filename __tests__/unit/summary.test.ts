import { describe, expect, it } from '@jest/globals'
import { formatBytes, summaryMarkdown, type SummaryReport } from '../../src/summary.js'

const report: SummaryReport = {
  goVersion: 'go1.24.4',
  goSource: 'download',
  caches: [
    {
      name: 'modules',
      path: '/m',
      key: 'p-mod-1',
      restoreKeys: ['p-mod-'],
      matchedKey: 'p-mod-1',
      save: true,
      bytes: 2_500_000
    },
    {
      name: 'build',
      path: '/b',
      key: 'p-build-t-2',
      restoreKeys: ['p-build-t-'],
      matchedKey: 'p-build-t-1',
      save: true,
      bytes: 52_000_000
    }
  ],
  binaries: [
    { platform: 'linux/amd64', path: '/x', size: 6_222_008, seconds: 6.54 },
    { platform: 'linux/arm64', path: '/y', size: 5_898_424, seconds: 6.1 }
  ],
  image: {
    digest: 'sha256:abc',
    image: 'r/app@sha256:abc',
    archive: '',
    tags: ['r/app:1', 'r/app:latest'],
    pushed: true
  }
}

describe('summaryMarkdown', () => {
  it('shows Go, each cache with its result and restored size, each binary, and pull lines', () => {
    expect(summaryMarkdown(report)).toBe(
      [
        '## go-mini-action',
        '',
        'Go 1.24.4, downloaded.',
        '',
        '| cache | result | restored | key |',
        '| --- | --- | --- | --- |',
        '| modules | exact hit | 2.4 MiB | `p-mod-1` |',
        '| build | restore-key hit (`p-build-t-1`) | 49.6 MiB | `p-build-t-2` |',
        '',
        '| platform | binary | compile |',
        '| --- | --- | --- |',
        '| linux/amd64 | 5.9 MiB | 6.5 s |',
        '| linux/arm64 | 5.6 MiB | 6.1 s |',
        '',
        'Pushed index `sha256:abc`:',
        '',
        '```sh',
        'docker pull r/app:1',
        'docker pull r/app:latest',
        '```',
        ''
      ].join('\n')
    )
  })

  it('leaves out the cache table when caching is off, and names the archive when not pushing', () => {
    const md = summaryMarkdown({
      ...report,
      caches: [],
      image: { ...report.image, pushed: false, archive: '/t/image.oci.tar' }
    })
    expect(md).not.toContain('| cache |')
    expect(md).toContain('Wrote index `sha256:abc` to the OCI archive `/t/image.oci.tar`.')
  })
})

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1_572_864, '1.5 MiB'],
    [3 * 1024 ** 3, '3.0 GiB']
  ])('%s → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})
