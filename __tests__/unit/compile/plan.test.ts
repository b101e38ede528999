import { describe, expect, it } from '@jest/globals'
import { compileJobs, goExecName, linkerFlags, type CompileRequest } from '../../../src/compile/plan.js'
import { stampVersion } from '../../../src/git.js'
import { binaryPath } from '../../../src/layout.js'
import { parsePlatforms } from '../../../src/platform.js'

describe('stampVersion', () => {
  it.each([
    ['v9', { refType: 'tag', refName: 'v1.2.3', sha: 'abcdef0123' }, 'v9'],
    ['', { refType: 'tag', refName: 'v1.2.3', sha: 'abcdef0123' }, 'v1.2.3'],
    ['', { refType: 'branch', refName: 'main', sha: 'abcdef0123' }, 'abcdef0'],
    ['', { refType: 'tag', refName: 'bad tag"', sha: 'abcdef0123' }, 'abcdef0'],
    ['', {}, 'dev']
  ])('given %j, git %j → %s', (given, git, version) => {
    expect(stampVersion(given, git)).toBe(version)
  })
})

describe('linkerFlags', () => {
  it.each([
    ['main.version', 'v1', '', '-s -w -buildid= -X=main.version=v1'],
    [
      'example.com/x/build.Version',
      'abc',
      '-X main.commit=1',
      '-s -w -buildid= -X=example.com/x/build.Version=abc -X main.commit=1'
    ]
  ])('%s=%s + %j', (variable, version, extra, flags) => {
    expect(linkerFlags(variable, version, extra)).toBe(flags)
  })
})

describe('compileJobs', () => {
  const request: CompileRequest = {
    workingDirectory: '/src',
    mains: [{ package: './cmd/server', name: 'server' }],
    platforms: parsePlatforms(['linux/amd64/v3', 'linux/arm64', 'linux/arm/v6']),
    buildFlags: ['-mod=vendor'],
    buildTags: ['netgo', 'osusergo'],
    ldflags: '',
    version: '',
    versionVariable: 'main.version',
    versionVariableGiven: false,
    cgo: 'warn',
    embedTzdata: false
  }

  it('builds each platform statically, trimmed and stamped, into its own folder', () => {
    const jobs = compileJobs(request, 'v1.2.3', '/ctx')
    expect(jobs.map(j => [j.platform.name, j.binaries[0].output, j.env])).toEqual([
      [
        'linux/amd64/v3',
        '/ctx/bin/linux/amd64v3/server',
        { CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOOS: 'linux', GOARCH: 'amd64', GOAMD64: 'v3' }
      ],
      [
        'linux/arm64',
        '/ctx/bin/linux/arm64/server',
        { CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOOS: 'linux', GOARCH: 'arm64' }
      ],
      [
        'linux/arm/v6',
        '/ctx/bin/linux/armv6/server',
        { CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOOS: 'linux', GOARCH: 'arm', GOARM: '6' }
      ]
    ])
    expect(jobs[0].args).toEqual([
      'build',
      '-trimpath',
      '-ldflags=-s -w -buildid= -X=main.version=v1.2.3',
      '-tags=netgo,osusergo',
      '-mod=vendor',
      '-o',
      '/ctx/bin/linux/amd64v3/server',
      './cmd/server'
    ])
  })

  it('leaves out -tags when there are none', () => {
    const [job] = compileJobs({ ...request, buildTags: [], buildFlags: [] }, 'dev', '/ctx')
    expect(job.args).toEqual([
      'build',
      '-trimpath',
      '-ldflags=-s -w -buildid= -X=main.version=dev',
      '-o',
      '/ctx/bin/linux/amd64v3/server',
      './cmd/server'
    ])
  })

  it('adds the timetzdata tag for tzdata: embed', () => {
    const [job] = compileJobs({ ...request, embedTzdata: true }, 'dev', '/ctx')
    expect(job.args).toContain('-tags=netgo,osusergo,timetzdata')
  })

  it('builds every main package of a platform in one go build, into a folder of its own', () => {
    const two = { ...request, mains: [...request.mains, { package: './cmd/migrate', name: 'migrate' }] }
    const jobs = compileJobs(two, 'dev', '/ctx')
    expect(jobs.map(j => [j.platform.name, j.args.slice(-4), j.binaries.map(b => b.output)])).toEqual([
      [
        'linux/amd64/v3',
        ['-o', '/ctx/bin/linux/amd64v3/.go-build/', './cmd/server', './cmd/migrate'],
        ['/ctx/bin/linux/amd64v3/server', '/ctx/bin/linux/amd64v3/migrate']
      ],
      [
        'linux/arm64',
        ['-o', '/ctx/bin/linux/arm64/.go-build/', './cmd/server', './cmd/migrate'],
        ['/ctx/bin/linux/arm64/server', '/ctx/bin/linux/arm64/migrate']
      ],
      [
        'linux/arm/v6',
        ['-o', '/ctx/bin/linux/armv6/.go-build/', './cmd/server', './cmd/migrate'],
        ['/ctx/bin/linux/armv6/server', '/ctx/bin/linux/armv6/migrate']
      ]
    ])
  })

  it('builds each main package on its own when asked (Go could not name them apart)', () => {
    const two = { ...request, mains: [...request.mains, { package: './cmd/migrate', name: 'migrate' }] }
    const jobs = compileJobs(two, 'dev', '/ctx', {}, false)
    expect(jobs.map(j => [j.platform.name, j.args.slice(-3), j.outputDir])).toEqual(
      ['linux/amd64/v3', 'linux/arm64', 'linux/arm/v6'].flatMap(platform => {
        const [os, arch, variant = ''] = platform.split('/')
        const dir = `/ctx/bin/${os}/${arch}${variant}`
        return [
          [platform, ['-o', `${dir}/server`, './cmd/server'], undefined],
          [platform, ['-o', `${dir}/migrate`, './cmd/migrate'], undefined]
        ]
      })
    )
  })

  it.each([
    ['example.com/app/cmd/server', 'server'],
    ['example.com/tool/v2', 'tool'],
    ['example.com/v2', 'example.com'],
    ['hello', 'hello']
  ])("Go's own name for %s is %s", (importPath, name) => {
    expect(goExecName(importPath)).toBe(name)
  })

  it('matches the path the Dockerfile copies from', () => {
    const [arm64] = parsePlatforms(['linux/arm64'])
    expect(binaryPath('/ctx', arm64, 'app')).toBe('/ctx/bin/linux/arm64/app')
  })
})
