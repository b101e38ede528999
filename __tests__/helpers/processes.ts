// Which processes are still alive: those whose environment holds an entry only one run set
// (read from /proc, as root). Children inherit the environment, so this finds a whole process tree.
import { readdirSync, readFileSync } from 'node:fs'

export function processesWithEnv(entry: string): string[] {
  const read = (pid: string, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`).toString()
    } catch {
      return '' // gone meanwhile
    }
  }
  return readdirSync('/proc')
    .filter(pid => /^\d+$/.test(pid) && read(pid, 'environ').split('\0').includes(entry))
    .map(pid => `${pid} ${read(pid, 'cmdline').replace(/\0/g, ' ')}`)
}
