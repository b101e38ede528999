// What a host name says without asking the network. Apart from the client (client.ts), so that what
// only checks a name (an input, an image reference in the summary) does not load Node's HTTP stack.

/** Hosts on this machine: 127.0.0.0/8, localhost and ::1 (plain http to them never leaves it). */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  )
}
