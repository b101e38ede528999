// Text that comes from outside (a release list, a mirror's answer, a hand-over record, a cache key, a
// registry's words) printed where the runner reads workflow commands: one line, and no "::" nor the
// legacy "##[" (which the runner reads anywhere in a line) that could start a command of its own.
// Program output is printed inside stop-commands instead (exec.ts).

/**
 * `text` with every "##[" broken up: for a message @actions/core writes as one command (an error, a
 * warning), which escapes its new lines itself; the runner would read "##[cmd]" anywhere in it.
 */
export function inert(text: string): string {
  return text.replace(/#(?=#\[)/g, '# ')
}

/** `text` on one line with every "::" and "##[" broken up, so the runner never reads a command in it. */
export function oneLine(text: string, max = 300): string {
  return inert(text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/::/g, ': :')).slice(0, max)
}

/**
 * `text` as a Markdown code span, safe in a table cell or a sentence of the job summary: nothing in code
 * renders as HTML, an image or a link; "|" is escaped for tables; the span is fenced by one backquote
 * more than the longest run it holds; and oneLine keeps it to one line.
 */
export function codeSpan(text: string): string {
  const body = oneLine(text).replace(/\|/g, '\\|')
  if (!body.trim()) return '–'
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${body}${pad}${fence}`
}
