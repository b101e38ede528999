// The artifact half of the loopback Actions results service (cache-server.mjs serves both, on the
// ACTIONS_RESULTS_URL the runner gives every job): the twirp JSON calls @actions/artifact 6 makes,
// CreateArtifact, FinalizeArtifact, ListArtifacts and GetSignedArtifactURL, with protobuf field names.
// Scoped as GitHub scopes them: each call names a workflow run, and must be made with a runtime token
// (a JWT whose scp claim holds "Actions.Results:<run>:<job>") of that run, so another workflow's job
// can neither write into nor list this run's artifacts. Blobs go through the server's /blob/ routes.
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * @typedef {{ id: string, databaseId: number, run: string, job: string, name: string, size: number,
 *   finalized: boolean, created: number }} ArtifactEntry
 * @typedef {{ workflow_run_backend_id?: string, workflow_job_run_backend_id?: string, name?: string,
 *   size?: string, name_filter?: string, id_filter?: string }} ArtifactRequest
 */

/** The run and job a runtime token was issued for, from its unverified scp claim (as the client reads it). */
function scopeOf(/** @type {string | undefined} */ authorization) {
  const token = (authorization ?? '').replace(/^Bearer /, '')
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString())
    const scope = String(claims.scp ?? '')
      .split(' ')
      .find(s => s.startsWith('Actions.Results:'))
    const [, run, job] = (scope ?? '').split(':')
    return run ? { run, job } : undefined
  } catch {
    return undefined
  }
}

/**
 * The artifacts on disk (artifacts.json in `dir`), kept across the server's restarts.
 * @param {string} dir
 */
function artifactStore(dir) {
  const file = join(dir, 'artifacts.json')
  /** @type {ArtifactEntry[]} */
  const artifacts = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : []
  const save = () => {
    writeFileSync(`${file}.tmp`, JSON.stringify(artifacts, null, 1))
    renameSync(`${file}.tmp`, file)
  }
  return {
    artifacts,
    save,
    ofRun: (/** @type {string} */ run) => artifacts.filter(a => a.run === run && a.finalized)
  }
}

/**
 * @typedef {Record<string, (request: ArtifactRequest, run: string) => { status: number, body: unknown }>} Methods
 */

/**
 * The twirp methods, each given the run the caller's token is of.
 * @param {ReturnType<typeof artifactStore>} store
 * @param {string} dir
 * @param {string} base
 * @returns {Methods}
 */
function artifactMethods({ artifacts, save, ofRun }, dir, base) {
  return {
    CreateArtifact(request, run) {
      if (ofRun(run).some(a => a.name === request.name))
        return {
          status: 409,
          body: { code: 'already_exists', msg: `an artifact ${request.name} exists in this run` }
        }
      const entry = {
        id: randomUUID(),
        databaseId: artifacts.length + 1,
        run,
        job: request.workflow_job_run_backend_id ?? '',
        name: request.name ?? '',
        size: 0,
        finalized: false,
        created: Date.now()
      }
      artifacts.push(entry)
      save()
      return { status: 200, body: { ok: true, signed_upload_url: `${base}/blob/${entry.id}?sig=artifact` } }
    },
    FinalizeArtifact(request, run) {
      const entry = artifacts.find(a => a.run === run && a.name === request.name && !a.finalized)
      if (!entry || !existsSync(join(dir, 'blobs', entry.id)))
        return { status: 404, body: { code: 'not_found', msg: `no upload for ${request.name}` } }
      Object.assign(entry, { finalized: true, size: Number(request.size ?? 0) })
      save()
      return { status: 200, body: { ok: true, artifact_id: String(entry.databaseId) } }
    },
    ListArtifacts(request, run) {
      const listed = ofRun(run).filter(
        a =>
          (!request.name_filter || a.name === request.name_filter) &&
          (!request.id_filter || String(a.databaseId) === String(request.id_filter))
      )
      return {
        status: 200,
        body: {
          artifacts: listed.map(a => ({
            workflow_run_backend_id: a.run,
            workflow_job_run_backend_id: a.job,
            database_id: String(a.databaseId),
            name: a.name,
            size: String(a.size),
            created_at: new Date(a.created).toISOString()
          }))
        }
      }
    },
    GetSignedArtifactURL(request, run) {
      const entry = ofRun(run).find(a => a.name === request.name)
      if (!entry) return { status: 404, body: { code: 'not_found', msg: `no artifact ${request.name}` } }
      return { status: 200, body: { signed_url: `${base}/blob/${entry.id}?sig=artifact` } }
    }
  }
}

/**
 * @param {string} dir where artifacts.json lives
 * @param {string} base the server's URL, for signed blob URLs
 */
export function artifactService(dir, base) {
  const methods = artifactMethods(artifactStore(dir), dir, base)
  /**
   * Answers one twirp call, or a refusal when the token is not of the run the call names.
   * @param {string} method
   * @param {ArtifactRequest} request
   * @param {string | undefined} authorization
   */
  return (method, request, authorization) => {
    const call = methods[method]
    if (!call) return { status: 404, body: { code: 'bad_route', msg: `no method ${method}` } }
    const scope = scopeOf(authorization)
    if (!scope || scope.run !== request.workflow_run_backend_id)
      return {
        status: 403,
        body: { code: 'permission_denied', msg: 'the token is not of this workflow run' }
      }
    return call(request, scope.run)
  }
}
