// The Actions cache played by an attacker who holds the branch's cache token (any job of the repository
// that runs a pull request's code, a compromised dependency's test): entries deleted and planted under
// the victim's exact key, or under keys that start with it, holding archives no honest save writes. The
// victim is the bundled action, run as the runner's user against the bench's cache service, which
// matches and scopes entries as GitHub documents (scripts/e2e/cache-server.mjs).
import { beforeAll, describe, expect, it } from '@jest/globals'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { programOutput } from '../../scripts/lib/program.js'
import type { ActionRun } from '../../scripts/run-action.js'
import { cacheVersion, compressionMethod } from '../../src/cache/service.js'
import { deleteEntries, saveEntry } from '../helpers/cache-service.js'
import { bench, ownedByRunner, RUNNER_USER, resultsService, runWatched } from './helpers/bench.js'
import type { CacheScopes } from '../../scripts/lib/bench-env.js'

const root = mkdtempSync(join(tmpdir(), 'e2e-cache-attacks-'))
const workspace = join(root, 'workspace')
const runnerDir = join(root, 'runner')
const gomodcache = join(root, 'gomodcache')
const gocache = join(root, 'gocache')

/** A job of the run on `scopes[0]` (refs/heads/main unless told), its cache token scoped as GitHub's. */
function jobEnv(scopes: CacheScopes = ['refs/heads/main']): Record<string, string> {
  return {
    GITHUB_WORKSPACE: workspace,
    ...resultsService('cache-attacks', 'job', scopes),
    GOMODCACHE: gomodcache,
    GOCACHE: gocache,
    GOFLAGS: '-modcacherw',
    // No folder record (a hosted runner's next job starts fresh): every run asks the cache service, and
    // the Go caches stay warm between the runs, so that each compiles in seconds.
    RUNNER_ENVIRONMENT: 'github-hosted'
  }
}

/** Empty Go caches, the runner user's own (once: every check below looks at its own files only). */
async function freshGoCaches() {
  for (const dir of [gomodcache, gocache]) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
  }
  await ownedByRunner(gomodcache, gocache)
}

async function job(
  prefix: string,
  options: { scopes?: CacheScopes; post?: boolean; fallback?: boolean } = {}
) {
  const inputs = {
    platforms: 'linux/amd64',
    push: 'false',
    'cache-key-prefix': prefix,
    ...(options.fallback ? { 'cache-fallback': 'true' } : {})
  }
  const { run } = await runWatched(inputs, jobEnv(options.scopes), {
    runnerDir,
    user: RUNNER_USER,
    post: options.post ?? true
  })
  if (run.exitCode !== 0 || (run.postExitCode ?? 0) !== 0)
    throw new Error(`the action failed:\n${run.log}\n${run.postLog ?? ''}`)
  return run
}

/** The build cache's exact key, as the run's log names it. */
function buildKey(run: ActionRun): string {
  const key = /build cache: (?:miss|exact hit) \((\S+?)[;)]/.exec(run.log)?.[1]
  if (!key) throw new Error(`no build cache key in:\n${run.log}`)
  return key
}

interface Member {
  name: string
  type: 'file' | 'dir' | 'symlink' | 'hardlink'
  data?: string
  link?: string
}

/** Plants an archive of `members` under `key` in the default branch's scope, as @actions/cache would compress it. */
async function plant(key: string, members: Member[]): Promise<void> {
  const dir = mkdtempSync(join(root, 'attacker-'))
  const tar = join(dir, 'cache.tar')
  await programOutput('python3', ['__tests__/e2e/programs/craft-archive.py', tar], {
    input: JSON.stringify(members)
  })
  const compression = await compressionMethod()
  const archive = join(dir, 'cache.archive')
  if (compression === 'gzip') writeFileSync(archive, await programOutput('gzip', ['-c', tar]))
  else await programOutput('zstd', ['-q', '-f', tar, '-o', archive])
  const version = cacheVersion([gocache], compression)
  await saveEntry(bench().cacheUrl, { key, version, scope: 'refs/heads/main' }, readFileSync(archive))
}

beforeAll(async () => {
  cpSync('examples/hello', join(workspace, 'examples', 'hello'), { recursive: true })
  mkdirSync(runnerDir, { recursive: true })
  await ownedByRunner(root)
  await freshGoCaches()
})

