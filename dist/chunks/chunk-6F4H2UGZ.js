import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  getProxyUrl,
  require_node_http,
  require_node_https,
  require_tunnel
} from "./chunk-4Z2ASWQO.js";
import {
  info,
  require_node_crypto,
  setFailed
} from "./chunk-XAVSDUDU.js";
import {
  messageOf,
  oneLine
} from "./chunk-LPTFIF5G.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-HANBNIMK.js";

// builtin:node:child_process
var require_node_child_process = __commonJS({
  "builtin:node:child_process"(exports, module) {
    module.exports = __require("node:child_process");
  }
});

// src/cache/service.ts
var import_node_crypto2 = __toESM(require_node_crypto(), 1);

// src/exec.ts
var import_node_child_process = __toESM(require_node_child_process(), 1);
var import_node_crypto = __toESM(require_node_crypto(), 1);

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

// src/exec.ts
function commandsOff(write = info) {
  const token = (0, import_node_crypto.randomUUID)();
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
  return new Promise((resolve, reject) => {
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
      resolve({ url: url.href, status, statusText, headers, body: res });
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
  return new Promise((resolve, reject) => {
    const req = (0, import_node_http.request)({ socketPath, path, headers: { host: "localhost" } }, (response) => {
      readText(response).then((text) => resolve({ status: response.statusCode ?? 0, text }), reject);
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

// src/cache/service.ts
var CACHE_SERVICE = "twirp/github.actions.results.api.v1.CacheService/";
function cacheServiceOf(env) {
  const token = env.ACTIONS_RUNTIME_TOKEN ?? "";
  if (env.ACTIONS_CACHE_SERVICE_V2)
    return env.ACTIONS_RESULTS_URL ? { protocol: "v2", url: env.ACTIONS_RESULTS_URL, token } : void 0;
  const url = env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL;
  return url ? { protocol: "v1", url, token } : void 0;
}
function cacheVersion(paths, compression) {
  return (0, import_node_crypto2.createHash)("sha256").update([...paths, compression, "1.0"].join("|")).digest("hex");
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

export {
  onCancel,
  handleCancellation,
  printUntrusted,
  run,
  checked,
  runChecked,
  HttpFailure,
  request,
  getFromSocket,
  readText,
  cacheServiceOf,
  cacheVersion,
  compressionMethod,
  cacheServiceProblem,
  findEntry
};
