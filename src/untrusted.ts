// Text that comes from outside (a release list, a mirror's answer, a hand-over record, a cache key, a
// registry's words) printed where the runner reads workflow commands: one line, and no "::" that could
// start a command of its own. Program output is printed inside stop-commands instead (exec.ts).

/** `text` on one line with every "::" broken up, so the runner never reads a command in it. */
export function oneLine(text: string, max = 300): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/::/g, ': :')
    .slice(0, max)
}

/** oneLine, and safe in a Markdown table cell: no "|" and no backquote that would end a code span. */
export function tableCell(text: string): string {
  return oneLine(text).replace(/[|`]/g, c => `\\${c}`)
}