describe('an entry planted under the exact key', () => {
  const prefix = `e2e-plant-${Date.now().toString(36)}`
  let key = ''
  beforeAll(async () => {
    key = buildKey(await job(prefix)) // saves the honest entry the attacker replaces
  }, 300_000)

  const outside = (name: string) => join(root, name)
  // Names relative to the workspace, as @actions/cache's tar -P -C <workspace> reads them.
  const inCache = (name: string) => `../gocache/${name}`
  it.each([
    [
      'an absolute name',
      [{ name: outside('pwned-absolute'), type: 'file', data: 'x' }],
      'its name is absolute',
      outside('pwned-absolute')
    ],
    [
      'a ../ out of the folder',
      [{ name: inCache('../pwned-dotdot'), type: 'file', data: 'x' }],
      'resolves outside',
      outside('pwned-dotdot')
    ],
    [
      'a symbolic link, then a file written through it',
      [
        { name: inCache('evil'), type: 'symlink', link: outside('pwned-dir') },
        { name: inCache('evil/planted'), type: 'file', data: 'x' }
      ],
      'a symbolic link',
      outside('pwned-dir/planted')
    ],
    [
      'a hard link to a file outside',
      [{ name: inCache('stolen'), type: 'hardlink', link: outside('secret') }],
      'a hard link',
      join(gocache, 'stolen')
    ]
  ] as [string, Member[], string, string][])(
    'with %s writes nothing, warns naming the cache, the key and the member, and builds from cold',
    async (_name, members, why, written) => {
      mkdirSync(outside('pwned-dir'), { recursive: true })
      writeFileSync(outside('secret'), 'the runner credentials')
      await ownedByRunner(outside('pwned-dir'), outside('secret'))
      await deleteEntries(bench().cacheUrl, key)
      await plant(key, [
        { name: inCache(''), type: 'dir' },
        { name: inCache('ok'), type: 'file', data: 'x' },
        ...members
      ])
      const run = await job(prefix)
      const warning = new RegExp(
        `::warning::build cache: the entry ${key} was not restored: member "[^"]*": [^.]*${why}`
      )
      expect(run.log).toMatch(warning)
      expect(run.log).toContain(`build cache: miss (${key}; the entry found was refused`)
      expect(run.summary).toContain('| build | miss (the entry found was refused) |')
      expect(run.postLog).toContain('build cache: the entry found was refused, nothing is saved over it')
      expect(existsSync(written)).toBe(false)
      expect(existsSync(join(gocache, 'ok'))).toBe(false) // nothing of it, not even its harmless members
      expect(statSync(outside('secret')).nlink).toBe(1)
    },
    300_000
  )
})

describe('an entry planted under a key that starts with the exact key', () => {
  const prefix = `e2e-partial-${Date.now().toString(36)}`
  const planted = (key: string) => `${key}-##[warning]planted<img src=x onerror=alert(1)>`
  let key = ''
  beforeAll(async () => {
    key = buildKey(await job(prefix, { post: false }))
    await plant(planted(key), [{ name: '../gocache/planted-file', type: 'file', data: 'x' }])
  }, 300_000)

  it('is not restored without cache-fallback, and its key stays inert in the log and the summary', async () => {
    const run = await job(prefix, { post: false })
    const shown = `${key}-# #[warning]planted<img src=x onerror=alert(1)>`
    expect(run.log).toContain(
      `build cache: miss (${key}; the service offered ${shown}, which is not the exact key`
    )
    expect(existsSync(join(gocache, 'planted-file'))).toBe(false)
    expect(run.log).not.toContain('##[')
    expect(run.summary).toContain(`| build | miss (\`${shown}\` offered, not the exact key) |`)
  }, 300_000)

  it('is restored with cache-fallback (which trusts every writer), still inert in the log and the summary', async () => {
    const run = await job(prefix, { post: false, fallback: true })
    const shown = `${key}-# #[warning]planted<img src=x onerror=alert(1)>`
    expect(run.log).toContain(`build cache: restored from ${shown} (restore-key;`)
    expect(run.log).not.toContain('##[')
    expect(run.summary).toContain(`| build | restore-key hit (\`${shown}\`) |`)
  }, 300_000)
})

describe('scopes, as the runtime token gives them', () => {
  const prefix = `e2e-scopes-${Date.now().toString(36)}`
  const pullRequest: CacheScopes = ['refs/pull/7/merge', 'refs/heads/main']

  it("keeps a pull request's save from the default branch, and gives the pull request its own", async () => {
    const first = await job(prefix, { scopes: pullRequest })
    expect(first.postLog).toMatch(/build cache: saved /)
    expect((await job(prefix, { post: false })).log).toMatch(/build cache: miss \(/)
    expect((await job(prefix, { scopes: pullRequest, post: false })).log).toMatch(/build cache: exact hit \(/)
  }, 600_000)

  it("gives a feature branch and a tag build with cache-on-tags the default branch's entries", async () => {
    await job(`${prefix}-main`)
    const feature = await job(`${prefix}-main`, {
      scopes: ['refs/heads/feature-a', 'refs/heads/main'],
      post: false
    })
    expect(feature.log).toMatch(/build cache: exact hit \(/)
    const tag = { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v1.2.3', GITHUB_SHA: 'f'.repeat(40) }
    const inputs = {
      platforms: 'linux/amd64',
      push: 'false',
      'cache-key-prefix': `${prefix}-main`,
      'cache-on-tags': 'true'
    }
    const env = { ...jobEnv(['refs/tags/v1.2.3', 'refs/heads/main']), ...tag }
    const { run } = await runWatched(inputs, env, { runnerDir, user: RUNNER_USER, post: false })
    expect(run.log).toMatch(/build cache: exact hit \(/)
  }, 600_000)
})
