// What the log must never show of a secret: the runner masks a registered value only where it appears
// whole, and a value with new lines is printed one line at a time, so each line is registered too.

/** The value and each of its lines (without a trailing \r), each once; nothing for "". */
export function secretParts(value: string): string[] {
  if (value === '') return []
  const lines = value.split('\n').map(line => line.replace(/\r$/, ''))
  return [...new Set([value, ...lines])].filter(part => part.trim() !== '')
}
