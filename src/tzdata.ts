// The time zone database in the image, one concept read by three stages: the inputs (the choice), the
// compile (tzdata "embed" is a build tag) and the image (the files and the ZONEINFO variable).
import * as core from '@actions/core'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** zip: Go's zoneinfo.zip; full: the builder image's /usr/share/zoneinfo; embed: time/tzdata; none. */
export const TZDATA = ['zip', 'full', 'embed', 'none'] as const
export type Tzdata = (typeof TZDATA)[number]

/** The build tag that puts Go's time/tzdata package into the binary. */
export const TZDATA_BUILD_TAG = 'timetzdata'

/** Where a Go toolchain keeps the zoneinfo.zip that tzdata "zip" copies. */
export const GOROOT_ZONEINFO = ['lib', 'time', 'zoneinfo.zip']

/** Where tzdata "zip" puts Go's own zoneinfo.zip; the ZONEINFO variable points Go's time package at it. */
export const ZONEINFO_ZIP = '/usr/share/zoneinfo.zip'

/** Where tzdata "full" puts the builder image's zone files. */
export const ZONEINFO_DIR = '/usr/share/zoneinfo'

/**
 * The tzdata choice for a toolchain: "zip" needs the toolchain's zoneinfo.zip, which some distribution
 * packages of Go leave out (Debian's golang-1.23 in bookworm-backports); then time/tzdata goes into the
 * binary instead, so that time.LoadLocation still works, and the reason is returned for the log.
 */
export function tzdataFor(requested: Tzdata, goHasZoneinfo: boolean): { tzdata: Tzdata; reason?: string } {
  if (requested !== 'zip' || goHasZoneinfo) return { tzdata: requested }
  return {
    tzdata: 'embed',
    reason:
      `tzdata: this Go has no ${GOROOT_ZONEINFO.join('/')} (some distribution packages leave it out), so the time ` +
      "zone database goes into the binary instead (time/tzdata, as tzdata: embed; about 450 KB); use Go's own " +
      "release, or tzdata: full for the builder image's /usr/share/zoneinfo"
  }
}

/** tzdataFor the toolchain at `goroot`. */
export function tzdataOf(requested: Tzdata, goroot: string): { tzdata: Tzdata; reason?: string } {
  return tzdataFor(requested, existsSync(join(goroot, ...GOROOT_ZONEINFO)))
}

/** The two requests that carry the choice, with `tzdata` in both. */
export function withTzdata<T extends { dockerfile: { tzdata: Tzdata }; compile: { embedTzdata: boolean } }>(
  config: T,
  tzdata: Tzdata
): T {
  return {
    ...config,
    dockerfile: { ...config.dockerfile, tzdata },
    compile: { ...config.compile, embedTzdata: tzdata === 'embed' }
  }
}

/** The configuration with the tzdata the toolchain at `goroot` can give; a change is noticed in the log. */
export function settleTzdata<T extends { dockerfile: { tzdata: Tzdata }; compile: { embedTzdata: boolean } }>(
  config: T,
  goroot: string
): T {
  const { tzdata, reason } = tzdataOf(config.dockerfile.tzdata, goroot)
  if (!reason) return config
  core.notice(reason)
  return withTzdata(config, tzdata)
}
