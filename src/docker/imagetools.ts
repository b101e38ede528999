// The one wrapper of `docker buildx imagetools` (as actions-toolkit's ImageTools): read an image's facts
// from a registry, and create an index under tags. (Manifests the action pushed are read over the
// registry API itself: registry.ts.)
import { runBuildx, runBuildxChecked } from './plugin.js'

/** `--format '{{json <field>}}'` of a reference; a registry that refuses says why in `error`. */
export async function inspectJson(
  reference: string,
  field: '.Image' | '.Manifest.Digest',
  env: NodeJS.ProcessEnv
): Promise<{ value?: unknown; error?: string }> {
  const args = ['imagetools', 'inspect', '--format', `{{json ${field}}}`, reference]
  const inspected = await runBuildx(args, { env })
  if (inspected.code !== 0) return { error: inspected.stderr.trim().split('\n').pop() ?? '' }
  return { value: JSON.parse(inspected.stdout) }
}

/** Creates one index from `sources` (name@digest) under every tag, with index annotations. */
export async function createIndex(
  tags: string[],
  annotations: string[],
  sources: string[],
  env: NodeJS.ProcessEnv
): Promise<void> {
  await runBuildxChecked(
    'docker buildx imagetools create',
    [
      'imagetools',
      'create',
      ...tags.flatMap(t => ['--tag', t]),
      ...annotations.flatMap(a => ['--annotation', `index:${a}`]),
      ...sources
    ],
    { env }
  )
}
