import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ELF_HEAD, readElf, readElfFile, staticProblem } from '../../../src/compile/elf.js'

interface ElfSpec {
  is64: boolean
  little: boolean
  machine: number
  interp?: string
  needed?: string[]
  /** Zero bytes after the program headers, before the segments' contents. */
  pad?: number
}

/** Writes a minimal ELF file: a PT_LOAD over the whole file, and PT_INTERP / PT_DYNAMIC when asked. */
function makeElf(spec: ElfSpec): Buffer {
  const { is64, little } = spec
  const headerSize = is64 ? 64 : 52
  const phentsize = is64 ? 56 : 32
  const wordSize = is64 ? 8 : 4
  const base = 0x400000
  const segments: { type: number; offset: number; size: number }[] = []
  const phnum = 1 + (spec.interp ? 1 : 0) + (spec.needed ? 1 : 0)
  let cursor = headerSize + phnum * phentsize + (spec.pad ?? 0)
  const chunks: { at: number; data: Buffer }[] = []

  if (spec.interp) {
    const data = Buffer.from(`${spec.interp}\0`, 'latin1')
    segments.push({ type: 3, offset: cursor, size: data.length })
    chunks.push({ at: cursor, data })
    cursor += data.length
  }
  if (spec.needed) {
    const strtab = Buffer.from(`\0${spec.needed.join('\0')}\0`, 'latin1')
    const strtabAt = cursor
    chunks.push({ at: cursor, data: strtab })
    cursor += strtab.length
    const entries: [number, number][] = []
    let nameAt = 1
    for (const name of spec.needed) {
      entries.push([1, nameAt])
      nameAt += name.length + 1
    }
    entries.push([5, base + strtabAt], [0, 0])
    const dyn = Buffer.alloc(entries.length * 2 * wordSize)
    entries.forEach(([tag, value], i) => {
      writeWord(dyn, i * 2 * wordSize, tag)
      writeWord(dyn, i * 2 * wordSize + wordSize, value)
    })
    segments.push({ type: 2, offset: cursor, size: dyn.length })
    chunks.push({ at: cursor, data: dyn })
    cursor += dyn.length
  }
  segments.unshift({ type: 1, offset: 0, size: cursor })

  const file = Buffer.alloc(cursor)
  function writeWord(buf: Buffer, at: number, value: number) {
    if (is64 && little) buf.writeBigUInt64LE(BigInt(value), at)
    else if (is64) buf.writeBigUInt64BE(BigInt(value), at)
    else if (little) buf.writeUInt32LE(value, at)
    else buf.writeUInt32BE(value, at)
  }
  const u16 = (at: number, v: number) => (little ? file.writeUInt16LE(v, at) : file.writeUInt16BE(v, at))
  const u32 = (at: number, v: number) => (little ? file.writeUInt32LE(v, at) : file.writeUInt32BE(v, at))
  file.writeUInt32BE(0x7f454c46, 0)
  file[4] = is64 ? 2 : 1
  file[5] = little ? 1 : 2
  u16(18, spec.machine)
  writeWord(file, is64 ? 32 : 28, headerSize)
  u16(is64 ? 54 : 42, phentsize)
  u16(is64 ? 56 : 44, phnum)
  segments.forEach((s, i) => {
    const at = headerSize + i * phentsize
    u32(at, s.type)
    writeWord(file, at + (is64 ? 8 : 4), s.offset)
    writeWord(file, at + (is64 ? 16 : 8), base + s.offset)
    writeWord(file, at + (is64 ? 32 : 16), s.size)
  })
  for (const c of chunks) c.data.copy(file, c.at)
  return file
}

describe('readElf', () => {
  it.each([
    [
      'static x86-64',
      { is64: true, little: true, machine: 62 },
      { machine: 62, interpreter: undefined, needed: [] }
    ],
    [
      'static 32-bit ARM',
      { is64: false, little: true, machine: 40 },
      { machine: 40, interpreter: undefined, needed: [] }
    ],
    [
      'static big-endian s390x',
      { is64: true, little: false, machine: 22 },
      { machine: 22, interpreter: undefined, needed: [] }
    ],
    [
      'dynamic x86-64',
      { is64: true, little: true, machine: 62, interp: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'] },
      { machine: 62, interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'] }
    ],
    [
      'static-pie with a dynamic section but no libraries',
      { is64: true, little: true, machine: 183, needed: [] },
      { machine: 183, interpreter: undefined, needed: [] }
    ],
    [
      'dynamic 32-bit big-endian',
      {
        is64: false,
        little: false,
        machine: 8,
        interp: '/lib/ld.so.1',
        needed: ['libpthread.so.0', 'libc.so.6']
      },
      { machine: 8, interpreter: '/lib/ld.so.1', needed: ['libpthread.so.0', 'libc.so.6'] }
    ]
  ])('%s', (_name, spec, facts) => {
    expect(readElf(makeElf(spec))).toEqual(facts)
  })

  it('reads a real dynamically linked program of this machine', () => {
    const ls = ['/bin/ls', '/usr/bin/ls'].find(p => existsSync(p))
    if (!ls) throw new Error('no /bin/ls on this machine')
    const facts = readElf(readFileSync(ls))
    expect(facts.interpreter).toMatch(/ld-linux/)
    expect(facts.needed).toContain('libc.so.6')
  })

  it.each([
    ['a text file', Buffer.from('#!/bin/sh\necho hi\n'.repeat(10)), 'not an ELF file'],
    ['an empty file', Buffer.alloc(0), 'not an ELF file'],
    [
      'a truncated binary',
      makeElf({ is64: true, little: true, machine: 62, interp: '/lib/ld.so' }).subarray(0, 100),
      'the ELF file is truncated'
    ]
  ])('rejects %s', (_name, data, message) => {
    expect(() => readElf(data)).toThrow(message)
  })
})

describe('staticProblem', () => {
  it.each([
    [{ machine: 62, needed: [] }, 62, undefined],
    [{ machine: 183, needed: [] }, 62, 'its ELF machine type is 183, not 62'],
    [
      { machine: 62, interpreter: '/lib64/ld.so', needed: ['libc.so.6'] },
      62,
      'it is dynamically linked (interpreter /lib64/ld.so)'
    ],
    [{ machine: 62, needed: ['libc.so.6'] }, 62, 'it needs shared libraries: libc.so.6']
  ])('%j on machine %s', (facts, machine, problem) => {
    expect(staticProblem(facts, machine)).toBe(problem)
  })
})

describe('readElfFile', () => {
  const file = (data: Buffer) => {
    const path = join(mkdtempSync(join(tmpdir(), 'elf-')), 'binary')
    writeFileSync(path, data)
    return path
  }

  it("reads a static binary's facts and size from its first bytes", async () => {
    const data = makeElf({ is64: true, little: true, machine: 62, pad: 2 * ELF_HEAD })
    expect(await readElfFile(file(data))).toEqual({
      facts: { machine: 62, interpreter: undefined, needed: [] },
      size: data.length
    })
  })

  it('reads the whole file when the libraries are named beyond them', async () => {
    const data = makeElf({ is64: true, little: true, machine: 62, needed: ['libc.so.6'], pad: ELF_HEAD })
    expect((await readElfFile(file(data))).facts.needed).toEqual(['libc.so.6'])
  })

  it('fails on a file shorter than the head that is no ELF file, saying so', async () => {
    await expect(readElfFile(file(Buffer.from('#!/bin/sh\n')))).rejects.toThrow('not an ELF file')
  })
})
