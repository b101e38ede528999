import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  require_node_fs,
  require_node_os,
  require_node_path
} from "./chunk-MTF2CZ77.js";
import {
  getState,
  info,
  require_node_crypto,
  saveState,
  summary,
  warning
} from "./chunk-XAVSDUDU.js";
import {
  InputError,
  codeSpan,
  failureText,
  messageOf,
  oneLine
} from "./chunk-LPTFIF5G.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-HANBNIMK.js";

// builtin:node:fs/promises
var require_promises = __commonJS({
  "builtin:node:fs/promises"(exports, module) {
    module.exports = __require("node:fs/promises");
  }
});

// src/cache/folder.ts
var import_node_fs = __toESM(require_node_fs(), 1);
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_node_path(), 1);
var EMPTY = { files: 0, bytes: 0, newestChange: 0, ownedByUs: true };
var recordPath = (folder) => `${folder.replace(/\/+$/, "")}.go-mini-action.json`;
var uid = () => process.getuid?.() ?? -1;
var YIELD_EVERY = 100;
async function eachUnder(dir, visit) {
  let [entries, sinceYield] = [0, 0];
  const pending = [dir];
  for (let at = pending.pop(); at !== void 0; at = pending.pop()) {
    for (const entry of (0, import_node_fs.readdirSync)(at, { withFileTypes: true })) {
      const path = (0, import_node_path.join)(at, entry.name);
      entries++;
      if (entry.isDirectory()) pending.push(path);
      visit(path, (0, import_node_fs.lstatSync)(path));
    }
    if (entries - sinceYield < YIELD_EVERY) continue;
    sinceYield = entries;
    await new Promise(setImmediate);
  }
}
async function topOf(dir, since) {
  const top = await (0, import_promises.lstat)(dir).catch(() => void 0);
  if (!top) return void 0;
  const newestChange = top.ctimeMs < since ? top.ctimeMs : 0;
  return { top, state: { ...EMPTY, newestChange, ownedByUs: top.uid === uid(), folders: [] } };
}
async function folderState(dir, since = Infinity) {
  const start = await topOf(dir, since);
  if (!start) return EMPTY;
  const { top, state } = start;
  if (!top.isDirectory()) return state;
  await eachUnder(dir, (path, stat) => {
    if (stat.birthtimeMs >= since) return;
    if (stat.isDirectory()) state.folders?.push((0, import_node_path.relative)(dir, path));
    state.files++;
    if (stat.isFile()) state.bytes += stat.size;
    if (stat.ctimeMs < since) state.newestChange = Math.max(state.newestChange, stat.ctimeMs);
    state.ownedByUs &&= stat.uid === uid();
  });
  return state;
}
var listedFolders = (state) => Array.isArray(state.folders) && state.folders.every((folder) => typeof folder === "string" && !folder.split("/").includes("..")) ? state.folders : void 0;
function sameEntries(dir, record) {
  const folders = listedFolders(record);
  if (!folders) return false;
  let newest = 0;
  for (const folder of ["", ...folders]) {
    const stat = (0, import_node_fs.lstatSync)((0, import_node_path.join)(dir, folder), { throwIfNoEntry: false });
    if (!stat?.isDirectory()) return false;
    newest = Math.max(newest, stat.ctimeMs);
  }
  return newest <= record.newestChange;
}
var recordsEntry = (record, key, path) => record?.key === key && record.path === path && record.uid === uid();
function holdsEntry(record, key, path, now) {
  if (!recordsEntry(record, key, path)) return false;
  if (!now.ownedByUs || now.newestChange === 0) return false;
  const then = record.state;
  return then.files === now.files && then.bytes === now.bytes && now.newestChange <= then.newestChange;
}
async function recordOf(path, key) {
  try {
    const record = JSON.parse(await (0, import_promises.readFile)(recordPath(path), "utf8"));
    return recordsEntry(record, key, path) ? record : void 0;
  } catch {
    return void 0;
  }
}
async function folderHolds(path, key, record, since = Infinity) {
  if (!record) return void 0;
  const now = await folderState(path, since);
  return holdsEntry(record, key, path, now) ? now.bytes : void 0;
}
async function recordFolder(path, key, unlessSame = false) {
  try {
    const kept = unlessSame ? await recordOf(path, key) : void 0;
    if (kept && sameEntries(path, kept.state)) return;
    const record = { key, path, uid: uid(), state: await folderState(path) };
    await (0, import_promises.writeFile)(recordPath(path), `${JSON.stringify(record)}
`);
  } catch (error) {
    info(`Could not record which entry ${path} holds (${messageOf(error)}): the next job restores it`);
  }
}
async function makeWritable(dir) {
  const locked = [];
  const note = (path, stat) => {
    if (stat.isDirectory() && stat.uid === uid() && !(stat.mode & 128)) locked.push([path, stat.mode]);
  };
  try {
    note(dir, await (0, import_promises.lstat)(dir));
    await eachUnder(dir, note);
  } catch {
    return;
  }
  for (const [path, mode] of locked) await (0, import_promises.chmod)(path, mode | 448);
}

