// What a thrown value says, whatever was thrown: a catch receives `unknown`, and a library or a program
// may throw anything. The one place that turns it into text for a message, and the two kinds of failure
// whose fix lies in different hands: the workflow's inputs (the user changes the step) and a service the
// action talks to (a registry, the Go download site or its mirror, the cache service: a re-run may do).
import { inert } from './untrusted.js'

/** The step's inputs, or a file they name, ask for something the action refuses; thrown before any push. */
export class InputError extends Error {
  override readonly name = 'InputError'
}

/** A service failed to give what the action needed; the inputs were accepted. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError'
  constructor(
    /** The service as the user knows it: a host name, "the cache service". */
    readonly service: string,
    message: string,
    options?: ErrorOptions
  ) {
    super(message, options)
  }
}

/** A failure as the user reads it: the message, and what to do about it where the kind says. */
export interface Failure {
  kind: 'input' | 'service' | 'other'
  message: string
  /** One sentence after the message; empty where the message says it all (a program's own failure). */
  advice: string
}

/** The message of an Error, else the thrown value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The thrown value as an Error, for a `cause` or a rethrow. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

/** How a failure reads in the log and the job summary, by its kind. */
export function failureOf(error: unknown): Failure {
  const message = messageOf(error)
  if (error instanceof InputError) {
    return { kind: 'input', message, advice: 'Change the input named above; nothing was pushed.' }
  }
  if (error instanceof ServiceError) {
    return {
      kind: 'service',
      message,
      advice: `${error.service} failed, not the inputs; a re-run may succeed once it answers.`
    }
  }
  return { kind: 'other', message, advice: '' }
}

/**
 * The failure as one text: the message, then its advice on a line of its own. A message may quote what
 * a server or a program said: "##[" is broken, so the error command holds no command of its own.
 */
export function failureText(failure: Failure): string {
  return inert(failure.advice ? `${failure.message}\n${failure.advice}` : failure.message)
}
