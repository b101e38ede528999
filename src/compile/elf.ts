// A small ELF reader: enough to prove that a binary runs on scratch (no interpreter, no shared
// libraries) and was built for the platform it is labelled with.

export interface ElfFacts {
  /** e_machine: 62 x86-64, 183 AArch64, 40 ARM, … */
  machine: number
  /** PT_INTERP: the dynamic loader the kernel would start, e.g. /lib64/ld-linux-x86-64.so.2. */
  interpreter?: string
  /** DT_NEEDED: shared libraries the binary asks for. */
  needed: string[]
}

const PT_DYNAMIC = 2
const PT_INTERP = 3
const PT_LOAD = 1
const DT_NULL = 0
const DT_NEEDED = 1
const DT_STRTAB = 5

/** Reads the facts from a whole ELF file; throws when it is not one or is cut short. */
export function readElf(data: Buffer): ElfFacts {
  if (data.length < 52 || data.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file')
  const is64 = data[4] === 2
  const little = data[5] === 1
  const need = (end: number) => {
    if (end > data.length) throw new Error('the ELF file is truncated')
  }
  const u16 = (at: number) => (need(at + 2), little ? data.readUInt16LE(at) : data.readUInt16BE(at))
  const u32 = (at: number) => (need(at + 4), little ? data.readUInt32LE(at) : data.readUInt32BE(at))
  const word = (at: number) => {
    if (!is64) return u32(at)
    need(at + 8)
    return Number(little ? data.readBigUInt64LE(at) : data.readBigUInt64BE(at))
  }
  const size = is64 ? 8 : 4

  const machine = u16(18)
  const phoff = word(is64 ? 32 : 28)
  const phentsize = u16(is64 ? 54 : 42)
  const phnum = u16(is64 ? 56 : 44)

  const segments = Array.from({ length: phnum }, (_, i) => {
    const at = phoff + i * phentsize
    return {
      type: u32(at),
      offset: word(at + (is64 ? 8 : 4)),
      vaddr: word(at + (is64 ? 16 : 8)),
      filesz: word(at + (is64 ? 32 : 16))
    }
  })

  const cString = (at: number) => {
    const end = data.indexOf(0, at)
    if (end < 0) throw new Error('the ELF file is truncated')
    return data.toString('latin1', at, end)
  }

  let interpreter: string | undefined
  const interp = segments.find(s => s.type === PT_INTERP)
  if (interp) {
    need(interp.offset + interp.filesz)
    interpreter = cString(interp.offset)
  }

  const needed: string[] = []
  const dynamic = segments.find(s => s.type === PT_DYNAMIC)
  if (dynamic) {
    need(dynamic.offset + dynamic.filesz)
    const entries: { tag: number; value: number }[] = []
    for (let at = dynamic.offset; at + 2 * size <= dynamic.offset + dynamic.filesz; at += 2 * size) {
      const tag = word(at)
      if (tag === DT_NULL) break
      entries.push({ tag, value: word(at + size) })
    }
    const strtab = entries.find(e => e.tag === DT_STRTAB)?.value
    // DT_STRTAB is an address: find the loaded segment that holds it to get its place in the file.
    const load = segments.find(
      s => s.type === PT_LOAD && strtab !== undefined && strtab >= s.vaddr && strtab < s.vaddr + s.filesz
    )
    for (const e of entries.filter(e => e.tag === DT_NEEDED)) {
      needed.push(
        load && strtab !== undefined ? cString(strtab - load.vaddr + load.offset + e.value) : `#${e.value}`
      )
    }
  }
  return { machine, interpreter, needed }
}

/** Why a binary cannot run FROM scratch on the platform, or undefined when it can. */
export function staticProblem(facts: ElfFacts, expectedMachine: number): string | undefined {
  if (facts.machine !== expectedMachine) {
    return `its ELF machine type is ${facts.machine}, not ${expectedMachine}`
  }
  if (facts.interpreter) return `it is dynamically linked (interpreter ${facts.interpreter})`
  if (facts.needed.length) return `it needs shared libraries: ${facts.needed.join(', ')}`
  return undefined
}