// src/cache/keys.ts
var import_node_crypto = __toESM(require_node_crypto(), 1);
var short = (text) => (0, import_node_crypto.createHash)("sha256").update(text).digest("hex").slice(0, 16);
function jobsHash(jobs) {
  const sortedEnv = (env) => Object.entries(env).sort(([a], [b]) => a.localeCompare(b));
  return short(JSON.stringify(jobs.map((job) => JSON.stringify([job.args, sortedEnv(job.env)])).sort()));
}
function modulesCacheKey(request) {
  const stem = `${request.prefix}-${request.os}-go${request.goVersion}-mod-`;
  return { key: `${stem}${request.dependencyHash}`, restoreKeys: request.fallback ? [stem] : [] };
}
function buildCacheKey(request) {
  const { prefix, os, arch, goVersion, jobs, dependencyHash, fallback } = request;
  const stem = `${prefix}-${os}-${arch}-go${goVersion}-build-${jobsHash(jobs)}-`;
  return { key: `${stem}${dependencyHash}`, restoreKeys: fallback ? [stem] : [] };
}
function fallbackKey(key) {
  const last = key.lastIndexOf("-") + 1;
  return `${key.slice(0, last)}fallback-${key.slice(last)}`;
}
function savesModules(setting, platforms, matrixLeg) {
  if (setting !== "auto") return setting === "true";
  return !matrixLeg || platforms.some((p) => p.startsWith("linux/amd64"));
}

// src/cache/save.ts
var toolkit = () => import("./cache-MCNV2EL5.js");
function saveKeyOf(goCache) {
  const { key, matchedKey } = goCache;
  if (matchedKey === key || matchedKey === fallbackKey(key)) return void 0;
  return matchedKey ? fallbackKey(key) : key;
}
async function saveOne(c, env) {
  if (c.refused) {
    info(`${c.name} cache: the entry found was refused, nothing is saved over it`);
    return false;
  }
  const key = saveKeyOf(c);
  if (!key) {
    const what = c.matchedKey === c.key ? "exact hit" : `${oneLine(c.matchedKey)} was restored as it is`;
    info(`${c.name} cache: ${what}, nothing to save`);
    return c.matchedKey === c.key;
  }
  if (!c.save) {
    info(`${c.name} cache: another job writes it (cache-save-modules: auto), not saved here`);
    return false;
  }
  try {
    if (c.name === "modules" && await savedMeanwhile(env, c.path, key)) {
      info(`${c.name} cache: ${oneLine(key)} was saved by another job meanwhile`);
      return false;
    }
    const id = await (await toolkit()).saveCache([c.path], key);
    if (id === -1) return false;
    info(`${c.name} cache: saved ${oneLine(key)}`);
    return key === c.key;
  } catch (error) {
    warning(`Could not save the ${c.name} cache: ${oneLine(messageOf(error))}`);
    return false;
  }
}
var keepsFolders = (env) => env.RUNNER_ENVIRONMENT !== "github-hosted";
async function recordHeldFolders(caches, env) {
  if (!keepsFolders(env)) return;
  for (const c of caches) if (c.matchedKey === c.key) await recordFolder(c.path, c.key);
}
async function saveGoCaches(caches, env) {
  for (const c of caches)
    if (await saveOne(c, env) && keepsFolders(env)) await recordFolder(c.path, c.key, true);
}
var serviceClient = () => import("./service-QPVYOUAU.js");
async function savedMeanwhile(env, path, key) {
  const { cacheServiceOf, cacheVersion, compressionMethod, findEntry } = await serviceClient();
  const service = cacheServiceOf(env);
  if (!service) return false;
  const version = cacheVersion([path], await compressionMethod());
  return (await findEntry(service, { key, restoreKeys: [], version }))?.matchedKey === key;
}

