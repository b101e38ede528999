// The Go module and build caches against the loopback cache service (v2 protocol), running the
// bundled action's main and post as separate processes, as the runner does: as its non-root user.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { programOutput, runProgram } from '../../scripts/lib/program.js'
import { buildCacheKey } from '../../src/cache/keys.js'
import { compileIdentity } from '../../src/compile/plan.js'
import { readConfig } from '../../src/inputs/config.js'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ActionRun } from '../../scripts/run-action.js'
import { bench, ownedByRunner, RUNNER_USER, resultsService, runWatched } from './helpers/bench.js'

const root = mkdtempSync(join(tmpdir(), 'e2e-caches-'))
const workspace = join(root, 'workspace')
const runnerDir = join(root, 'runner')
const gomodcache = join(root, 'gomodcache')
const gocache = join(root, 'gocache')

/** Empties the Go caches of this "runner", as a fresh job would find them, its user's own. */
async function freshGoCaches() {
  for (const dir of [gomodcache, gocache]) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
  }
  await ownedByRunner(gomodcache, gocache)
}

function cacheEnv(extra: Record<string, string> = {}): Record<string, string> {
  const b = bench()
  return {
    GITHUB_WORKSPACE: workspace,
    // A token of the run GITHUB_RUN_ID names (the matrix legs hand their digests over in its artifacts).
    ...resultsService(extra.GITHUB_RUN_ID ?? 'caches'),
    GOMODCACHE: gomodcache,
    GOCACHE: gocache,
    GOFLAGS: '-modcacherw',
    GOPROXY: b.goproxy,
    GOSUMDB: 'off',
    ...extra
  }
}

const inputs = (prefix: string, platforms = 'linux/amd64') => ({
  'working-directory': 'app',
  main: './cmd/app',
  platforms,
  push: 'false',
  'cache-key-prefix': prefix
})

/** Seconds `go build` took for a platform, as the action logs it. */
const compileSeconds = (run: ActionRun, platform: string) =>
  Number(new RegExp(`${platform} app: \\d+ bytes in ([\\d.]+) s`).exec(run.log)?.[1] ?? NaN)

const proxyDownloads = (requests: string[]) =>
  requests.filter(l => l.includes('/goproxy/') && l.endsWith(' 200'))

function ok(run: ActionRun) {
  if (run.exitCode !== 0 || run.postExitCode !== 0)
    throw new Error(`the action failed:\n${run.log}\n${run.postLog}`)
}

function savedEntries(prefix: string): string[] {
  const entries = JSON.parse(readFileSync(join(bench().cacheDir, 'entries.json'), 'utf8')) as {
    key: string
    finalized: boolean
  }[]
  return entries.filter(e => e.finalized && e.key.startsWith(`${prefix}-`)).map(e => e.key)
}

beforeAll(async () => {
  // The fixture with its go.sum, resolved against the local GOPROXY.
  cpSync('__tests__/e2e/fixtures/withdeps', join(workspace, 'app'), { recursive: true })
  const b = bench()
  await programOutput(b.goBinary, ['mod', 'tidy'], {
    cwd: join(workspace, 'app'),
    env: {
      ...process.env,
      GOPROXY: b.goproxy,
      GOSUMDB: 'off',
      GOTOOLCHAIN: 'local',
      GOFLAGS: '-modcacherw',
      GOMODCACHE: join(root, 'tidy-modcache')
    }
  })
  await ownedByRunner(root)
})

