import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  hashFiles
} from "./chunk-Y7JL45SL.js";
import {
  getProxyUrl,
  getState,
  info,
  require_node_crypto,
  require_node_fs,
  require_node_http,
  require_node_https,
  require_node_os,
  require_node_path,
  require_node_stream,
  require_node_zlib,
  require_tunnel,
  saveState,
  setFailed,
  setSecret,
  summary,
  warning
} from "./chunk-64N4ISF5.js";
import {
  InputError,
  ServiceError,
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

// builtin:node:stream/promises
var require_promises2 = __commonJS({
  "builtin:node:stream/promises"(exports, module) {
    module.exports = __require("node:stream/promises");
  }
});

// builtin:node:child_process
var require_node_child_process = __commonJS({
  "builtin:node:child_process"(exports, module) {
    module.exports = __require("node:child_process");
  }
});

// src/cancel.ts
var controller = new AbortController();
var cancelled = controller.signal;
var cleanups = [];
function onCancel(cleanup) {
  cleanups.push(cleanup);
}
async function cancel(signal) {
  controller.abort();
  await Promise.allSettled(cleanups.map((c) => c()));
  setFailed(`cancelled (${signal}): stopped the running programs and removed the build context`);
  process.exit(1);
}
function handleCancellation() {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => void cancel(signal));
  }
}

// src/cache/caches.ts
var import_node_path4 = __toESM(require_node_path(), 1);

