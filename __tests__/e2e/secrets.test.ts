// Registry credentials as inputs: masked, never in a command line, and gone when the step ends.
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { homedir, tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { bench, pathWithoutGo, runBundledAction, resultsService } from './helpers/bench.js'
import { programOutput, runProgram } from '../../scripts/lib/program.js'
import { httpGet } from '../helpers/http.js'

const registry = () => bench().authRegistry
const username = () => bench().authUser
const password = () => bench().authPassword

function runner(): { runnerTemp: string; env: Record<string, string> } {
  const runnerTemp = join(mkdtempSync(join(tmpdir(), 'secrets-')), 'temp')
  mkdirSync(runnerTemp)
  return {
    runnerTemp,
    env: {
      RUNNER_TEMP: runnerTemp,
      PATH: [dirname(bench().goBinary), pathWithoutGo()].join(delimiter)
    }
  }
}

const dockerConfig = () => {
  const file = join(process.env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json')
  return existsSync(file) ? readFileSync(file, 'utf8') : ''
}

describe('registry credentials', () => {
  it('log in, push, are masked and never in a command line, and leave nothing behind', async () => {
    const { runnerTemp, env: runnerEnv } = runner()
    const before = dockerConfig()
    const tag = `${registry()}/secrets/app:${Date.now().toString(36)}`
    const run = await runBundledAction(
      { platforms: 'linux/amd64', tags: tag, push: 'true', username: username(), password: password() },
      runnerEnv
    )
    if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
    expect(run.log).toContain(`::add-mask::${password()}`)
    expect(run.log.split('\n').filter(l => !l.startsWith('::add-mask::') && l.includes(password()))).toEqual(
      []
    )
    expect(run.log).toContain(`Logged in to ${registry()}`)
    expect(readdirSync(runnerTemp).filter(f => f.startsWith('go-mini-action-docker-'))).toEqual([])
    expect(dockerConfig()).toBe(before)
    const response = await httpGet(`http://${registry()}/v2/secrets/app/tags/list`, {
      authorization: `Basic ${Buffer.from(`${username()}:${password()}`).toString('base64')}`
    })
    expect((response.json() as { tags: string[] }).tags).toContain(tag.split(':').at(-1))
  }, 300_000)

  it('fail with a clear error, not showing the password, when they are wrong', async () => {
    const { runnerTemp, env: runnerEnv } = runner()
    const wrong = 'not-the-Pa55word'
    const run = await runBundledAction(
      {
        platforms: 'linux/amd64',
        tags: `${registry()}/secrets/app:x`,
        push: 'true',
        username: username(),
        password: wrong
      },
      runnerEnv
    )
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(`::error::logging in to ${registry()} as ${username()} failed:`)
    expect(run.log).not.toMatch(/^\[command\]\S*\/go build /m) // before compiling, not after
    expect(run.log.split('\n').filter(l => !l.startsWith('::add-mask::') && l.includes(wrong))).toEqual([])
    expect(readdirSync(runnerTemp).filter(f => f.startsWith('go-mini-action-docker-'))).toEqual([])
  }, 300_000)

  it('are needed by a registry that wants them: without, the run stops before compiling, naming it', async () => {
    const { env: runnerEnv } = runner()
    const run = await runBundledAction(
      { platforms: 'linux/amd64', tags: `${registry()}/secrets/app:y`, push: 'true' },
      { ...runnerEnv, DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'no-login-')) }
    )
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(
      `::error::push check before compiling: ${registry()} refused a push to ${registry()}/secrets/app with no credentials for ${registry()} (HTTP 401: UNAUTHORIZED: authentication required)`
    )
    expect(run.log).toContain('docker/login-action')
    expect(run.log).not.toMatch(/^\[command\]\S*\/go build /m)
  }, 300_000)
})

describe('credentials a step before this one left (docker/login-action)', () => {
  /** A docker config as `docker login` writes it, as docker/login-action runs it. */
  async function loggedIn(secret: string): Promise<string> {
    const config = mkdtempSync(join(tmpdir(), 'login-action-'))
    const args = ['--config', config, 'login', '--username', username(), '--password-stdin', registry()]
    const said = await runProgram('docker', args, { input: secret })
    if (said.code !== 0 && secret === password()) throw new Error(said.output)
    if (said.code !== 0) {
      // docker refuses to store wrong credentials: write them as it would have.
      const auth = Buffer.from(`${username()}:${secret}`).toString('base64')
      writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { [registry()]: { auth } } }))
    }
    return config
  }

  it('push when the docker config holds them', async () => {
    const { env: runnerEnv } = runner()
    const tag = `${registry()}/secrets/login-action:${Date.now().toString(36)}`
    const run = await runBundledAction(
      { platforms: 'linux/amd64', tags: tag, push: 'true' },
      { ...runnerEnv, DOCKER_CONFIG: await loggedIn(password()) }
    )
    if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
    expect(run.log).toContain(`Push check: ${registry()}/secrets/login-action accepts a push`)
  }, 300_000)

  it('stop the run before compiling when they are wrong, never showing them', async () => {
    const { env: runnerEnv } = runner()
    const wrong = 'left-by-login-Wr0ng'
    const run = await runBundledAction(
      { platforms: 'linux/amd64', tags: `${registry()}/secrets/login-action:x`, push: 'true' },
      { ...runnerEnv, DOCKER_CONFIG: await loggedIn(wrong) }
    )
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(
      `::error::push check before compiling: ${registry()} refused a push to ${registry()}/secrets/login-action with the credentials for ${registry()} (HTTP 401`
    )
    expect(run.log).not.toMatch(/^\[command\]\S*\/go build /m)
    expect(run.log.split('\n').filter(l => !l.startsWith('::add-mask::') && l.includes(wrong))).toEqual([])
  }, 300_000)
})