// src/http/hosts.ts
function isLoopbackHost(hostname) {
  return hostname === "localhost" || hostname === "[::1]" || hostname === "::1" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

// src/reference.ts
var PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
var DOMAIN = /^(?:localhost|(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
var TAG = /^[\w][\w.-]{0,127}$/;
var DIGEST = /^sha256:[a-f0-9]{64}$/;
function parseReference(input, text) {
  const fail = (why) => {
    throw new InputError(`${input}: "${text}" is not a valid image reference: ${why}`);
  };
  if (text.length === 0) fail("it is empty");
  if (/\s/.test(text)) fail("it contains white space");
  let rest = text;
  let digest;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) fail("the digest must be sha256: followed by 64 lower-case hex digits");
  }
  let tag;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      fail('a tag is 1 to 128 letters, digits, "_", "." or "-", and does not start with "." or "-"');
    }
  }
  const components = rest.split("/");
  const first = components[0];
  const hasDomain = isDomain(components);
  if (hasDomain && !DOMAIN.test(first)) fail(`"${first}" is not a registry host[:port]`);
  for (const component of hasDomain ? components.slice(1) : components) {
    if (!PATH_COMPONENT.test(component)) {
      fail(
        `"${component}" is not a repository path component (lower-case letters and digits, separated by ".", "_", "__" or "-")`
      );
    }
  }
  if (rest.length > 255) fail("the repository name is longer than 255 characters");
  return { name: rest, tag, digest };
}
function isDomain(components) {
  const first = components[0];
  return components.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
}
function registryOf(reference) {
  const components = reference.split("/");
  return isDomain(components) ? components[0] : "docker.io";
}
function repositoriesOf(input, tags) {
  return [...new Set(tags.map((tag) => parseReference(input, tag).name))];
}
function isLoopbackRegistry(repository) {
  return isLoopbackHost(repository.split("/")[0].replace(/:\d+$/, ""));
}

// src/runner.ts
var import_node_os = __toESM(require_node_os(), 1);
function readRunner(env = process.env, cwd = process.cwd()) {
  return { env, temp: env.RUNNER_TEMP || (0, import_node_os.tmpdir)(), workspace: env.GITHUB_WORKSPACE || cwd, cwd };
}

// src/state.ts
var KEY = "go-mini-action";
function saveState2(state) {
  saveState(KEY, JSON.stringify(state));
}
function loadState() {
  const text = getState(KEY);
  return text ? JSON.parse(text) : {};
}

