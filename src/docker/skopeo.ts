// The one wrapper of skopeo: pushes an OCI archive to a repository by digest, untagged (a matrix leg).
import * as core from '@actions/core'
import { runChecked } from '../exec.js'
import { isLoopbackRegistry } from '../reference.js'
import { messageOf } from '../errors.js'

/**
 * Pushes the archive's index (or manifest) and blobs to a repository under its digest, with no tag,
 * using skopeo (on GitHub's Ubuntu runners; it reads the credentials docker/login-action wrote).
 */
export function skopeoArgs(archive: string, digest: string, repository: string): string[] {
  return [
    'copy',
    '--all',
    '--preserve-digests',
    ...(isLoopbackRegistry(repository) ? ['--dest-tls-verify=false'] : []),
    `oci-archive:${archive}`,
    `docker://${repository}@${digest}`
  ]
}

export async function pushArchiveByDigest(
  archive: string,
  digest: string,
  repositories: string[],
  /** The login's REGISTRY_AUTH_FILE, if any. */
  env: NodeJS.ProcessEnv
): Promise<void> {
  for (const repository of repositories) {
    const what = `pushing ${digest} to ${repository} by digest (skopeo copy)`
    await runChecked(what, 'skopeo', skopeoArgs(archive, digest, repository), {
      stream: core.isDebug(),
      env
    }).catch((error: unknown) => {
      throw /cannot run skopeo/.test(messageOf(error))
        ? new Error(
            "push-by-digest needs skopeo on PATH (GitHub's Ubuntu runners have it; apt-get install skopeo)",
            { cause: error }
          )
        : error
    })
  }
}
