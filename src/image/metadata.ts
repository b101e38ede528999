// OCI labels and annotations: the GitHub context's facts, the same version that went into the
// binary, and the user's own (docker/metadata-action's outputs are accepted as they are).

/** What the OCI labels and annotations are made of. */
export interface OciKeyRequest {
  /** GITHUB_SERVER_URL and GITHUB_REPOSITORY, when the build runs on GitHub. */
  serverUrl?: string
  repository?: string
  revision?: string
  version: string
  /** RFC 3339, from SOURCE_DATE_EPOCH so that rebuilds agree. */
  created: string
  title: string
  /** From the event payload's repository, when the runner gives one. */
  description?: string
  licenses?: string
}

/** The repository's description and SPDX licence from the runner's event payload (GITHUB_EVENT_PATH). */
export function repositoryFacts(event: unknown): { description?: string; licenses?: string } {
  const repository = (event as { repository?: { description?: unknown; license?: { spdx_id?: unknown } } })
    ?.repository
  const text = (value: unknown) =>
    typeof value === 'string' && value && value !== 'NOASSERTION' ? value : undefined
  return { description: text(repository?.description), licenses: text(repository?.license?.spdx_id) }
}

export function ociKeys(facts: OciKeyRequest): Record<string, string> {
  const keys: Record<string, string> = {}
  if (facts.serverUrl && facts.repository) {
    keys['org.opencontainers.image.source'] = `${facts.serverUrl.replace(/\/+$/, '')}/${facts.repository}`
  }
  if (facts.revision) keys['org.opencontainers.image.revision'] = facts.revision
  keys['org.opencontainers.image.version'] = facts.version
  keys['org.opencontainers.image.created'] = facts.created
  keys['org.opencontainers.image.title'] = facts.title
  if (facts.description) keys['org.opencontainers.image.description'] = facts.description
  if (facts.licenses) keys['org.opencontainers.image.licenses'] = facts.licenses
  return keys
}

const keyOf = (line: string) => line.slice(0, line.indexOf('='))

/** The keys whose value must come from the commit, so that two builds of it give the same digest. */
export const COMMIT_TIME_KEYS = ['org.opencontainers.image.created']

/**
 * The user's labels or annotations without those that would stamp another time than the commit's
 * (docker/metadata-action writes the run's time as org.opencontainers.image.created): the kept lines,
 * and the dropped ones for a notice.
 */
export function withoutRunTimes(lines: string[]): { kept: string[]; dropped: string[] } {
  const isTime = (line: string) => COMMIT_TIME_KEYS.includes(parseAnnotation(line).key)
  return { kept: lines.filter(line => !isTime(line)), dropped: lines.filter(isTime) }
}

/** Labels: the facts, then the user's (key=value lines); a user's key replaces the fact's. */
export function labelList(facts: Record<string, string>, userLabels: string[]): string[] {
  const userKeys = new Set(userLabels.map(keyOf))
  return [
    ...Object.entries(facts)
      .filter(([k]) => !userKeys.has(k))
      .map(([k, v]) => `${k}=${v}`),
    ...userLabels
  ]
}

/** Splits "[types:]key=value" (metadata-action writes "manifest:key=value"). */
export function parseAnnotation(line: string): { types: string; key: string; value: string } {
  const eq = line.indexOf('=')
  const head = line.slice(0, eq)
  const colon = head.indexOf(':')
  return {
    types: colon >= 0 ? head.slice(0, colon) : '',
    key: colon >= 0 ? head.slice(colon + 1) : head,
    value: line.slice(eq + 1)
  }
}

/** The levels an annotation names, without their platform ("manifest[linux/amd64]" → "manifest"). */
export function annotationLevels(line: string): string[] {
  return levelsOf(parseAnnotation(line).types)
}

/** The levels of an annotation's types ("index,manifest[linux/amd64]" → index, manifest). */
const levelsOf = (types: string) => (types ? types.split(',').map(level => level.replace(/\[.*\]$/, '')) : [])

/** An annotation of the index (or of a descriptor in it), which only several platforms have. */
export const isIndexAnnotation = (line: string) =>
  annotationLevels(line).some(level => level.startsWith('index'))

/**
 * Annotations for buildx: the facts on the index and every manifest (only manifests for a single
 * platform, which has no index), then the user's; a user's key replaces the fact's at the levels the
 * user's annotation names, and only there ("manifest:k=v" leaves the index's fact k in place).
 */
export function annotationList(
  facts: Record<string, string>,
  userAnnotations: string[],
  multiPlatform: boolean
): string[] {
  const levels = multiPlatform ? ['index', 'manifest'] : ['manifest']
  const user = userAnnotations.map(parseAnnotation)
  const replaced = (key: string, level: string) =>
    user.some(a => a.key === key && (a.types ? levelsOf(a.types) : levels).includes(level))
  const factLines = Object.entries(facts).flatMap(([key, value]) => {
    const kept = levels.filter(level => !replaced(key, level))
    return kept.length ? [`${kept.join(',')}:${key}=${value}`] : []
  })
  return [...factLines, ...user.map(a => `${a.types || levels.join(',')}:${a.key}=${a.value}`)]
}

const VERSION_KEY = 'org.opencontainers.image.version'

/**
 * The user's labels and annotations that give the image another version than the binaries carry
 * (metadata-action's "1.2.3" for a binary stamped "v1.2.3"), each once.
 */
export function otherVersions(lines: string[], version: string): string[] {
  const said = lines.map(parseAnnotation).filter(a => a.key === VERSION_KEY && a.value !== version)
  return [...new Set(said.map(a => a.value))]
}