describe('credentials stay with their registry', () => {
  /** Serves on 127.0.0.x; resolves with the port once listening. */
  const listen = (server: Server, host: string) =>
    new Promise<number>(resolve =>
      server.listen(0, host, () => resolve((server.address() as AddressInfo).port))
    )

  it('a registry whose upload Location names another address (127.0.0.2) gets no Authorization there', async () => {
    // Elsewhere: what a Location on another origin reaches; it must never see the registry's credentials.
    const elsewhere: string[] = []
    const other = createServer((req, res) => {
      elsewhere.push(`${req.method} ${req.headers.authorization ?? '(none)'}`)
      res.writeHead(204).end()
    })
    const otherPort = await listen(other, '127.0.0.2')
    const basic = `Basic ${Buffer.from('ci:s3cret-upload').toString('base64')}`
    const registrySeen: string[] = []
    const fake = createServer((req, res) => {
      registrySeen.push(`${req.method} ${req.url} ${req.headers.authorization === basic ? 'basic' : 'none'}`)
      if (req.headers.authorization !== basic)
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="fake"' }).end()
      if (req.method === 'POST')
        return void res.writeHead(202, { location: `http://127.0.0.2:${otherPort}/upload/u1` }).end()
      res.writeHead(404).end()
    })
    const port = await listen(fake, '127.0.0.1')
    try {
      const config = mkdtempSync(join(tmpdir(), 'login-action-'))
      const auth = Buffer.from('ci:s3cret-upload').toString('base64')
      writeFileSync(
        join(config, 'config.json'),
        JSON.stringify({ auths: { [`127.0.0.1:${port}`]: { auth } } })
      )
      // The image push itself then fails against this fake: only the push check matters here.
      await runBundledAction(
        { platforms: 'linux/amd64', tags: `127.0.0.1:${port}/acme/app:1`, push: 'true' },
        { ...runner().env, DOCKER_CONFIG: config },
        { post: false }
      )
      expect(registrySeen).toContain('POST /v2/acme/app/blobs/uploads/ basic')
      // The push check's cancel, then buildx's own uploads: none with the credentials.
      expect(elsewhere).toContain('DELETE (none)')
      expect(elsewhere.filter(request => !request.endsWith('(none)'))).toEqual([])
    } finally {
      other.close()
      fake.close()
    }
  }, 300_000)
})

describe('registry credentials in a matrix', () => {
  it('serve the legs and the merge alike', async () => {
    const { env: runnerEnv } = runner()
    const repo = `${registry()}/secrets/matrix-${Date.now().toString(36)}`
    const runId = `${Date.now()}`
    const run = {
      ...runnerEnv,
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SHA: 'c'.repeat(40),
      ...resultsService(runId)
    }
    const credentials = { username: username(), password: password(), tags: `${repo}:1` }
    const leg = await runBundledAction(
      { ...credentials, platforms: 'linux/amd64', 'push-by-digest': 'true' },
      run
    )
    if (leg.exitCode !== 0) throw new Error(`the leg failed:\n${leg.log}`)
    const merge = await runBundledAction({ ...credentials, mode: 'merge', platforms: 'linux/amd64' }, run)
    if (merge.exitCode !== 0) throw new Error(`the merge failed:\n${merge.log}`)
    expect(merge.log).toContain(`Logged in to ${registry()}`)
    expect(merge.outputs.image).toMatch(new RegExp(`^${repo.replace(/[.]/g, '\\.')}@sha256:`))
    expect(
      merge.log.split('\n').filter(l => !l.startsWith('::add-mask::') && l.includes(password()))
    ).toEqual([])
  }, 300_000)
})

