// Every input of the action, once: its kind and its default, what a run that does not give it gets.
// action.yml declares the same names and defaults (the docs test keeps them equal); the readers take
// defaults from here only (withDefault, readBoolean), InputReader accepts only these names, and the
// check for unknown inputs takes them from here.

export interface InputSpec {
  /** boolean: "true" or "false" (any case); text: everything else, checked by its reader. */
  kind: 'boolean' | 'text'
  /** What a run that does not give the input gets ("" when absent). */
  default?: string
  /** A variable read first when the input is not given (as setup-go does); action.yml then declares no default. */
  environment?: string
}

export const INPUTS = {
  mode: { kind: 'text', default: 'build' },
  'go-version': { kind: 'text' },
  'go-version-file': { kind: 'text' },
  'check-latest': { kind: 'boolean', default: 'false' },
  'go-download-base-url': { kind: 'text', default: 'https://go.dev/dl', environment: 'GO_DOWNLOAD_BASE_URL' },
  'go-version-index-url': { kind: 'text' },
  'go-download-token': { kind: 'text' },
  cache: { kind: 'boolean', default: 'true' },
  'cache-dependency-path': { kind: 'text' },
  'cache-key-prefix': { kind: 'text', default: 'go-mini' },
  'cache-save-modules': { kind: 'text', default: 'auto' },
  'cache-fallback': { kind: 'boolean', default: 'false' },
  'cache-on-tags': { kind: 'boolean', default: 'false' },
  'working-directory': { kind: 'text', default: '.' },
  main: { kind: 'text', default: '.' },
  'binary-name': { kind: 'text' },
  files: { kind: 'text' },
  platforms: { kind: 'text', default: 'linux/amd64,linux/arm64' },
  'build-flags': { kind: 'text' },
  'build-tags': { kind: 'text' },
  ldflags: { kind: 'text' },
  version: { kind: 'text' },
  'version-variable': { kind: 'text', default: 'main.version' },
  cgo: { kind: 'text', default: 'warn' },
  images: { kind: 'text' },
  tags: { kind: 'text' },
  flavor: { kind: 'text' },
  labels: { kind: 'text' },
  builder: { kind: 'text' },
  registry: { kind: 'text' },
  username: { kind: 'text' },
  password: { kind: 'text' },
  'push-by-digest': { kind: 'boolean', default: 'false' },
  push: { kind: 'boolean', default: 'false' },
  'system-files-image': {
    kind: 'text',
    default:
      'gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab'
  },
  user: { kind: 'text', default: '65532:65532' },
  tzdata: { kind: 'text', default: 'zip' },
  certs: { kind: 'boolean', default: 'true' },
  env: { kind: 'text' },
  expose: { kind: 'text' },
  'image-workdir': { kind: 'text' },
  volumes: { kind: 'text' },
  cmd: { kind: 'text' },
  annotations: { kind: 'text' },
  load: { kind: 'boolean', default: 'false' },
  archive: { kind: 'boolean', default: 'true' },
  provenance: { kind: 'boolean', default: 'false' },
  sbom: { kind: 'boolean', default: 'false' },
  'compression-level': { kind: 'text', default: '1' },
  'source-date-epoch': { kind: 'text' }
} as const satisfies Record<string, InputSpec>

export type InputName = keyof typeof INPUTS

export const INPUT_NAMES = Object.keys(INPUTS) as InputName[]

/** The input's default, "" when it has none. */
export function defaultOf(name: InputName): string {
  const spec: InputSpec = INPUTS[name]
  return spec.default ?? ''
}