// src/cache/folder.ts
var import_node_fs = __toESM(require_node_fs(), 1);
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_node_path(), 1);
var EMPTY = { files: 0, bytes: 0, newestChange: 0, ownedByUs: true };
var recordPath = (folder) => `${folder.replace(/\/+$/, "")}.go-mini-action.json`;
var uid = () => process.getuid?.() ?? -1;
var YIELD_EVERY = 100;
async function eachUnder(dir, visit, folders = false) {
  let [entries, sinceYield] = [0, 0];
  const pending = [dir];
  for (let at = pending.pop(); at !== void 0; at = pending.pop()) {
    for (const entry of (0, import_node_fs.readdirSync)(at, { withFileTypes: true })) {
      const path = (0, import_node_path.join)(at, entry.name);
      entries++;
      if (entry.isDirectory()) pending.push(path);
      if (!folders || entry.isDirectory()) visit(path, (0, import_node_fs.lstatSync)(path));
    }
    if (entries - sinceYield < YIELD_EVERY) continue;
    sinceYield = entries;
    await new Promise(setImmediate);
  }
  return entries;
}
async function topOf(dir) {
  const top = await (0, import_promises.lstat)(dir).catch(() => void 0);
  if (!top) return void 0;
  return { top, state: { ...EMPTY, newestChange: top.ctimeMs, ownedByUs: top.uid === uid() } };
}
async function folderState(dir) {
  const start = await topOf(dir);
  if (!start) return EMPTY;
  const { top, state } = start;
  if (!top.isDirectory()) return state;
  await eachUnder(dir, (_path, stat) => {
    state.files++;
    if (stat.isFile()) state.bytes += stat.size;
    state.newestChange = Math.max(state.newestChange, stat.ctimeMs);
    state.ownedByUs &&= stat.uid === uid();
  });
  return state;
}
async function sameEntries(dir, record) {
  const start = await topOf(dir);
  if (!start?.top.isDirectory()) return false;
  let newest = start.state.newestChange;
  const entries = await eachUnder(dir, (_path, stat) => newest = Math.max(newest, stat.ctimeMs), true);
  return entries === record.files && newest <= record.newestChange;
}
var recordsEntry = (record, key, path) => record?.key === key && record.path === path && record.uid === uid();
function holdsEntry(record, key, path, now) {
  if (!recordsEntry(record, key, path)) return false;
  if (!now.ownedByUs || now.newestChange === 0) return false;
  const then = record.state;
  return then.files === now.files && then.bytes === now.bytes && then.newestChange === now.newestChange;
}
async function recordOf(path, key) {
  try {
    const record = JSON.parse(await (0, import_promises.readFile)(recordPath(path), "utf8"));
    return recordsEntry(record, key, path) ? record : void 0;
  } catch {
    return void 0;
  }
}
async function folderHolds(path, key, record) {
  if (!record) return void 0;
  const now = await folderState(path);
  return holdsEntry(record, key, path, now) ? now.bytes : void 0;
}
async function recordFolder(path, key, unlessSame = false) {
  try {
    const kept = unlessSame ? await recordOf(path, key) : void 0;
    if (kept && await sameEntries(path, kept.state)) return;
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
function modulesCacheKey(request2) {
  const stem = `${request2.prefix}-${request2.os}-go${request2.goVersion}-mod-`;
  return { key: `${stem}${request2.dependencyHash}`, restoreKeys: request2.fallback ? [stem] : [] };
}
function buildCacheKey(request2) {
  const { prefix, os, arch, goVersion, jobs, dependencyHash, fallback } = request2;
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

// src/cache/restore.ts
var import_promises3 = __toESM(require_promises(), 1);
var import_node_path3 = __toESM(require_node_path(), 1);

// src/http/retry.ts
var import_node_fs2 = __toESM(require_node_fs(), 1);
var import_node_stream = __toESM(require_node_stream(), 1);
var import_promises2 = __toESM(require_promises2(), 1);

// src/http/client.ts
var import_node_http = __toESM(require_node_http(), 1);
var import_node_https = __toESM(require_node_https(), 1);

// src/http/proxy.ts
var tunnel = __toESM(require_tunnel(), 1);
function proxyFor(url) {
  const proxy = getProxyUrl(url);
  if (!proxy) return void 0;
  return new URL(
    proxy.protocol === "http:" || proxy.protocol === "https:" ? proxy.href : `http://${proxy.href}`
  );
}
var defaultPort = (url) => Number(url.port || (url.protocol === "https:" ? 443 : 80));
function proxyCredentials(proxy) {
  if (!proxy.username) return void 0;
  return `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
}
function viaProxy(url, proxy, headers) {
  const credentials = proxyCredentials(proxy);
  const host = proxy.hostname.replace(/^\[|\]$/g, "");
  if (url.protocol === "http:") {
    const auth = credentials && `Basic ${Buffer.from(credentials).toString("base64")}`;
    return {
      host,
      port: defaultPort(proxy),
      path: url.href,
      headers: { ...headers, host: url.host, ...auth ? { "proxy-authorization": auth } : {} }
    };
  }
  const over = proxy.protocol === "https:" ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
  const agent = over({
    proxy: { host, port: defaultPort(proxy), proxyAuth: credentials }
  });
  return { agent, headers };
}

// src/http/client.ts
var DEFAULT_TIMEOUTS = { connectMs: 3e4, idleMs: 6e4, totalMs: 15 * 6e4 };
var MAX_REDIRECTS = 10;
var REDIRECTS = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
var HttpFailure = class extends Error {
  constructor(message, code, transient) {
    super(message);
    this.code = code;
    this.transient = transient;
  }
  code;
  transient;
};
function isLoopbackHost(hostname) {
  return hostname === "localhost" || hostname === "[::1]" || hostname === "::1" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
var seconds = (ms) => `${ms / 1e3} s`;
function armTimeouts(req, timeouts, fail) {
  const timeout = (what) => fail(new HttpFailure(what, "ETIMEDOUT", true));
  const total = setTimeout(
    () => timeout(`did not finish within ${seconds(timeouts.totalMs)}`),
    timeouts.totalMs
  );
  const connect = setTimeout(
    () => timeout(`no connection within ${seconds(timeouts.connectMs)}`),
    timeouts.connectMs
  );
  req.on("socket", (socket) => {
    const connected = () => clearTimeout(connect);
    if (socket.connecting) socket.once("connect", connected);
    else connected();
  });
  req.setTimeout(timeouts.idleMs, () => timeout(`nothing received for ${seconds(timeouts.idleMs)}`));
  return () => {
    clearTimeout(total);
    clearTimeout(connect);
  };
}
function open(url, method, headers) {
  const proxy = proxyFor(url);
  if (!proxy) return (url.protocol === "https:" ? import_node_https.request : import_node_http.request)(url, { method, headers });
  const options = { ...viaProxy(url, proxy, headers), method };
  return url.protocol === "https:" ? (0, import_node_https.request)(url, options) : (0, import_node_http.request)(options);
}
function sendOnce(url, options) {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  return new Promise((resolve2, reject) => {
    let req;
    try {
      req = open(url, options.method ?? "GET", options.headers ?? {});
    } catch (error) {
      const code = error.code;
      return reject(new HttpFailure(messageOf(error), code, false));
    }
    let response;
    const fail = (error) => {
      response?.destroy(error);
      req.destroy(error);
    };
    const disarm = armTimeouts(req, timeouts, fail);
    req.on("error", (error) => {
      disarm();
      const code = error.code;
      reject(error instanceof HttpFailure ? error : new HttpFailure(code ?? error.message, code, true));
    });
    req.on("response", (res) => {
      response = res;
      res.on("close", disarm);
      const { statusCode: status = 0, statusMessage: statusText = "", headers } = res;
      resolve2({ url: url.href, status, statusText, headers, body: res });
    });
    req.end(options.body);
  });
}
function redirectTarget(from, location, headers) {
  if (!location) throw new HttpFailure(`${from.href} redirected without a Location`, "EREDIRECT", false);
  const url = new URL(location, from);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new HttpFailure(`${from.href} redirected to ${url.protocol}, not http(s)`, "EREDIRECT", false);
  if (from.protocol === "https:" && url.protocol !== "https:") {
    throw new HttpFailure(
      `${from.href} redirected to ${url.href}: a redirect from https to plain http is refused`,
      "EREDIRECT",
      false
    );
  }
  if (url.origin === from.origin) return { url, headers };
  return {
    url,
    headers: Object.fromEntries(
      Object.entries(headers).filter(([name]) => name.toLowerCase() !== "authorization")
    )
  };
}
function parseUrl(url) {
  try {
    return new URL(url);
  } catch (error) {
    throw new HttpFailure(messageOf(error), error.code, false);
  }
}
async function request(url, options = {}) {
  let target = { url: parseUrl(url), headers: options.headers ?? {} };
  const limit = options.maxRedirects ?? MAX_REDIRECTS;
  for (let hops = 0; ; hops++) {
    const response = await sendOnce(target.url, { ...options, headers: target.headers });
    if ((options.method ?? "GET") !== "GET" || !REDIRECTS.has(response.status)) return response;
    response.body.resume();
    if (hops >= limit) {
      throw new HttpFailure(
        `${url} redirected more than ${limit} times (last to ${target.url.href})`,
        "EREDIRECT",
        false
      );
    }
    target = redirectTarget(target.url, response.headers.location, target.headers);
  }
}
function getFromSocket(socketPath, path, timeoutMs) {
  return new Promise((resolve2, reject) => {
    const req = (0, import_node_http.request)({ socketPath, path, headers: { host: "localhost" } }, (response) => {
      readText(response).then((text) => resolve2({ status: response.statusCode ?? 0, text }), reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("error", reject);
    req.end();
  });
}
async function readText(body) {
  const chunks = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

// src/http/retry.ts
var DEFAULT_RETRY = { attempts: 4, firstDelayMs: 500 };
function isTransientStatus(status) {
  return status === 408 || status === 429 || status >= 500;
}
async function withRetry(url, policy, attempt) {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const transient = !(error instanceof HttpFailure) || error.transient;
      const message = messageOf(error);
      if (!transient || n >= policy.attempts) {
        const tries = n > 1 ? ` (after ${n} attempts)` : "";
        throw new ServiceError(hostOf(url), `cannot download ${url}: ${message}${tries}`, { cause: error });
      }
      const delay = policy.firstDelayMs * 2 ** (n - 1);
      info(`${url}: ${message}; trying again in ${delay} ms`);
      await new Promise((resolve2) => setTimeout(resolve2, delay));
    }
  }
}
async function get(url, headers, timeouts) {
  const response = await request(url, { headers, timeouts });
  if (response.status < 200 || response.status > 299) {
    response.body.destroy();
    const redirected = response.url === new URL(url).href ? "" : ` from ${response.url}`;
    throw new HttpFailure(
      `HTTP ${response.status} ${response.statusText}`.trim() + redirected,
      void 0,
      isTransientStatus(response.status)
    );
  }
  return response;
}
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    const start = JSON.stringify(oneLine(text, 60));
    throw new HttpFailure(`the answer is not JSON (it begins ${start})`, "EJSON", false);
  }
}
function fetchJson(url, headers = {}, policy = DEFAULT_RETRY) {
  return withRetry(
    url,
    policy,
    async () => parseJson(await readText((await get(url, headers, policy.timeouts)).body))
  );
}
function downloadTo(url, sink, headers = {}, policy = DEFAULT_RETRY, maxBytes = Infinity) {
  return withRetry(url, policy, async () => {
    const response = await get(url, headers, policy.timeouts);
    const expected = Number(response.headers["content-length"] ?? NaN);
    let received = 0;
    const count = new import_node_stream.Transform({
      transform(chunk, _encoding, done) {
        received += chunk.length;
        if (received <= maxBytes) return done(null, chunk);
        done(new HttpFailure(`the body is larger than ${maxBytes} bytes`, "ETOOBIG", false));
      }
    });
    const streams = sink();
    await (0, import_promises2.pipeline)([response.body, count, ...Array.isArray(streams) ? streams : [streams]]);
    if (Number.isFinite(expected) && received !== expected) {
      throw new Error(`the connection closed after ${received} of ${expected} bytes`);
    }
  });
}
function downloadFile(url, dest, headers = {}, policy = DEFAULT_RETRY, maxBytes = Infinity) {
  return downloadTo(url, () => (0, import_node_fs2.createWriteStream)(dest), headers, policy, maxBytes);
}
function hostOf(url) {
  return URL.canParse(url) ? new URL(url).host : url;
}

// src/cache/archive.ts
var import_node_fs3 = __toESM(require_node_fs(), 1);
var import_node_path2 = __toESM(require_node_path(), 1);
var import_node_stream2 = __toESM(require_node_stream(), 1);
var import_node_zlib = __toESM(require_node_zlib(), 1);

// src/exec.ts
var import_node_child_process = __toESM(require_node_child_process(), 1);
var import_node_crypto2 = __toESM(require_node_crypto(), 1);
function commandsOff(write = info) {
  const token = (0, import_node_crypto2.randomUUID)();
  write(`::stop-commands::${token}`);
  return () => write(`::${token}::`);
}
function printUntrusted(lines) {
  const on = commandsOff();
  for (const line of lines) info(line);
  on();
}
function run(file, args, options = {}) {
  info(`[command]${oneLine([file, ...args].join(" "), Infinity)}`);
  const on = options.stream ? commandsOff((line) => process.stdout.write(`
${line}
`)) : void 0;
  return new Promise((resolvePromise, reject) => {
    const child = (0, import_node_child_process.spawn)(file, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      detached: true,
      stdio: ["pipe", "pipe", "pipe"]
    });
    child.stdin.on("error", () => void 0);
    child.stdin.end(options.input ?? "");
    const stop = AbortSignal.any(options.signal ? [options.signal, cancelled] : [cancelled]);
    const stopGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
      }
    };
    if (stop.aborted) stopGroup();
    else stop.addEventListener("abort", stopGroup, { once: true });
    const stdout = [];
    const stderr = [];
    child.stdout.on("data", (chunk) => {
      stdout.push(chunk);
      if (options.stream) process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      stderr.push(chunk);
      if (options.stream) process.stdout.write(chunk);
    });
    child.on("error", (error) => reject(new Error(`cannot run ${file}: ${error.message}`)));
    child.on("close", (code, signal) => {
      stop.removeEventListener("abort", stopGroup);
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString()
      });
    });
  }).finally(() => on?.());
}
function briefly(said) {
  const lines = said.split("\n").filter((line) => line.trim());
  const errors = lines.filter((line) => /^(#\d+ )?ERROR\b/i.test(line));
  return (errors.length ? errors : lines).slice(-5).join("\n");
}
function checked(what, result, streamed = false) {
  if (result.code !== 0) {
    const all = (result.stderr || result.stdout).trim();
    const said = streamed && all ? `${briefly(all)}
(the whole output is in the log above)` : all;
    throw new Error(`${what} failed (exit code ${result.code})${said ? `:
${said}` : ""}`);
  }
  return result;
}
async function runChecked(what, file, args, options = {}) {
  return checked(what, await run(file, args, options)).stdout;
}

// src/cache/archive.ts
var ARCHIVE_LIMITS = { members: 2e6, bytes: 20 * 1024 ** 3 };
var LINE = /^(\S{10}) \S+ +(\S+) .*? "((?:[^"\\]|\\.)*)"/;
var ESCAPES = { n: "\n", t: "	", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v" };
function unquote(quoted) {
  return quoted.replace(
    /\\([0-7]{3}|.)/g,
    (_, e) => e.length === 3 ? String.fromCharCode(parseInt(e, 8)) : ESCAPES[e] ?? e
  );
}
function parseListing(listing) {
  return listing.split("\n").filter(Boolean).map((line) => {
    const match = LINE.exec(line);
    if (!match) throw new Error(`a member the check cannot read (${JSON.stringify(line.slice(0, 80))})`);
    return { mode: match[1], size: /^\d+$/.test(match[2]) ? Number(match[2]) : 0, name: unquote(match[3]) };
  });
}
function memberProblem(member, workspace, folder) {
  const type = member.mode[0];
  if (type !== "-" && type !== "d") {
    const kinds = {
      l: "a symbolic link",
      h: "a hard link",
      c: "a device",
      b: "a device",
      p: "a FIFO"
    };
    return `it is ${kinds[type] ?? `of type "${type}"`}, not a file or a folder`;
  }
  if (/[sS]/.test(member.mode[3] + member.mode[6])) return "it has the setuid or setgid bit";
  if ((0, import_node_path2.isAbsolute)(member.name)) return "its name is absolute";
  const inside = (0, import_node_path2.relative)(folder, (0, import_node_path2.resolve)(workspace, member.name));
  if (inside.startsWith("..") || (0, import_node_path2.isAbsolute)(inside)) return `it resolves outside ${folder}`;
  return void 0;
}
function archiveProblem(members, where, limits = ARCHIVE_LIMITS) {
  const folder = (0, import_node_path2.resolve)(where.folder);
  if (members.length > limits.members)
    return `it holds ${members.length} members, more than the ${limits.members} allowed`;
  let bytes = 0;
  for (const member of members) {
    const problem = memberProblem(member, where.workspace, folder);
    if (problem) return `member ${JSON.stringify(member.name.slice(0, 200))}: ${problem}`;
    bytes += member.size;
    if (bytes > limits.bytes) return `it unpacks to more than ${limits.bytes} bytes`;
  }
  return void 0;
}
var tarBytesLimit = (limits = ARCHIVE_LIMITS) => limits.bytes + limits.members * 4096;
var ArchiveTooLarge = class extends HttpFailure {
  constructor(limit) {
    super(`it unpacks to more than ${limit} bytes`, "ETOOLARGE", false);
  }
};
var CHUNK = 1 << 20;
function decompressor(compression) {
  if (compression === "gzip") return (0, import_node_zlib.createGunzip)({ chunkSize: CHUNK });
  const window = compression === "zstd" ? { [import_node_zlib.constants.ZSTD_d_windowLogMax]: 30 } : {};
  return (0, import_node_zlib.createZstdDecompress)({ chunkSize: CHUNK, params: window });
}
function plainTarTo(file, compression, limit = tarBytesLimit()) {
  let bytes = 0;
  const bounded = new import_node_stream2.Transform({
    transform(chunk, _encoding, done) {
      bytes += chunk.length;
      done(bytes > limit ? new ArchiveTooLarge(limit) : null, chunk);
    }
  });
  return [decompressor(compression), bounded, (0, import_node_fs3.createWriteStream)(file, { highWaterMark: CHUNK })];
}
var TAR_ENV = { LC_ALL: "C" };
async function listArchive(file) {
  const args = ["-tv", "-P", "--numeric-owner", "--full-time", "--quoting-style=c", "-f", file];
  const listed = await run("tar", args, { env: TAR_ENV });
  if (listed.code !== 0) throw new Error(`tar cannot read it (exit code ${listed.code})`);
  return parseListing(listed.stdout);
}
async function extractArchive(file, workspace) {
  const args = ["-x", "-P", "--no-same-owner", "-C", workspace, "-f", file];
  const extracted = await run("tar", args, { env: TAR_ENV });
  if (extracted.code !== 0)
    throw new Error(
      `tar could not unpack it (exit code ${extracted.code}): ${oneLine(extracted.stderr.trim())}`
    );
}

// src/cache/service.ts
var import_node_crypto3 = __toESM(require_node_crypto(), 1);
var CACHE_SERVICE = "twirp/github.actions.results.api.v1.CacheService/";
function cacheServiceOf(env) {
  const token = env.ACTIONS_RUNTIME_TOKEN ?? "";
  if (env.ACTIONS_CACHE_SERVICE_V2)
    return env.ACTIONS_RESULTS_URL ? { protocol: "v2", url: env.ACTIONS_RESULTS_URL, token } : void 0;
  const url = env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL;
  return url ? { protocol: "v1", url, token } : void 0;
}
function cacheVersion(paths, compression) {
  return (0, import_node_crypto3.createHash)("sha256").update([...paths, compression, "1.0"].join("|")).digest("hex");
}
async function compressionMethod() {
  const zstd = await run("zstd", ["--quiet", "--version"]).catch(() => void 0);
  return zstd?.code === 0 && zstd.stdout.trim() ? "zstd-without-long" : "gzip";
}
var methodUrl = (service, method) => new URL(`${CACHE_SERVICE}${method}`, service.url).href;
async function call(service, method, body, timeoutMs) {
  const url = methodUrl(service, method);
  const response = await request(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${service.token}` },
    body: JSON.stringify(body),
    timeouts: { connectMs: timeoutMs, idleMs: timeoutMs, totalMs: timeoutMs }
  });
  return { url, status: response.status, text: await readText(response.body) };
}
async function cacheServiceProblem(service) {
  if (service?.protocol !== "v2") return void 0;
  try {
    const probe = { key: "go-mini-action-probe", restore_keys: [], version: "0".repeat(64) };
    const answer = await call(service, "GetCacheEntryDownloadURL", probe, 1e4);
    return answer.status >= 500 ? `${answer.url} answered HTTP ${answer.status}` : void 0;
  } catch (error) {
    const url = methodUrl(service, "GetCacheEntryDownloadURL");
    return `${url} did not answer (${error instanceof HttpFailure ? error.code ?? error.message : messageOf(error)})`;
  }
}
async function findEntry(service, lookup) {
  return service.protocol === "v2" ? findV2(service, lookup) : findV1(service, lookup);
}
function parsed(text) {
  try {
    const value = JSON.parse(text);
    if (value && typeof value === "object") return value;
  } catch {
  }
  throw new Error("the cache service answered something other than a JSON object");
}
function foundOf(matchedKey, downloadUrl) {
  if (typeof matchedKey !== "string" || typeof downloadUrl !== "string")
    throw new Error("the cache service answered a hit without a key or a download URL");
  return { matchedKey, downloadUrl };
}
async function findV2(service, lookup) {
  const body = { key: lookup.key, restore_keys: lookup.restoreKeys, version: lookup.version };
  const answer = await call(service, "GetCacheEntryDownloadURL", body, 3e4);
  if (answer.status !== 200) throw new Error(`the cache service answered HTTP ${answer.status}`);
  const found = parsed(answer.text);
  if (found.ok !== true) return void 0;
  return foundOf(found.matched_key ?? found.matchedKey, found.signed_download_url ?? found.signedDownloadUrl);
}
async function findV1(service, lookup) {
  const keys = encodeURIComponent([lookup.key, ...lookup.restoreKeys].join(","));
  const url = `${service.url}_apis/artifactcache/cache?keys=${keys}&version=${lookup.version}`;
  const response = await request(url, {
    headers: {
      accept: "application/json;api-version=6.0-preview.1",
      authorization: `Bearer ${service.token}`
    },
    timeouts: { connectMs: 3e4, idleMs: 3e4, totalMs: 3e4 }
  });
  const text = await readText(response.body);
  if (response.status === 204) return void 0;
  if (response.status !== 200) throw new Error(`the cache service answered HTTP ${response.status}`);
  const found = parsed(text);
  return foundOf(found.cacheKey, found.archiveLocation);
}

