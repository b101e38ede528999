// A small ELF reader: enough to prove that a binary runs on scratch (no interpreter, no shared
// libraries) and was built for the platform it is labelled with.
import { open, readFile } from 'node:fs/promises'

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

/** Bounds-checked reads of an ELF file in its own byte order and word size. */
function elfReader(data: Buffer) {
  const is64 = data[4] === 2
  const little = data[5] === 1
  const need = (end: number) => {
    if (end > data.length) throw new Error('the ELF file is truncated')
  }
  return {
    is64,
    /** Bytes of a word: 8 in ELF64, 4 in ELF32. */
    size: is64 ? 8 : 4,
    need,
    u16: (at: number) => (need(at + 2), little ? data.readUInt16LE(at) : data.readUInt16BE(at)),
    u32: (at: number) => (need(at + 4), little ? data.readUInt32LE(at) : data.readUInt32BE(at)),
    word: (at: number): number => {
      if (!is64) return (need(at + 4), little ? data.readUInt32LE(at) : data.readUInt32BE(at))
      need(at + 8)
      return Number(little ? data.readBigUInt64LE(at) : data.readBigUInt64BE(at))
    },
    cString: (at: number) => {
      const end = data.indexOf(0, at)
      if (end < 0) throw new Error('the ELF file is truncated')
      return data.toString('latin1', at, end)
    }
  }
}
type ElfReader = ReturnType<typeof elfReader>

interface Segment {
  type: number
  offset: number
  vaddr: number
  filesz: number
}

/** The program headers. */
function segmentsOf(elf: ElfReader): Segment[] {
  const is64 = elf.is64
  const phoff = elf.word(is64 ? 32 : 28)
  const phentsize = elf.u16(is64 ? 54 : 42)
  const phnum = elf.u16(is64 ? 56 : 44)
  return Array.from({ length: phnum }, (_, i) => {
    const at = phoff + i * phentsize
    return {
      type: elf.u32(at),
      offset: elf.word(at + (is64 ? 8 : 4)),
      vaddr: elf.word(at + (is64 ? 16 : 8)),
      filesz: elf.word(at + (is64 ? 32 : 16))
    }
  })
}

/** The DT_NEEDED libraries of the dynamic segment, by name (or "#offset" when the names cannot be found). */
function neededLibraries(elf: ElfReader, segments: Segment[], dynamic: Segment): string[] {
  elf.need(dynamic.offset + dynamic.filesz)
  const entries: { tag: number; value: number }[] = []
  const end = dynamic.offset + dynamic.filesz
  for (let at = dynamic.offset; at + 2 * elf.size <= end; at += 2 * elf.size) {
    const tag = elf.word(at)
    if (tag === DT_NULL) break
    entries.push({ tag, value: elf.word(at + elf.size) })
  }
  const strtab = entries.find(e => e.tag === DT_STRTAB)?.value
  // DT_STRTAB is an address: find the loaded segment that holds it to get its place in the file.
  const load = segments.find(
    s => s.type === PT_LOAD && strtab !== undefined && strtab >= s.vaddr && strtab < s.vaddr + s.filesz
  )
  return entries
    .filter(e => e.tag === DT_NEEDED)
    .map(e =>
      load && strtab !== undefined ? elf.cString(strtab - load.vaddr + load.offset + e.value) : `#${e.value}`
    )
}

/** Reads the facts from a whole ELF file; throws when it is not one or is cut short. */
export function readElf(data: Buffer): ElfFacts {
  if (data.length < 52 || data.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file')
  const elf = elfReader(data)
  const machine = elf.u16(18)
  const segments = segmentsOf(elf)
  const interp = segments.find(s => s.type === PT_INTERP)
  if (interp) elf.need(interp.offset + interp.filesz)
  const dynamic = segments.find(s => s.type === PT_DYNAMIC)
  return {
    machine,
    interpreter: interp ? elf.cString(interp.offset) : undefined,
    needed: dynamic ? neededLibraries(elf, segments, dynamic) : []
  }
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

/** How much of a file is read first: a static binary's ELF header and program headers are at its start. */
export const ELF_HEAD = 64 * 1024

/**
 * The facts of an ELF file and its size: from its first ELF_HEAD bytes when they hold them all, else
 * (a dynamic binary's libraries are named further in) from the whole file; throws as readElf does.
 */
export async function readElfFile(path: string): Promise<{ facts: ElfFacts; size: number }> {
  const file = await open(path)
  try {
    const { size } = await file.stat()
    const head = Buffer.alloc(Math.min(ELF_HEAD, size))
    const { bytesRead } = await file.read(head, 0, head.length, 0)
    try {
      return { facts: readElf(head.subarray(0, bytesRead)), size }
    } catch (error) {
      if (bytesRead === size) throw error
      return { facts: readElf(await readFile(path)), size }
    }
  } finally {
    await file.close()
  }
}
