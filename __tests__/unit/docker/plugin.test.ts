import { describe, expect, it } from '@jest/globals'
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildxCommand, pluginDirs, runBuildx } from '../../../src/docker/plugin.js'

const SYSTEM = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins'
]

describe('pluginDirs', () => {
  it.each([
    ['no config.json', undefined],
    ['a config with logins', '{"auths":{"ghcr.io":{}}}'],
    ['a config with a context', '{"currentContext":"remote"}']
  ])("with %s: the config folder's cli-plugins, then docker's system folders", (_what, text) => {
    expect(pluginDirs('/home/runner/.docker', text)).toEqual(['/home/runner/.docker/cli-plugins', ...SYSTEM])
  })

  it.each([
    [
      'folders of its own (their place in the order differs between docker versions)',
      '{"cliPluginsExtraDirs":["/x"]}'
    ],
    ['a config that is not JSON', '{'],
    ['a config that is not an object', '"x"']
  ])('leaves the choice to docker for a config with %s', (_what, text) => {
    expect(pluginDirs('/home/runner/.docker', text)).toBeUndefined()
  })
})

describe('buildxCommand', () => {
  it('runs the plugin itself when it is known', () => {
    expect(buildxCommand('/usr/libexec/docker/cli-plugins/docker-buildx', ['build', '.'])).toEqual([
      '/usr/libexec/docker/cli-plugins/docker-buildx',
      ['build', '.']
    ])
  })

  it('runs docker buildx otherwise', () => {
    expect(buildxCommand(undefined, ['build', '.'])).toEqual(['docker', ['buildx', 'build', '.']])
  })
})

describe('runBuildx', () => {
  /** A docker config folder; `plugin`: its cli-plugins holds a stand-in buildx that says how it ran. */
  const config = (text: string, plugin: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'docker-config-'))
    writeFileSync(join(dir, 'config.json'), text)
    if (plugin) {
      mkdirSync(join(dir, 'cli-plugins'))
      writeFileSync(join(dir, 'cli-plugins', 'docker-buildx'), '#!/bin/sh\necho "plugin $*"\n', {
        mode: 0o755
      })
    }
    return dir
  }
  // A stand-in docker on PATH, for the runs docker decides.
  const bin = mkdtempSync(join(tmpdir(), 'docker-bin-'))
  writeFileSync(join(bin, 'docker'), '#!/bin/sh\necho "docker $*"\n', { mode: 0o755 })
  const env = (dockerConfig: string) => ({ DOCKER_CONFIG: dockerConfig, PATH: `${bin}:${process.env.PATH}` })

  it("runs the plugin of the config's own cli-plugins, before any of the system's", async () => {
    const said = await runBuildx(['version'], { env: env(config('{}', true)) })
    expect(said.stdout).toBe('plugin version\n')
  })

  it('leaves it to docker when the config names plugin folders of its own', async () => {
    const said = await runBuildx(['version'], { env: env(config('{"cliPluginsExtraDirs":["/x"]}', true)) })
    expect(said.stdout).toBe('docker buildx version\n')
  })

  it('leaves it to docker when the first plugin found cannot run (docker says why)', async () => {
    const dir = config('{}', true)
    chmodSync(join(dir, 'cli-plugins', 'docker-buildx'), 0o644)
    const said = await runBuildx(['version'], { env: env(dir) })
    expect(said.stdout).toBe('docker buildx version\n')
  })
})
