// Image platforms ("linux/arm/v7") and what they mean to Go and to ELF: plain data, as ko keeps it.

import { InputError } from './errors.js'

/** One target of the image index, normalized the way buildx names it. */
export interface Platform {
  /** "linux/arm/v7", "linux/amd64/v3", "linux/arm64": what buildx and the index call it. */
  name: string
  os: string
  arch: string
  /** "" when the architecture's default variant is meant. */
  variant: string
  /** GOOS, GOARCH and, where the variant says so, GOARM or GOAMD64. */
  goEnv: Record<string, string>
  /** The ELF e_machine a binary for this platform must carry. */
  elfMachine: number
}

interface ArchSpec {
  /** Variants an image index may name; the first one is the default when none is given. */
  variants: string[]
  /** The variant's Go environment variable and how a variant maps to its value. */
  variantEnv?: { name: string; value: (variant: string) => string }
  /** Variants that are the architecture's baseline: written as no variant at all, as buildx does. */
  implicit?: string[]
  elfMachine: number
}

// ELF machine numbers from the System V ABI (elf.h: EM_*).
// A Map, so that error messages list the architectures in this order.
const ARCHES = new Map<string, ArchSpec>([
  [
    'amd64',
    {
      variants: ['', 'v2', 'v3', 'v4'],
      implicit: ['v1'],
      variantEnv: { name: 'GOAMD64', value: v => v || 'v1' },
      elfMachine: 62
    }
  ],
  ['arm64', { variants: [''], implicit: ['v8'], elfMachine: 183 }],
  [
    'arm',
    { variants: ['v7', 'v6', 'v5'], variantEnv: { name: 'GOARM', value: v => v.slice(1) }, elfMachine: 40 }
  ],
  ['386', { variants: [''], elfMachine: 3 }],
  ['ppc64le', { variants: [''], elfMachine: 21 }],
  ['s390x', { variants: [''], elfMachine: 22 }],
  ['riscv64', { variants: [''], elfMachine: 243 }],
  ['mips64le', { variants: [''], elfMachine: 8 }],
  ['loong64', { variants: [''], elfMachine: 258 }]
])

/** Every platform name accepted, for error messages. */
export const SUPPORTED_PLATFORMS: string[] = [...ARCHES].flatMap(([arch, spec]) =>
  spec.variants.map(v => (v ? `linux/${arch}/${v}` : `linux/${arch}`))
)

/** Parses one "os/arch[/variant]" into a Platform, or throws an error that says what is accepted. */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().toLowerCase().split('/')
  const [os, arch, requestedVariant = ''] = parts
  const accepted = `accepted: ${SUPPORTED_PLATFORMS.join(', ')}`
  if (/\s/.test(text.trim())) {
    throw new InputError(
      `platforms: "${text.trim()}" holds a space; give several platforms separated by commas or on lines of their own (e.g. linux/amd64,linux/arm64)`
    )
  }
  if (parts.length < 2 || parts.length > 3 || !os || !arch) {
    throw new InputError(`platforms: "${text}" is not of the form os/arch[/variant]; ${accepted}`)
  }
  if (os !== 'linux') {
    throw new InputError(
      `platforms: "${text}" is not supported: the image is FROM scratch around a static Linux binary, ` +
        `so only linux platforms can be built; ${accepted}`
    )
  }
  const spec = ARCHES.get(arch)
  if (!spec) throw new InputError(`platforms: unknown architecture "${arch}" in "${text}"; ${accepted}`)
  const variant = spec.implicit?.includes(requestedVariant) ? '' : requestedVariant || spec.variants[0]
  if (!spec.variants.includes(variant)) {
    const named = spec.variants.filter(Boolean)
    throw new InputError(
      `platforms: "${text}" has no variant "${requestedVariant}"; ` +
        (named.length ? `${arch} accepts ${named.join(', ')}` : `${arch} takes no variant`)
    )
  }
  const goEnv: Record<string, string> = { GOOS: os, GOARCH: arch }
  if (spec.variantEnv) goEnv[spec.variantEnv.name] = spec.variantEnv.value(variant)
  return {
    name: [os, arch, variant].filter(Boolean).join('/'),
    os,
    arch,
    variant,
    goEnv,
    elfMachine: spec.elfMachine
  }
}

/** An image index's platform descriptor, as the OCI image spec writes it. */
export interface PlatformDescriptor {
  os: string
  architecture: string
  variant?: string
}

/** The platform's name as buildx and this action write it: "linux/arm/v7", "linux/amd64". */
export function platformName(descriptor: PlatformDescriptor): string {
  return [descriptor.os, descriptor.architecture, descriptor.variant].filter(Boolean).join('/')
}

/** Parses the `platforms` input: a non-empty list without duplicates (after normalization). */
export function parsePlatforms(list: string[]): Platform[] {
  if (list.length === 0) {
    throw new InputError(`platforms: the list is empty; give at least one, e.g. linux/amd64,linux/arm64`)
  }
  const platforms = list.map(parsePlatform)
  const seen = new Map<string, string>()
  for (const [i, p] of platforms.entries()) {
    const earlier = seen.get(p.name)
    if (earlier !== undefined) {
      throw new InputError(
        `platforms: "${list[i]}" and "${earlier}" are the same platform (${p.name}); list it once`
      )
    }
    seen.set(p.name, list[i])
  }
  return platforms
}
