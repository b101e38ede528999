// What a thrown value says, whatever was thrown: a catch receives `unknown`, and a library or a program
// may throw anything. The one place that turns it into text for a message.

/** The message of an Error, else the thrown value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The thrown value as an Error, for a `cause` or a rethrow. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