describe("a credential helper in the runner's docker config", () => {
  it('never receives the password: it would keep it after the step', async () => {
    const { env: runnerEnv } = runner()
    const home = mkdtempSync(join(tmpdir(), 'helper-'))
    const helperLog = join(home, 'helper.log')
    mkdirSync(join(home, 'bin'))
    mkdirSync(join(home, 'docker'))
    // A helper as docker-credential-* are: it stores what `docker login` hands it (here, in a file).
    writeFileSync(
      join(home, 'bin', 'docker-credential-e2evil'),
      `#!/bin/sh\n{ echo "$1"; cat; echo; } >>'${helperLog}'\n[ "$1" = list ] && echo '{}'\n` +
        '[ "$1" = get ] && { echo "credentials not found in native keychain"; exit 1; }\nexit 0\n',
      { mode: 0o755 }
    )
    writeFileSync(join(home, 'docker', 'config.json'), JSON.stringify({ credsStore: 'e2evil' }))
    const tag = `${registry()}/secrets/helper:${Date.now().toString(36)}`
    const run = await runBundledAction(
      { platforms: 'linux/amd64', tags: tag, push: 'true', username: username(), password: password() },
      {
        ...runnerEnv,
        DOCKER_CONFIG: join(home, 'docker'),
        PATH: `${join(home, 'bin')}${delimiter}${runnerEnv.PATH}`
      }
    )
    if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
    const handed = existsSync(helperLog) ? readFileSync(helperLog, 'utf8') : ''
    expect(handed).not.toContain(password())
    expect(readFileSync(join(home, 'docker', 'config.json'), 'utf8')).toBe('{"credsStore":"e2evil"}')
  }, 300_000)
})

describe("what else the runner's docker config holds", () => {
  it('serves the login too: its own buildx (cli-plugins) and its current context build the image', async () => {
    const { env: runnerEnv } = runner()
    const config = join(mkdtempSync(join(tmpdir(), 'plugins-')), 'docker')
    const used = join(dirname(config), 'buildx.log')
    // A buildx of the runner's own, as docker/setup-buildx-action installs a `version` into
    // ~/.docker/cli-plugins: here the engine's buildx behind a script that notes each command.
    const system = await programOutput('docker', [
      'info',
      '--format',
      '{{range .ClientInfo.Plugins}}{{if eq .Name "buildx"}}{{.Path}}{{end}}{{end}}'
    ])
    mkdirSync(join(config, 'cli-plugins'), { recursive: true })
    writeFileSync(
      join(config, 'cli-plugins', 'docker-buildx'),
      `#!/bin/sh\necho "$*" >>'${used}'\nexec '${system.trim()}' "$@"\n`,
      { mode: 0o755 }
    )
    // A context of the runner's own (docker context use), naming the same engine.
    const context = [
      '--config',
      config,
      'context',
      'create',
      'e2e-own',
      '--docker',
      'host=unix:///var/run/docker.sock'
    ]
    await programOutput('docker', context)
    await programOutput('docker', ['--config', config, 'context', 'use', 'e2e-own'])
    const tag = `${registry()}/secrets/plugins:${Date.now().toString(36)}`
    const run = await runBundledAction(
      { platforms: 'linux/amd64', tags: tag, push: 'true', username: username(), password: password() },
      { ...runnerEnv, DOCKER_CONFIG: config }
    )
    if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
    // Run as docker would run it, or as itself (plugin.ts): `buildx build …` or `build …`.
    expect(existsSync(used) ? readFileSync(used, 'utf8') : '').toMatch(/^(buildx )?build --builder /m)
    // Linked, not moved: the private config's removal leaves the runner's own as they were.
    expect(readdirSync(config)).toEqual(expect.arrayContaining(['cli-plugins', 'config.json', 'contexts']))
    expect(readdirSync(join(config, 'cli-plugins'))).toEqual(['docker-buildx'])
  }, 300_000)
})

describe('hostile values that are accepted', () => {
  it('reach the image as literal text: nothing is run, nothing is added to the Dockerfile', async () => {
    const { env: runnerEnv } = runner()
    const repo = `127.0.0.1:5000/e2e/inert-${Date.now().toString(36)}`
    const hostile = '$(touch /tmp/pwned); `id`; echo "x" \\ RUN id'
    const run = await runBundledAction(
      {
        platforms: 'linux/amd64',
        tags: `${repo}:1`,
        push: 'true',
        labels: `note=${hostile}`,
        env: `NOTE=${hostile}`,
        cmd: `--note\n${hostile}\n--`,
        annotations: `manifest:note=${hostile}`
      },
      runnerEnv
    )
    if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.log}`)
    const headers = { accept: 'application/vnd.oci.image.manifest.v1+json' }
    const base = `http://127.0.0.1:5000/v2/${repo.split('/').slice(1).join('/')}`
    const manifest = (await httpGet(`${base}/manifests/1`, headers)).json() as {
      config: { digest: string }
      annotations: Record<string, string>
    }
    const config = (await httpGet(`${base}/blobs/${manifest.config.digest}`)).json() as {
      config: { Labels: Record<string, string>; Env: string[]; Cmd: string[] }
    }
    expect(config.config.Labels.note).toBe(hostile)
    expect(config.config.Env).toContain(`NOTE=${hostile}`)
    expect(config.config.Cmd).toEqual(['--note', hostile, '--'])
    expect(manifest.annotations.note).toBe(hostile)
    expect(existsSync('/tmp/pwned')).toBe(false)
  }, 300_000)
})
