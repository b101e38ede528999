import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/tags/event.ts
var BRANCH_REF = /^refs\/heads\//;
var TAG_REF = /^refs\/tags\//;
var PULL_REF = /^refs\/pull\//;
function eventPayloadOf(payload) {
  const object = (value) => typeof value === "object" && value !== null ? value : {};
  const text = (value) => typeof value === "string" ? value : void 0;
  const body = object(payload);
  const pull = object(body.pull_request);
  return {
    number: typeof body.number === "number" ? body.number : void 0,
    base_ref: text(body.base_ref),
    pull_request: { head: { sha: text(object(pull.head).sha) }, base: { ref: text(object(pull.base).ref) } },
    repository: { default_branch: text(object(body.repository).default_branch) }
  };
}
function githubEvent(env, payload) {
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  let ref = env.GITHUB_REF ?? "";
  let sha = env.GITHUB_SHA ?? "";
  if (/pull_request_target/.test(eventName)) ref = `refs/pull/${payload.number}/merge`;
  const headSha = payload.pull_request?.head?.sha;
  if (/true/i.test(env.DOCKER_METADATA_PR_HEAD_SHA ?? "") && /pull_request/.test(eventName) && headSha)
    sha = headSha;
  return { eventName, ref, sha, payload };
}

export {
  BRANCH_REF,
  TAG_REF,
  PULL_REF,
  eventPayloadOf,
  githubEvent
};
