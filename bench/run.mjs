#!/usr/bin/env node
// The benchmark: builds and pushes the same Go programs as multi-platform images in four ways,
// interleaved, cold and warm, several times each; writes bench/results.json, bench/RESULTS.md and
// bench/chart.svg. Run it with `sudo bash bench/run.sh` (it sets up the bench first).
//
//   node bench/run.mjs [--reps N] [--emulated-reps N] [--programs hello,blobd] [--sets 1,2,4]
//                      [--approaches action,typical,cross,floor]
import { spawn } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { gunzipSync } from 'node:zlib'
import { runAction } from '../scripts/run-action.mjs'
import { writeReport } from './report.mjs'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const E2E_HOME = process.env.E2E_HOME || '/var/lib/go-mini-e2e'
const WORK = '/tmp/go-mini-bench'

const PROGRAMS = {
  hello: { source: 'examples/hello', main: './cmd/hello' },
  blobd: { source: 'bench/programs/blobd', main: './cmd/blobd' }
}
const PLATFORM_SETS = {
  1: ['linux/arm64'],
  2: ['linux/amd64', 'linux/arm64'],
  4: ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/ppc64le']
}

function options(argv) {
  const o = { reps: 3, emulatedReps: 1, programs: Object.keys(PROGRAMS), sets: ['1', '2', '4'] }
  o.approaches = ['action', 'typical', 'cross', 'floor']
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]]
    if (flag === '--reps') o.reps = Number(value)
    else if (flag === '--emulated-reps') o.emulatedReps = Number(value)
    else if (flag === '--programs') o.programs = value.split(',')
    else if (flag === '--sets') o.sets = value.split(',')
    else if (flag === '--approaches') o.approaches = value.split(',')
    else throw new Error(`unknown argument ${flag}`)
  }
  return o
}