// src/cache/restore.ts
var MAX_DOWNLOAD = 10 * 1024 ** 3;
async function download(url, file, compression) {
  const signature = new URL(url).searchParams.get("sig");
  if (signature) setSecret(signature);
  const policy = { ...DEFAULT_RETRY, timeouts: { totalMs: 60 * 6e4 } };
  try {
    await downloadTo(url, () => plainTarTo(file, compression), {}, policy, MAX_DOWNLOAD);
    return void 0;
  } catch (error) {
    if (error instanceof Error && error.cause instanceof ArchiveTooLarge) return error.cause.message;
    throw error;
  }
}
async function fetchChecked(url, request2, context) {
  const dir = await (0, import_promises3.mkdtemp)((0, import_node_path3.join)(context.tempDir, "go-mini-cache-"));
  try {
    const file = (0, import_node_path3.join)(dir, "cache.tar");
    const tooLarge = await download(url, file, context.compression);
    if (tooLarge) return { refused: tooLarge };
    const members = await listArchive(file);
    const refused = archiveProblem(members, { workspace: context.workspace, folder: request2.path });
    if (refused) return { refused };
    await makeWritable(request2.path);
    await extractArchive(file, context.workspace);
    return { bytes: members.reduce((sum, member) => sum + member.size, 0) };
  } finally {
    await (0, import_promises3.rm)(dir, { recursive: true, force: true });
  }
}
async function restoreChecked(request2, context) {
  const { name, key, restoreKeys, fallback } = request2;
  try {
    const version = cacheVersion([request2.path], context.compression);
    const found = await findEntry(context.service, { key, restoreKeys, version });
    if (!found) return { matchedKey: "" };
    if (!fallback && found.matchedKey !== key) return { matchedKey: "", ignored: found.matchedKey };
    const fetched = await fetchChecked(found.downloadUrl, request2, context);
    if ("bytes" in fetched) return { matchedKey: found.matchedKey, bytes: fetched.bytes };
    const { refused } = fetched;
    warning(
      `${name} cache: the entry ${oneLine(found.matchedKey)} was not restored: ${oneLine(refused)}. Nothing of it was written; building as from an empty cache, and nothing is saved over it.`
    );
    return { matchedKey: "", refused };
  } catch (error) {
    warning(`Could not restore the ${name} cache: ${oneLine(messageOf(error))}`);
    return { matchedKey: "" };
  }
}

