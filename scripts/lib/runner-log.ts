// A step's log as GitHub's runner shows it, for a person running the action here (scripts/run-action.ts
// echoes through it): debug lines hidden unless RUNNER_DEBUG is 1, groups as one heading line, warnings
// and errors as such, masked values as ***, and inside stop-commands every line shown as it is.
// Workflow command syntax: https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands

/** Undoes the toolkit's escaping of a command's message (%25, %0D, %0A). */
const unescape = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

const LABELS: Record<string, string> = { warning: 'Warning', error: 'Error', notice: 'Notice' }

export class RunnerLog {
  private pending = ''
  private stopToken: string | undefined
  private readonly masks: string[] = []

  constructor(private readonly debug = false) {}

  /** The rendered text of a chunk of the step's output (whole lines; the rest waits for the next). */
  write(chunk: string): string {
    const lines = (this.pending + chunk).split('\n')
    this.pending = lines.pop() ?? ''
    return lines
      .map(line => this.line(line))
      .filter(out => out !== undefined)
      .join('')
  }

  /** What is left when the step ended without a final new line. */
  end(): string {
    const rest = this.pending
    this.pending = ''
    return rest ? (this.line(rest) ?? '') : ''
  }

  private masked(text: string): string {
    return this.masks.reduce((out, secret) => out.split(secret).join('***'), text)
  }

  private line(line: string): string | undefined {
    if (this.stopToken !== undefined) {
      if (line === `::${this.stopToken}::`) this.stopToken = undefined
      else return `${this.masked(line)}\n`
      return undefined
    }
    const command = /^::([\w-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (!command) return `${this.masked(line)}\n`
    const [, name, message] = command
    if (name === 'add-mask') {
      if (message) this.masks.push(unescape(message))
      return undefined
    }
    if (name === 'stop-commands') this.stopToken = message
    else if (name === 'group') return `▸ ${this.masked(unescape(message))}\n`
    else if (name === 'debug') return this.debug ? `##[debug]${this.masked(unescape(message))}\n` : undefined
    else if (LABELS[name]) return `${LABELS[name]}: ${this.masked(unescape(message))}\n`
    return undefined
  }
}
