// The README's pull request workflow, run as GitHub runs it for a pull_request event: the read-only
// token of the pull request's merge ref (its cache scope, then the default branch's), no secrets, no
// login. It checks every platform, pushes nothing and writes no archive; its caches land in the pull
// request's scope only.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bench, runBundledAction, RUNNER_USER, resultsService } from './helpers/bench.js'
import { actionWith, readmeYaml, type Step } from './helpers/readme.js'

const workflow = readmeYaml<{ on: string; jobs: { check: { steps: Step[] } } }>('**Pull requests**')

describe("the README's pull request workflow", () => {
  it('checks every platform, pushes nothing, writes no archive, names no image, and saves its caches in its own scope', async () => {
    expect(workflow.on).toBe('pull_request')
    const inputs = actionWith(workflow.jobs.check.steps)
    const prefix = `e2e-pr-${Date.now().toString(36)}`
    const run = await runBundledAction(
      { ...inputs, 'cache-key-prefix': prefix },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_REF: 'refs/pull/7/merge',
        // No secrets (no username or password, no login); the token also reads the base branch's caches.
        ...resultsService('pull-request', 'check', ['refs/pull/7/merge', 'refs/heads/main'])
      },
      { user: RUNNER_USER }
    )
    if (run.exitCode !== 0 || run.postExitCode !== 0)
      throw new Error(`the workflow failed:\n${run.log}\n${run.postLog ?? ''}`)
    expect([run.outputs.image, run.outputs.digest, run.outputs.archive, run.outputs.manifests]).toEqual([
      '',
      '',
      '',
      '{}'
    ])
    // Built all the same: the binary of each platform copied into its image (or found in BuildKit's cache,
    // which keys the layer by the binary's contents, when an earlier test built the same one).
    for (const platform of ['linux/amd64', 'linux/arm64'])
      expect(run.log).toMatch(
        new RegExp(`\\[${platform} stage-2 2/2\\] COPY bin/${platform}/hello /hello\\n#\\d+ (DONE|CACHED)`)
      )
    expect(run.log).toContain('Built the image for every platform; it is kept nowhere (archive: false)')
    const entries = JSON.parse(readFileSync(join(bench().cacheDir, 'entries.json'), 'utf8')) as {
      key: string
      scope: string
    }[]
    const saved = entries.filter(e => e.key.startsWith(`${prefix}-`))
    expect(saved.length).toBeGreaterThan(0)
    expect([...new Set(saved.map(e => e.scope))]).toEqual(['refs/pull/7/merge'])
  }, 300_000)
})