// src/cache/caches.ts
function rooted(base, pattern) {
  const negated = pattern.startsWith("!");
  const body = negated ? pattern.slice(1) : pattern;
  return `${negated ? "!" : ""}${(0, import_node_path4.isAbsolute)(body) ? body : (0, import_node_path4.join)(base, body)}`;
}
async function hashOf(patterns, workspace) {
  return (await hashFiles(patterns.join("\n"), workspace, { followSymbolicLinks: false })).slice(0, 16);
}
var toolkit = () => import("./cache-3HUKIVHM.js");
function saveKeyOf(goCache) {
  const { key, matchedKey } = goCache;
  if (matchedKey === key || matchedKey === fallbackKey(key)) return void 0;
  return matchedKey ? fallbackKey(key) : key;
}
function describeCache(goCache) {
  const { name, matchedKey, ignored, refused } = goCache;
  const key = oneLine(goCache.key);
  if (refused) return `${name} cache: miss (${key}; the entry found was refused, see the warning)`;
  if (ignored)
    return `${name} cache: miss (${key}; the service offered ${oneLine(ignored)}, which is not the exact key: not used without cache-fallback)`;
  if (!matchedKey) return `${name} cache: miss (${key})`;
  if (matchedKey === goCache.key)
    return `${name} cache: exact hit${goCache.onRunner ? ", already on this runner" : ""} (${key})`;
  const saves = saveKeyOf(goCache);
  return `${name} cache: restored from ${oneLine(matchedKey)} (restore-key; ${saves ? `will save ${oneLine(saves)}, which only cache-fallback runs restore` : "nothing new to save"})`;
}
function cacheOff(request2, tag) {
  if (!request2.enabled) {
    info("Caching is off (cache: false)");
    return "cache: false";
  }
  if (tag && !request2.onTags) {
    info(
      `Building the tag ${tag}: caches are neither restored nor saved (cache-on-tags: false). Any workflow of this repository can write a cache entry, one that runs a pull request's code included, and Go trusts its caches.`
    );
    return `a tag build (${tag}) with cache-on-tags: false`;
  }
  return void 0;
}
async function serviceUnusable(service) {
  if (!service) {
    info("The Actions cache service is not available to this job: caches are neither restored nor saved");
    return "the Actions cache service is not available to this job";
  }
  const problem = await cacheServiceProblem(service);
  if (problem) {
    warning(
      `The Actions cache service is failing: ${problem}. Building without caches; nothing will be saved.`
    );
    return `the Actions cache service is failing: ${problem}`;
  }
  return void 0;
}
async function keyRequest(request2, targets, goVersion, runner) {
  const { workspace, env } = runner;
  const dependencyPatterns = request2.dependencyPath.length ? request2.dependencyPath.map((p) => rooted(workspace, p)) : [rooted(targets.workingDirectory, "**/go.sum")];
  return {
    prefix: request2.keyPrefix,
    os: env.RUNNER_OS || "Linux",
    arch: env.RUNNER_ARCH || process.arch,
    goVersion: goVersion.replace(/^go/, ""),
    // A module without dependencies has no go.sum: its go.mod stands for them.
    dependencyHash: await hashOf(dependencyPatterns, workspace) || await hashOf([rooted(targets.workingDirectory, "**/go.mod")], workspace),
    fallback: request2.fallback,
    jobs: targets.jobs
  };
}
async function download2(c, fallback, context) {
  const outcome = await restoreChecked({ ...c, fallback }, context);
  return { ...c, ...outcome, save: c.save && !outcome.refused };
}
async function checkFolders(planned, readBeside) {
  const records = await Promise.all(planned.map((c) => recordOf(c.path, c.key)));
  const reading = readBeside && records.every(Boolean) ? readBeside().catch(() => void 0) : void 0;
  const onRunner = await Promise.all(planned.map((c, i) => folderHolds(c.path, c.key, records[i])));
  const read = await reading;
  return { onRunner, read: onRunner.every((bytes) => bytes !== void 0) ? read : void 0 };
}
async function restoreGoCaches(request2, targets, go, runner, tag, readBeside) {
  const off = cacheOff(request2, tag);
  if (off) return { caches: [], unused: off };
  const keys = await keyRequest(request2, targets, go.version, runner);
  const planned = [
    {
      name: "modules",
      path: go.gomodcache,
      ...modulesCacheKey(keys),
      save: savesModules(request2.saveModules, targets.platforms, request2.matrixLeg)
    },
    { name: "build", path: go.gocache, ...buildCacheKey(keys), save: true }
  ];
  const { onRunner, read } = await checkFolders(planned, readBeside);
  const allOnRunner = onRunner.every((bytes) => bytes !== void 0);
  const service = cacheServiceOf(runner.env);
  const unused = allOnRunner ? void 0 : await serviceUnusable(service);
  if (unused) return { caches: [], unused };
  const context = service && !allOnRunner && {
    service,
    compression: await compressionMethod(),
    workspace: runner.workspace,
    tempDir: runner.temp
  };
  const restored = await Promise.all(
    planned.map(
      (c, i) => onRunner[i] !== void 0 || !context ? Promise.resolve({ ...c, matchedKey: c.key, onRunner: true, bytes: onRunner[i] }) : download2(c, request2.fallback, context)
    )
  );
  for (const c of restored) info(describeCache(c));
  return { caches: restored, read };
}
async function saveOne(c, service) {
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
    if (c.name === "modules" && service && await savedMeanwhile(service, c.path, key)) {
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
  const service = cacheServiceOf(env);
  for (const c of caches)
    if (await saveOne(c, service) && keepsFolders(env)) await recordFolder(c.path, c.key, true);
}
async function savedMeanwhile(service, path, key) {
  const version = cacheVersion([path], await compressionMethod());
  return (await findEntry(service, { key, restoreKeys: [], version }))?.matchedKey === key;
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
  const task = (name, started, seconds2) => {
    const from = Math.max(0, Math.round(started - zero));
    return `    ${taskName(name)} : ${from}, ${from + Math.max(1, Math.round(seconds2 * 1e3))}`;
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
  onCancel,
  handleCancellation,
  require_promises,
  HttpFailure,
  isLoopbackHost,
  request,
  getFromSocket,
  readText,
  fetchJson,
  downloadFile,
  printUntrusted,
  run,
  checked,
  runChecked,
  restoreGoCaches,
  recordHeldFolders,
  saveGoCaches,
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
