// The image stage as the pipeline calls it: the OCI labels and annotations of the commit, then the
// image built and handed to its destination, timed for the summary.
import * as core from '@actions/core'
import type { SourceFacts } from '../git.js'
import type { Stages } from '../stages.js'
import { oneLine } from '../untrusted.js'
import type { BuilderChoice } from '../docker/builder.js'
import { buildImage, type BuiltImage } from '../docker/buildx.js'
import type { DockerSession } from '../docker/login.js'
import {
  annotationList,
  labelList,
  ociKeys,
  otherVersions,
  repositoryFacts,
  withoutRunTimes
} from './metadata.js'
import { PUBLISHERS, type PublishRequest } from './publish.js'

/**
 * What the image stage takes: the publish request, and what the stages before it produced (a context
 * with the Dockerfile, rootfs/ and the binaries).
 */
export interface ImageStageRequest {
  publish: PublishRequest
  platforms: string[]
  /** The image's title: the first binary's name. */
  title: string
  source: SourceFacts
  /** The runner's event payload: the repository's description and licence. */
  payload: unknown
  contextDir: string
  /** The extra files' total size (writeImageFiles). */
  filesBytes: number
  builder: BuilderChoice
  /** The runner's environment, with the login's docker config (GitHub's facts for the labels too). */
  docker: DockerSession
}

/** OCI labels and annotations: the facts of the commit and the repository, then the user's. */
function ociLists(request: ImageStageRequest, env: NodeJS.ProcessEnv) {
  const { source, publish } = request
  const facts = ociKeys({
    serverUrl: env.GITHUB_SERVER_URL,
    repository: env.GITHUB_REPOSITORY,
    revision: source.sha,
    version: source.version,
    created: source.time,
    title: request.title,
    ...repositoryFacts(request.payload)
  })
  const labels = withoutRunTimes(publish.labels)
  const annotations = withoutRunTimes(publish.annotations)
  // Said once, however many of the lists carried it (metadata-action gives labels and annotations).
  const dropped = [...new Set([...labels.dropped, ...annotations.dropped])]
  if (dropped.length) {
    core.notice(
      `${dropped.map(line => `"${oneLine(line)}"`).join(', ')}: replaced by the commit's time ` +
        `(${facts['org.opencontainers.image.created']}), so that every build of this commit gives the same digest; ` +
        'set source-date-epoch to choose another time'
    )
  }
  const versions = otherVersions([...labels.kept, ...annotations.kept], source.version)
  if (versions.length) {
    core.warning(
      `labels/annotations: org.opencontainers.image.version says ${versions.map(v => `"${oneLine(v)}"`).join(', ')}, ` +
        `but the binaries and the version output say "${source.version}"; give version: ${versions[0]} to stamp that, ` +
        'or leave the label to the action'
    )
  }
  return {
    labels: labelList(facts, labels.kept),
    annotations: annotationList(facts, annotations.kept, request.platforms.length > 1)
  }
}

/** Builds the image and pushes, exports or loads it; says where it went. */
export async function publishImage(request: ImageStageRequest, stages: Stages): Promise<BuiltImage> {
  const lists = ociLists(request, request.docker.env)
  const publisher = PUBLISHERS[request.publish.destination]
  const began = Date.now()
  const image = await core.group(publisher.title, async () =>
    buildImage({
      ...request.publish,
      ...lists,
      builder: request.builder.name,
      contextDir: request.contextDir,
      filesBytes: request.filesBytes,
      sourceDateEpoch: request.source.sourceDateEpoch,
      platforms: request.platforms,
      dockerEnv: request.docker.env
    })
  )
  stages.record('Build the image', image.buildSeconds, began)
  if (publisher.pushes) stages.record('Push the image', image.pushSeconds, began + image.buildSeconds * 1000)
  core.info(publisher.resultLine(image))
  return image
}