// src/summary.ts
var GO_SOURCES = { path: "found on PATH", "tool-cache": "from the tool cache", download: "downloaded" };
function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
function cacheResult(c) {
  if (c.refused) return "miss (the entry found was refused)";
  if (c.ignored) return `miss (${codeSpan(c.ignored)} offered, not the exact key)`;
  if (!c.matchedKey) return "miss";
  if (c.matchedKey !== c.key) return `restore-key hit (${codeSpan(c.matchedKey)})`;
  return c.onRunner ? "exact hit, already on this runner" : "exact hit";
}
var versionText = (version) => version.replace(/[^\w.+~-]/g, "");
function builderLine(builder) {
  const buildkit = builder.buildkit ? `BuildKit ${versionText(builder.buildkit)}` : "BuildKit of unknown version";
  return `Docker Engine ${versionText(builder.engine) || "unknown"} (${builder.store} image store), ${buildkit}, builder ${codeSpan(builder.name)} (${builder.driver} driver).`;
}
function summaryMarkdown(report) {
  const lines = [
    "## go-mini-action",
    "",
    `Go ${versionText(report.goVersion.replace(/^go/, ""))}, ${GO_SOURCES[report.goSource]}.`,
    "",
    builderLine(report.builder),
    ""
  ];
  if (report.caches.length) {
    lines.push("| cache | result | restored | key |", "| --- | --- | --- | --- |");
    for (const c of report.caches)
      lines.push(`| ${c.name} | ${cacheResult(c)} | ${formatBytes(c.bytes ?? 0)} | ${codeSpan(c.key)} |`);
    lines.push("");
  }
  if (report.cachesUnused)
    lines.push(`No Go cache was restored or saved: ${codeSpan(report.cachesUnused)}.`, "");
  lines.push(
    "| platform | binary | size | compile | image | manifest |",
    "| --- | --- | --- | --- | --- | --- |"
  );
  report.binaries.forEach((b, i) => {
    const image = report.image.platforms[b.platform];
    const first = report.binaries.findIndex((other) => other.platform === b.platform) === i;
    const imageCells = image && first ? `${formatBytes(image.size)} | ${codeSpan(`${image.digest.slice(0, 19)}\u2026`)}` : "\u2013 | \u2013";
    lines.push(
      `| ${b.platform} | ${codeSpan(b.name)} | ${formatBytes(b.size)} | ${b.seconds.toFixed(1)} s | ${imageCells} |`
    );
  });
  lines.push("");
  if (report.image.filesBytes) {
    lines.push(`Extra files (input files): ${formatBytes(report.image.filesBytes)} in each image.`, "");
  }
  lines.push(...whereTheImageWent(report.image));
  lines.push("", "| stage | time |", "| --- | --- |");
  for (const stage of report.stages) lines.push(`| ${stage.name} | ${stage.seconds.toFixed(1)} s |`);
  const total = report.stages.reduce((sum, stage) => sum + stage.seconds, 0);
  lines.push(`| **total** | **${total.toFixed(1)} s** |`, "", ...timeline(report.stages, report.binaries));
  return `${lines.join("\n")}
`;
}
var pullLines = (tags) => ["```sh", ...tags.map((tag) => `docker pull ${tag}`), "```"];
function whereTheImageWent(image) {
  switch (image.destination) {
    case "registry-by-digest": {
      const repositories = repositoriesOf("tags", image.tags);
      return [
        `Pushed ${codeSpan(image.digest)} by digest (no tag) to ${repositories.map(codeSpan).join(", ")}, and handed it over to the merge step (\`mode: merge\`), which tags the index of all legs.`
      ];
    }
    case "registry":
      return [`Pushed index ${codeSpan(image.digest)}:`, "", ...pullLines(image.tags)];
    case "oci-archive":
      return [`Wrote index ${codeSpan(image.digest)} to the OCI archive ${codeSpan(image.archive ?? "")}.`];
    case "engine":
      return [`Loaded image ${codeSpan(image.digest)} into the local engine.`];
    case "check":
      return ["Built the image for every platform and kept it nowhere (`archive: false`): a check."];
  }
}
var taskName = (text) => oneLine(text).replace(/[:#;`]/g, " ");
function timeline(stages, binaries) {
  if (!stages.length) return [];
  const zero = Math.min(...stages.map((stage) => stage.started));
  const task = (name, started, seconds) => {
    const from = Math.max(0, Math.round(started - zero));
    return `    ${taskName(name)} : ${from}, ${from + Math.max(1, Math.round(seconds * 1e3))}`;
  };
  return [
    "```mermaid",
    "gantt",
    "    title Where the time went",
    "    dateFormat x",
    "    axisFormat %M:%S",
    "    section Stages",
    ...stages.map((stage) => task(stage.name, stage.started, stage.seconds)),
    "    section Compiles",
    ...binaries.map((b) => task(`${b.platform} ${b.name}`, b.started, b.seconds)),
    "```"
  ];
}
function summaryWanted(env) {
  return Boolean(env.GITHUB_STEP_SUMMARY) && env.DOCKER_BUILD_SUMMARY?.toLowerCase() !== "false";
}
function mergeSummaryMarkdown(index) {
  return [
    "## go-mini-action: merge",
    "",
    `Created index ${codeSpan(index.digest)} from the matrix legs:`,
    "",
    "| platform | manifest |",
    "| --- | --- |",
    ...Object.entries(index.platforms).map(
      ([platform, digest]) => `| ${codeSpan(platform)} | ${codeSpan(digest)} |`
    ),
    "",
    ...pullLines(index.tags),
    ""
  ].join("\n");
}
var FAILURE_HEADINGS = {
  input: "an input was refused",
  service: "a service failed",
  other: "failed"
};
function failureSummaryMarkdown(stages, failure) {
  return [
    `## go-mini-action: ${FAILURE_HEADINGS[failure.kind]}`,
    "",
    "```text",
    failureText(failure).replace(/```/g, "` ` `"),
    "```",
    "",
    ...stages.length ? [
      "| stage so far | time |",
      "| --- | --- |",
      ...stages.map((s) => `| ${s.name} | ${s.seconds.toFixed(1)} s |`)
    ] : ["It failed before any stage began."],
    ""
  ].join("\n");
}
async function writeSummary(markdown, env) {
  if (!summaryWanted(env)) return;
  await summary.addRaw(markdown).write();
}

export {
  require_promises,
  recordOf,
  folderHolds,
  makeWritable,
  modulesCacheKey,
  buildCacheKey,
  savesModules,
  saveKeyOf,
  recordHeldFolders,
  saveGoCaches,
  isLoopbackHost,
  parseReference,
  registryOf,
  repositoriesOf,
  isLoopbackRegistry,
  readRunner,
  saveState2 as saveState,
  loadState,
  summaryMarkdown,
  mergeSummaryMarkdown,
  failureSummaryMarkdown,
  writeSummary
};
