// The stages of a run as the log groups them and the job summary times them.
import * as core from '@actions/core'

export interface StageTime {
  name: string
  seconds: number
  /** When it started (ms since 1970), for the summary's timeline. */
  started: number
}

export class Stages {
  readonly times: StageTime[] = []

  /** Runs `work` as a collapsible group of the log and records how long it took. */
  async run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now()
    try {
      return await core.group(name, work)
    } finally {
      this.record(name, (Date.now() - started) / 1000, started)
    }
  }

  /** Records a stage timed elsewhere (one buildx command both builds and pushes). */
  record(name: string, seconds: number, started: number): void {
    this.times.push({ name, seconds, started })
  }
}