/** The `export NAME='value'` lines that scripts/e2e-env.sh and bench/setup.sh wrote. */
function benchEnv() {
  const env = {}
  for (const file of [join(E2E_HOME, 'env.sh'), join(E2E_HOME, 'bench', 'env.sh')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run bench/run.sh, which sets the bench up`)
    for (const m of readFileSync(file, 'utf8').matchAll(/^export (\w+)='([^']*)'$/gm)) env[m[1]] = m[2]
  }
  return env
}
const bench = benchEnv()

/** Runs a program; resolves with its output, rejects with the output's end when it fails. */
function exec(file, args, opts = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', d => (out += d))
    child.stderr.on('data', d => (out += d))
    child.on('error', reject)
    child.on('close', code =>
      code === 0
        ? resolvePromise(out)
        : reject(new Error(`${file} ${args.join(' ')} failed (${code}):\n${out.slice(-3000)}`))
    )
  })
}

const goEnv = (gocache, gomodcache) => ({
  ...process.env,
  GOCACHE: gocache,
  GOMODCACHE: gomodcache,
  GOFLAGS: '-modcacherw',
  GOPROXY: bench.GO_MINI_E2E_GOPROXY,
  GOSUMDB: 'off',
  GOTOOLCHAIN: 'local',
  CGO_ENABLED: '0'
})

/** A copy of the program with its go.sum, as a repository would hold it; counts its lines of Go. */
async function prepareProgram(name) {
  const dir = join(WORK, name, 'src')
  rmSync(join(WORK, name), { recursive: true, force: true })
  cpSync(join(ROOT, PROGRAMS[name].source), dir, { recursive: true })
  const modcache = join(WORK, name, 'tidy-modcache')
  await exec(bench.GO_MINI_E2E_GO_BINARY, ['mod', 'tidy'], {
    cwd: dir,
    env: goEnv(join(WORK, 'tidy-cache'), modcache)
  })
  if (!existsSync(join(dir, 'go.sum'))) writeFileSync(join(dir, 'go.sum'), '') // the Dockerfiles COPY it
  const lines = root =>
    existsSync(root)
      ? readdirSync(root, { recursive: true })
          .filter(f => f.endsWith('.go') && !f.endsWith('_test.go'))
          .reduce((sum, f) => sum + readFileSync(join(root, f), 'utf8').split('\n').length, 0)
      : 0
  return {
    name,
    dir,
    main: PROGRAMS[name].main,
    ownLines: lines(dir),
    dependencyLines: lines(join(modcache, 'github.com'))
  }
}

/** A source edit in the main package, as between two commits: every run builds something new. */
function touchSource(program, id) {
  writeFileSync(
    join(program.dir, program.main, 'bench_stamp.go'),
    `package main\n\nvar benchStamp = "${id}"\n`
  )
}

async function pruneBuilder() {
  await exec('docker', ['buildx', 'prune', '--all', '--force'])
  await exec('docker', ['image', 'rm', '--force', bench.GO_MINI_BENCH_GOLANG_IMAGE]).catch(() => {})
}

const platformOf = name => {
  const [os, architecture, variant] = name.split('/')
  return { os, architecture, variant }
}
const platformDir = p => p.replace(/^linux\//, 'linux-').replace(/\//g, '')
const imageOutput = ref => `type=image,name=${ref},push=true,oci-mediatypes=true,store=false`

/** One approach's run: pushes `ref` and returns what it measured besides the wall time. */
const APPROACHES = {
  /** 1. This action, the bundled dist/ entry run as the runner runs it: main, then post. */
  async action({ program, platforms, ref, state, cold }) {
    const runnerDir = mkdtempSync(join(WORK, 'runner-'))
    // Empty Go caches at the same paths every time, as on a fresh hosted runner (~/go, ~/.cache):
    // the Actions cache only restores an entry saved from the same paths.
    const [gocache, gomodcache] = [
      join(WORK, 'runner-home', 'gocache'),
      join(WORK, 'runner-home', 'gomodcache')
    ]
    for (const dir of [gocache, gomodcache]) rmSync(dir, { recursive: true, force: true })
    await exec('cp', ['-al', state.toolCache, join(runnerDir, 'tool-cache')]) // hard links: quick, and not timed
    const started = performance.now()
    const run = await runAction({
      inputs: {
        'go-download-base-url': bench.GO_MINI_E2E_GO_DOWNLOAD_BASE_URL,
        'builder-image': bench.GO_MINI_E2E_BUILDER_IMAGE,
        'working-directory': '.',
        main: program.main,
        platforms: platforms.join(','),
        tags: ref,
        push: 'true',
        'cache-key-prefix': state.cachePrefix
      },
      env: {
        PATH: process.env.PATH.split(delimiter)
          .filter(d => !existsSync(join(d, 'go')))
          .join(delimiter),
        GITHUB_WORKSPACE: program.dir,
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_RESULTS_URL: bench.GO_MINI_E2E_CACHE_URL,
        ACTIONS_RUNTIME_TOKEN: 'loopback-token',
        ...goEnv(gocache, gomodcache)
      },
      runnerDir
    })
    const seconds = (performance.now() - started) / 1000
    rmSync(runnerDir, { recursive: true, force: true })
    if (run.exitCode !== 0 || run.postExitCode !== 0)
      throw new Error(
        `the action failed (${cold ? 'cold' : 'warm'}):\n${run.log.slice(-3000)}\n${run.postLog}`
      )
    const stages = Object.fromEntries(
      [...run.summary.matchAll(/^\| ([^|*][^|]*?) \| ([\d.]+) s \|$/gm)].map(m => [m[1], Number(m[2])])
    )
    const saved = /saving the Go caches took ([\d.]+) s/.exec(run.postSummary ?? '')
    if (saved) stages['Save Go caches (post)'] = Number(saved[1])
    const binaries = Object.fromEntries(
      Object.entries(JSON.parse(run.outputs.binaries)).map(([p, b]) => [p, b.size])
    )
    return { seconds, stages, binaries }
  },

  /** 2. The Dockerfile most users write: compile in a golang stage of each target platform (QEMU). */
  async typical(run) {
    return dockerfileBuild(run, 'typical.Dockerfile')
  },

  /** 3. Docker's documented cross-compiling Dockerfile: FROM --platform=$BUILDPLATFORM, cache mounts. */
  async cross(run) {
    return dockerfileBuild(run, 'cross.Dockerfile')
  },

  /** 4. The floor: bare `go build`s for the targets, side by side, then a COPY-only buildx build. */
  async floor({ program, platforms, ref, state }) {
    const context = mkdtempSync(join(WORK, 'floor-'))
    cpSync(join(ROOT, 'bench', 'dockerfiles', 'floor.Dockerfile'), join(context, 'Dockerfile'))
    const started = performance.now()
    await Promise.all(
      platforms.map(p => {
        const [os, arch, variant] = p.split('/')
        const out = join(context, 'bin', platformDir(p), 'app')
        return exec(
          bench.GO_MINI_E2E_GO_BINARY,
          ['build', '-trimpath', '-ldflags=-s -w', '-o', out, program.main],
          {
            cwd: program.dir,
            env: {
              ...goEnv(state.floorCache, state.floorModcache),
              GOOS: os,
              GOARCH: arch,
              GOARM: variant?.slice(1) ?? ''
            }
          }
        )
      })
    )
    const compiled = performance.now()
    await exec('docker', [
      'buildx',
      'build',
      '--platform',
      platforms.join(','),
      '--provenance=false',
      '--output',
      imageOutput(ref),
      context
    ])
    const seconds = (performance.now() - started) / 1000
    const binaries = Object.fromEntries(
      platforms.map(p => [p, statSync(join(context, 'bin', platformDir(p), 'app')).size])
    )
    rmSync(context, { recursive: true, force: true })
    return {
      seconds,
      stages: {
        'go build': (compiled - started) / 1000,
        'COPY-only image': seconds - (compiled - started) / 1000
      },
      binaries
    }
  }
}

async function dockerfileBuild({ program, platforms, ref }, dockerfile) {
  const started = performance.now()
  await exec('docker', [
    'buildx',
    'build',
    '--network',
    'host',
    '--platform',
    platforms.join(','),
    '--provenance=false',
    '--file',
    join(ROOT, 'bench', 'dockerfiles', dockerfile),
    '--build-arg',
    `GOLANG_IMAGE=${bench.GO_MINI_BENCH_GOLANG_IMAGE}`,
    '--build-arg',
    `MAIN=${program.main}`,
    '--output',
    imageOutput(ref),
    program.dir
  ])
  return { seconds: (performance.now() - started) / 1000 }
}

/** What each platform's image holds, read back from the registry: layers, compressed and unpacked bytes. */
async function imageFacts(ref, single) {
  const [repository, tag] = [
    ref.slice(ref.indexOf('/') + 1, ref.lastIndexOf(':')),
    ref.slice(ref.lastIndexOf(':') + 1)
  ]
  const base = `http://${bench.GO_MINI_E2E_REGISTRY}/v2/${repository}`
  const accept = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json'
  const json = async reference =>
    (await fetch(`${base}/manifests/${reference}`, { headers: { accept } })).json()
  const top = await json(tag)
  // One platform is pushed as a plain manifest, several as an index of them.
  const entries = top.manifests ?? [{ digest: tag, platform: platformOf(single) }]
  const facts = {}
  for (const m of entries) {
    const p = m.platform
    if (p.os === 'unknown') continue
    const manifest = await json(m.digest)
    let unpacked = 0
    for (const layer of manifest.layers) {
      const blob = Buffer.from(await (await fetch(`${base}/blobs/${layer.digest}`)).arrayBuffer())
      unpacked += layer.mediaType.endsWith('gzip') ? gunzipSync(blob).length : blob.length
    }
    facts[[p.os, p.architecture, p.variant].filter(Boolean).join('/')] = {
      layers: manifest.layers.length,
      compressed: manifest.config.size + manifest.layers.reduce((s, l) => s + l.size, 0),
      unpacked
    }
  }
  return facts
}

async function versions() {
  const first = async (file, args) => (await exec(file, args).catch(e => e.message)).trim().split('\n')[0]
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*: (.*)$/m)?.[1] ?? 'unknown'
  return {
    machine: `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    kernel: await first('uname', ['-sr']),
    docker: await first('docker', [
      'version',
      '--format',
      'engine {{.Server.Version}}, client {{.Client.Version}}'
    ]),
    buildx: await first('docker', ['buildx', 'version']),
    go: await first(bench.GO_MINI_E2E_GO_BINARY, ['version']),
    qemu: await first('qemu-aarch64-static', ['--version']),
    node: process.version,
    action: await first('git', ['-C', ROOT, 'log', '-1', '--format=%h %s'])
  }
}

async function main() {
  const o = options(process.argv.slice(2))
  const about = await versions() // at the start: the commit measured, even if one lands meanwhile
  mkdirSync(WORK, { recursive: true })
  const started = Date.now()
  const log = (...a) =>
    console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s]`, ...a)
  const programs = []
  for (const name of o.programs) programs.push(await prepareProgram(name))

  // The runners' tool cache holds the Go that go.mod asks for, as GitHub's hosted runners hold
  // recent Go releases: one action run fills a template that every run copies.
  const template = mkdtempSync(join(WORK, 'tool-cache-template-'))
  const warmup = await runAction({
    inputs: {
      'go-download-base-url': bench.GO_MINI_E2E_GO_DOWNLOAD_BASE_URL,
      'builder-image': bench.GO_MINI_E2E_BUILDER_IMAGE,
      'working-directory': '.',
      main: programs[0].main,
      platforms: 'linux/amd64',
      push: 'false',
      cache: 'false'
    },
    env: {
      PATH: process.env.PATH.split(delimiter)
        .filter(d => !existsSync(join(d, 'go')))
        .join(delimiter),
      GITHUB_WORKSPACE: programs[0].dir
    },
    runnerDir: template
  })
  if (warmup.exitCode !== 0) throw new Error(`the warm-up run failed:\n${warmup.log}`)

  const runs = []
  const session = Date.now().toString(36)
  for (let rep = 1; rep <= o.reps; rep++) {
    for (const program of programs) {
      for (const set of o.sets) {
        const platforms = PLATFORM_SETS[set]
        for (const approach of o.approaches) {
          if (approach === 'typical' && rep > o.emulatedReps) continue
          const id = `${session}-${rep}-${program.name}-${set}-${approach}`
          const state = {
            toolCache: join(template, 'tool-cache'),
            cachePrefix: `bench-${id}`,
            floorCache: join(WORK, `floor-cache-${id}`),
            floorModcache: join(WORK, `floor-modcache-${id}`)
          }
          for (const condition of ['cold', 'warm']) {
            // A warm typical build redoes all of its emulated compiling (COPY . . invalidates the
            // go build step, which has no cache mount): measured for the one-platform set only.
            if (approach === 'typical' && condition === 'warm' && platforms.length > 1) continue
            if (condition === 'cold') await pruneBuilder()
            touchSource(program, `${id}-${condition}`)
            const ref = `${bench.GO_MINI_E2E_REGISTRY}/bench/${program.name}-${approach}:${id}-${condition}`
            const result = await APPROACHES[approach]({
              program,
              platforms,
              ref,
              state,
              cold: condition === 'cold'
            })
            const images =
              rep === 1 && condition === 'cold'
                ? await imageFacts(ref, platforms.length === 1 ? platforms[0] : undefined)
                : undefined
            runs.push({
              program: program.name,
              set: Number(set),
              approach,
              condition,
              rep,
              ...result,
              images
            })
            log(`${program.name} ×${set} ${approach.padEnd(7)} ${condition}: ${result.seconds.toFixed(1)} s`)
            writeFileSync(join(WORK, 'runs.json'), JSON.stringify(runs)) // what a crash would leave
          }
          rmSync(state.floorCache, { recursive: true, force: true })
          rmSync(state.floorModcache, { recursive: true, force: true })
        }
      }
    }
  }
  const results = {
    date: new Date().toISOString(),
    minutes: (Date.now() - started) / 60000,
    options: o,
    versions: about,
    programs: programs.map(({ name, main, ownLines, dependencyLines }) => ({
      name,
      main,
      ownLines,
      dependencyLines
    })),
    platformSets: PLATFORM_SETS,
    runs
  }
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 1)}\n`)
  writeReport(results, join(ROOT, 'bench'))
  log('wrote bench/results.json, bench/RESULTS.md and bench/chart.svg')
  rmSync(template, { recursive: true, force: true })
}

main().catch(error => {
  console.error(error.stack ?? error)
  process.exit(1)
})