describe('three runs: cold, warm, after an edit', () => {
  const prefix = `e2e-${Date.now().toString(36)}`
  const runs: { run: ActionRun; requests: string[] }[] = []
  /** The cache entries saved under this prefix after each run. */
  const savedAfter: string[][] = []
  beforeAll(async () => {
    await freshGoCaches()
    runs.push(await runWatched(inputs(prefix), cacheEnv(), { runnerDir, user: RUNNER_USER }))
    ok(runs[0].run)
    savedAfter.push(savedEntries(prefix))
    await freshGoCaches()
    runs.push(
      await runWatched(inputs(prefix), cacheEnv({ GOPROXY: 'off' }), { runnerDir, user: RUNNER_USER })
    )
    ok(runs[1].run)
    savedAfter.push(savedEntries(prefix))
    writeFileSync(
      join(workspace, 'app', 'internal', 'ids', 'ids.go'),
      readFileSync(join(workspace, 'app', 'internal', 'ids', 'ids.go'), 'utf8').replace(
        '"hello"',
        '"hello again"'
      )
    )
    await freshGoCaches()
    runs.push(
      await runWatched(inputs(prefix), cacheEnv({ GOPROXY: 'off' }), { runnerDir, user: RUNNER_USER })
    )
    ok(runs[2].run)
    savedAfter.push(savedEntries(prefix))
    console.log(
      `go build of linux/amd64: run 1 (cold caches) ${compileSeconds(runs[0].run, 'linux/amd64')} s, ` +
        `run 2 (both caches restored) ${compileSeconds(runs[1].run, 'linux/amd64')} s, ` +
        `run 3 (one file edited, build cache hit exactly) ${compileSeconds(runs[2].run, 'linux/amd64')} s`
    )
  }, 600_000)

  it('run 1 misses both caches, downloads the module through GOPROXY, and saves both in post', () => {
    const { run, requests } = runs[0]
    expect(run.outputs['cache-hit']).toBe('false')
    expect(run.log).toMatch(/modules cache: miss \(/)
    expect(run.log).toMatch(/build cache: miss \(/)
    expect(proxyDownloads(requests).some(l => l.includes('/github.com/google/uuid/@v/v'))).toBe(true)
    expect(run.postLog).toMatch(/modules cache: saved /)
    expect(run.postLog).toMatch(/build cache: saved /)
    expect(run.postSummary).toMatch(/^Post step: saving the Go caches took \d+\.\d s\.$/m)
    expect(savedAfter[0]).toHaveLength(2)
  })

  it('run 2, with empty cache folders and GOPROXY=off, hits both exactly, downloads no module and saves nothing', () => {
    const { run, requests } = runs[1]
    expect(run.outputs['cache-hit']).toBe('true')
    expect(run.log).toMatch(/modules cache: exact hit \(/)
    expect(run.log).toMatch(/build cache: exact hit \(/)
    expect(proxyDownloads(requests)).toEqual([])
    expect(run.postLog).toContain('modules cache: exact hit, nothing to save')
    expect(run.postLog).toContain('build cache: exact hit, nothing to save')
    expect(savedAfter[1]).toEqual(savedAfter[0])
    // The job summary shows both hits with the size of what was restored.
    expect(run.summary).toMatch(/\| modules \| exact hit \| \d+\.\d (KiB|MiB) \|/)
    expect(run.summary).toMatch(/\| build \| exact hit \| \d+\.\d MiB \|/)
  })

  it('run 3, after an edit of the sources, hits both exactly again: Go recompiles what changed, nothing is saved', () => {
    const { run } = runs[2]
    expect(run.outputs['cache-hit']).toBe('true')
    expect(run.log).toMatch(/build cache: exact hit \(/)
    expect(run.postLog).toContain('build cache: exact hit, nothing to save')
    expect(savedAfter[2]).toEqual(savedAfter[1])
  })

  it('run 4, after a dependency change, misses; with cache-fallback it starts from the last build cache of its targets', async () => {
    const bumped = { ...inputs(prefix), 'cache-dependency-path': 'app/go.mod' }
    await freshGoCaches()
    const strict = (await runWatched(bumped, cacheEnv(), { runnerDir, user: RUNNER_USER, post: false })).run
    if (strict.exitCode !== 0) throw new Error(strict.log)
    expect(strict.log).toMatch(/build cache: miss \(/)
    await freshGoCaches()
    const { run } = await runWatched({ ...bumped, 'cache-fallback': 'true' }, cacheEnv(), {
      runnerDir,
      user: RUNNER_USER
    })
    ok(run)
    const restored =
      /build cache: restored from (\S+) \(restore-key; will save (\S+), which only cache-fallback runs restore\)/.exec(
        run.log
      )
    expect(restored).not.toBeNull()
    const [, from, to] = restored as RegExpExecArray
    expect(savedAfter[2]).toContain(from)
    expect(run.postLog).toContain(`build cache: saved ${to}`)
    // Neither the exact key nor GitHub's partial match of it ever finds what a fallback run saved.
    expect(to).toMatch(/-build-[0-9a-f]{16}-fallback-[0-9a-f]{16}$/)
  }, 600_000)
})

describe('a matrix: one platform per job', () => {
  it('saves a build cache per platform, and the module cache from the amd64 leg only', async () => {
    const prefix = `e2e-matrix-${Date.now().toString(36)}`
    // Matrix legs: each pushes by digest and hands it over within one workflow run.
    const leg = (platform: string) => ({
      ...inputs(prefix, platform),
      'push-by-digest': 'true',
      tags: `${bench().registry}/e2e/cache-${prefix}:1`
    })
    const runEnv = cacheEnv({ GITHUB_RUN_ID: `${Date.now()}`, GITHUB_RUN_ATTEMPT: '1' })
    await freshGoCaches()
    const arm64 = (await runWatched(leg('linux/arm64'), runEnv, { runnerDir, user: RUNNER_USER })).run
    ok(arm64)
    await freshGoCaches()
    const amd64 = (await runWatched(leg('linux/amd64'), runEnv, { runnerDir, user: RUNNER_USER })).run
    ok(amd64)
    expect(arm64.postLog).toContain(
      'modules cache: another job writes it (cache-save-modules: auto), not saved here'
    )
    const saved = savedEntries(prefix)
    const builds = saved.filter(k => k.includes('-build-'))
    expect(builds).toHaveLength(2)
    expect(new Set(builds.map(k => k.split('-build-')[1].split('-')[0])).size).toBe(2)
    expect(saved.filter(k => k.includes('-mod-'))).toHaveLength(1)
  }, 600_000)

  it('a job that builds arm64 alone, not a matrix leg, saves its module cache', async () => {
    const prefix = `e2e-arm64-alone-${Date.now().toString(36)}`
    await freshGoCaches()
    const run = (
      await runWatched(inputs(prefix, 'linux/arm64'), cacheEnv(), { runnerDir, user: RUNNER_USER })
    ).run
    ok(run)
    expect(savedEntries(prefix).filter(k => k.includes('-mod-'))).toHaveLength(1)
  }, 600_000)
})

describe('a cache service that answers 500 to everything', () => {
  it('costs a warning; the build succeeds and nothing is saved', async () => {
    await freshGoCaches()
    const { run } = await runWatched(
      inputs(`e2e-broken-${Date.now().toString(36)}`),
      cacheEnv({ ACTIONS_RESULTS_URL: `${bench().cacheUrl}fail/` }),
      { runnerDir, user: RUNNER_USER }
    )
    ok(run)
    expect(run.log).toMatch(
      /::warning::The Actions cache service is failing: \S+ answered HTTP 500\. Building without caches/
    )
    expect(run.outputs['cache-hit']).toBe('false')
    expect(run.outputs.digest).toMatch(/^sha256:/)
    expect(run.postLog).not.toContain('cache: saved')
  }, 300_000)
})

/** The compile action ID Go gives the main package, from GODEBUG=gocachehash=1's account of a build. */
function mainActionId(log: string): string {
  const id = /^HASH\[build example\.com\/withdeps\/cmd\/app\]: ([0-9a-f]{64})$/m.exec(log)?.[1]
  if (!id) throw new Error(`no action ID for the main package in:\n${log.slice(-2000)}`)
  return id
}

/**
 * The attack of the security review: in a build cache of the victim's Go, the entry of the unmodified
 * main package is made to point at the object of a variant whose init prints ATTACKER-CODE-RAN.
 */
async function poisonedBuildCache(go: string): Promise<void> {
  const app = join(workspace, 'app')
  const env = {
    ...process.env,
    ...cacheEnv(),
    CGO_ENABLED: '0',
    GOTOOLCHAIN: 'local',
    GOOS: 'linux',
    GOARCH: 'amd64',
    GOAMD64: 'v1',
    GODEBUG: 'gocachehash=1'
  }
  const build = () =>
    runProgram(go, ['build', '-trimpath', '-o', join(root, 'attack-out'), './cmd/app'], { cwd: app, env })
  const victim = mainActionId((await build()).output)
  const variant = join(app, 'cmd', 'app', 'zz_attack.go')
  writeFileSync(variant, 'package main\n\nfunc init() { println("ATTACKER-CODE-RAN") }\n')
  const attacker = mainActionId((await build()).output)
  rmSync(variant)
  const entry = (id: string) => join(gocache, id.slice(0, 2), `${id}-a`)
  writeFileSync(entry(victim), readFileSync(entry(attacker), 'utf8').replace(attacker, victim))
}

async function plant(key: string): Promise<void> {
  const env = { ...process.env, ...cacheEnv(), RUNNER_TEMP: join(root, 'attacker-temp') }
  mkdirSync(env.RUNNER_TEMP, { recursive: true })
  await programOutput('npx', ['tsx', '__tests__/e2e/programs/plant-cache.ts', key, gocache], { env })
}

/** What the linux/amd64 binary of a run prints (the job's post step has not removed it yet). */
async function binaryOutput(run: ActionRun): Promise<string> {
  const binaries = JSON.parse(run.outputs.binaries) as Record<string, Record<string, { path: string }>>
  return (await runProgram(binaries['linux/amd64'].app.path, [])).output
}

describe('a build cache entry planted by another workflow', () => {
  const prefix = `e2e-poison-${Date.now().toString(36)}`
  const goOfRunner = () => join(runnerDir, 'tool-cache', 'go', '1.24.4', 'x64', 'bin', 'go')
  beforeAll(async () => {
    // The attacker builds with the Go the victim's runner has: one run without caches installs it.
    if (!existsSync(goOfRunner()))
      ok(
        (
          await runWatched({ ...inputs(prefix), cache: 'false' }, cacheEnv(), {
            runnerDir,
            user: RUNNER_USER
          })
        ).run
      )
  }, 300_000)
  // Every part of the build cache's restore prefix can be predicted from the workflow's inputs.
  const predictedStem = () => {
    const config = readConfig(name => (inputs(prefix) as Record<string, string>)[name] ?? '', workspace)
    if (config.mode !== 'build') throw new Error('a build was expected')
    const jobs = compileIdentity(config.compile)
    const keyOf = {
      prefix,
      os: 'Linux',
      arch: 'X64',
      goVersion: '1.24.4',
      dependencyHash: '',
      fallback: true
    }
    return buildCacheKey({ ...keyOf, jobs }).restoreKeys[0]
  }

  it('the attack works on a bare Go: the poisoned cache makes the unmodified program run the attacker code', async () => {
    await freshGoCaches()
    await poisonedBuildCache(goOfRunner())
    const out = join(root, 'check-out')
    await programOutput(goOfRunner(), ['build', '-trimpath', '-o', out, './cmd/app'], {
      cwd: join(workspace, 'app'),
      env: { ...process.env, ...cacheEnv(), CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOAMD64: 'v1' }
    })
    expect((await runProgram(out, [])).output).toContain('ATTACKER-CODE-RAN')
  }, 300_000)

  it('is not restored by a build whose exact key misses: the binary runs only its own code', async () => {
    await freshGoCaches()
    await poisonedBuildCache(goOfRunner())
    const stem = predictedStem()
    await plant(`${stem}planted`)
    await freshGoCaches()
    const { run } = await runWatched(inputs(prefix), cacheEnv(), {
      runnerDir,
      user: RUNNER_USER,
      post: false
    })
    if (run.exitCode !== 0) throw new Error(run.log)
    expect(run.log).not.toContain(`${stem}planted`)
    expect(await binaryOutput(run)).not.toContain('ATTACKER-CODE-RAN')
  }, 300_000)

  it('is not laundered into the exact key by a run with cache-fallback: a run without it still misses', async () => {
    const launder = `${prefix}-launder`
    const stem = predictedStem().replace(prefix, launder)
    await freshGoCaches()
    await poisonedBuildCache(goOfRunner())
    await plant(`${stem}planted`)
    await freshGoCaches()
    // The trusting workflow restores the planted entry by its restore-key, then its post step saves.
    const trusting = (
      await runWatched({ ...inputs(launder), 'cache-fallback': 'true' }, cacheEnv(), {
        runnerDir,
        user: RUNNER_USER
      })
    ).run
    if (trusting.exitCode !== 0) throw new Error(trusting.log)
    expect(trusting.log).toContain(`build cache: restored from ${stem}planted (restore-key; will save`)
    expect(trusting.postLog).toMatch(new RegExp(`build cache: saved ${stem}fallback-\\S+`))
    // Every other workflow trusts only the exact key: it was never written, so it misses.
    await freshGoCaches()
    const { run } = await runWatched(inputs(launder), cacheEnv(), {
      runnerDir,
      user: RUNNER_USER,
      post: false
    })
    if (run.exitCode !== 0) throw new Error(run.log)
    expect(run.log).toMatch(/build cache: miss \(/)
    expect(await binaryOutput(run)).not.toContain('ATTACKER-CODE-RAN')
  }, 300_000)

  it('is not restored by a tag build even under its exact key', async () => {
    const tag = { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v9.9.9', GITHUB_SHA: 'f'.repeat(40) }
    await freshGoCaches()
    const probe = (
      await runWatched(inputs(`${prefix}-tag`), cacheEnv({ ...tag }), {
        runnerDir,
        user: RUNNER_USER,
        post: false
      })
    ).run
    const exactKey = /build cache: (?:miss|exact hit) \((\S+)\)/.exec(probe.log)?.[1]
    await freshGoCaches()
    await poisonedBuildCache(goOfRunner())
    await plant(String(exactKey))
    await freshGoCaches()
    const { run } = await runWatched(inputs(`${prefix}-tag`), cacheEnv(tag), {
      runnerDir,
      user: RUNNER_USER,
      post: false
    })
    if (run.exitCode !== 0) throw new Error(run.log)
    expect(run.log).toContain('caches are neither restored nor saved')
    expect(await binaryOutput(run)).not.toContain('ATTACKER-CODE-RAN')
  }, 300_000)
})

describe('the SBOM of a module with dependencies', () => {
  it('is valid SPDX 2.3 (pyspdxtools) and lists every module of go version -m with its version', async () => {
    const { run } = await runWatched(inputs(`e2e-sbom-${Date.now().toString(36)}`), cacheEnv(), {
      runnerDir,
      user: RUNNER_USER,
      post: false
    })
    if (run.exitCode !== 0) throw new Error(run.log)
    const sboms = JSON.parse(run.outputs.sboms) as Record<string, string>
    expect(Object.keys(sboms)).toEqual(['linux/amd64'])
    const validated = await runProgram(bench().pyspdxtools, ['-i', sboms['linux/amd64']])
    expect([validated.code, validated.output.trim()]).toEqual([0, ''])

    const binaries = JSON.parse(run.outputs.binaries) as Record<string, Record<string, { path: string }>>
    const built = await programOutput(bench().goBinary, ['version', '-m', binaries['linux/amd64'].app.path])
    const deps = [...built.matchAll(/^\tdep\t(\S+)\t(\S+)/gm)].map(
      ([, path, version]) => `${path}@${version}`
    )
    expect(deps.length).toBeGreaterThan(0)
    const document = JSON.parse(readFileSync(sboms['linux/amd64'], 'utf8')) as {
      spdxVersion: string
      packages: { name: string; versionInfo: string; primaryPackagePurpose: string }[]
    }
    expect(document.spdxVersion).toBe('SPDX-2.3')
    const libraries = document.packages.filter(p => p.primaryPackagePurpose === 'LIBRARY')
    expect(libraries.map(p => `${p.name}@${p.versionInfo}`)).toEqual(deps)
    expect(document.packages.filter(p => p.primaryPackagePurpose === 'APPLICATION').map(p => p.name)).toEqual(
      ['example.com/withdeps']
    )
  }, 300_000)
})

describe('a runner that keeps its folders (self-hosted, a persistent volume)', () => {
  const prefix = `e2e-kept-${Date.now().toString(36)}`
  const home = join(root, 'kept-home')
  // Go's own module cache, read-only as Go leaves it (no -modcacherw): what tar must restore over.
  const keptEnv = () =>
    cacheEnv({ GOMODCACHE: join(home, 'gomodcache'), GOCACHE: join(home, 'gocache'), GOFLAGS: '' })
  const runs: ActionRun[] = []
  const job = async () => {
    const { run } = await runWatched(inputs(prefix), keptEnv(), { runnerDir, user: RUNNER_USER })
    ok(run)
    runs.push(run)
    return run
  }
  beforeAll(async () => {
    mkdirSync(home, { recursive: true })
    await ownedByRunner(home)
  })
  /** How many times the run asked Go to list the packages (checkPackages, listFromFolders). */
  const listings = (run: ActionRun) => run.log.split('\n').filter(line => / list -e -deps /.test(line)).length

  it('downloads nothing on the second run: both caches are already on this runner, without a warning', async () => {
    const first = await job()
    expect(first.log).toMatch(/modules cache: miss \(/)
    const second = await job()
    expect(second.log).not.toContain('::warning::')
    expect(second.outputs['cache-hit']).toBe('true')
    expect(second.log).toMatch(/modules cache: exact hit, already on this runner \(/)
    expect(second.log).toMatch(/build cache: exact hit, already on this runner \(/)
    // With the size of what the folders held, as a download would have restored it.
    expect(second.summary).toMatch(/\| modules \| exact hit, already on this runner \| \d+\.\d (KiB|MiB) \|/)
    expect(second.summary).toMatch(/\| build \| exact hit, already on this runner \| \d+\.\d MiB \|/)
    expect(second.postLog).toContain('modules cache: exact hit, nothing to save')
    // Go listed the packages once, from the folders while they were checked, and the compile used it.
    expect([listings(first), listings(second)]).toEqual([1, 1])
  }, 600_000)

  it('restores a folder changed since, over its read-only module files, without a warning; not the other', async () => {
    // Changed since the action recorded it; Go's module folders stay read-only for tar to restore over.
    const added = join(home, 'gomodcache', 'added-by-another-step')
    writeFileSync(added, 'x')
    await ownedByRunner(added)
    const third = await job()
    expect(third.log).not.toContain('::warning::')
    expect(third.outputs['cache-hit']).toBe('true')
    expect(third.log).toMatch(/modules cache: exact hit \(/)
    expect(third.log).toMatch(/build cache: exact hit, already on this runner \(/)
    // What Go listed from the folders before the restore does not count: the compile lists again.
    expect(listings(third)).toBe(2)
    // The restore put Go's read-only modes back: the next run finds the folder as it recorded it.
    const fourth = await job()
    expect(fourth.log).toMatch(/modules cache: exact hit, already on this runner \(/)
  }, 600_000)
})
