import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/untrusted.ts
function inert(text) {
  return text.replace(/#(?=#\[)/g, "# ");
}
function oneLine(text, max = 300) {
  return inert(text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/::/g, ": :")).slice(0, max);
}
function codeSpan(text) {
  const body = oneLine(text).replace(/\|/g, "\\|");
  if (!body.trim()) return "\u2013";
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = body.startsWith("`") || body.endsWith("`") ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

// src/errors.ts
var InputError = class extends Error {
  name = "InputError";
};
var ServiceError = class extends Error {
  constructor(service, message, options) {
    super(message, options);
    this.service = service;
  }
  service;
  name = "ServiceError";
};
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
function asError(error) {
  return error instanceof Error ? error : new Error(String(error));
}
function failureOf(error) {
  const message = messageOf(error);
  if (error instanceof InputError) {
    return { kind: "input", message, advice: "Change the input named above; nothing was pushed." };
  }
  if (error instanceof ServiceError) {
    return {
      kind: "service",
      message,
      advice: `${error.service} failed, not the inputs; a re-run may succeed once it answers.`
    };
  }
  return { kind: "other", message, advice: "" };
}
function failureText(failure) {
  return inert(failure.advice ? `${failure.message}
${failure.advice}` : failure.message);
}

export {
  inert,
  oneLine,
  codeSpan,
  InputError,
  ServiceError,
  messageOf,
  asError,
  failureOf,
  failureText
};
