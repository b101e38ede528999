import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  loadState,
  readRunner,
  require_promises,
  saveGoCaches,
  writeSummary
} from "./chunks/chunk-CW5RY7EE.js";
import "./chunks/chunk-MTF2CZ77.js";
import {
  group,
  info,
  warning
} from "./chunks/chunk-XAVSDUDU.js";
import {
  inert,
  messageOf
} from "./chunks/chunk-LPTFIF5G.js";
import {
  __toESM
} from "./chunks/chunk-HANBNIMK.js";

// src/post.ts
var import_promises = __toESM(require_promises(), 1);
async function post() {
  const { env } = readRunner();
  const { contextDir, caches } = loadState();
  if (caches?.length) {
    const started = Date.now();
    await group("Save Go caches", () => saveGoCaches(caches, env));
    const seconds = ((Date.now() - started) / 1e3).toFixed(1);
    info(`Saving the Go caches took ${seconds} s`);
    await writeSummary(`Post step: saving the Go caches took ${seconds} s.
`, env);
  }
  if (contextDir) {
    await (0, import_promises.rm)(contextDir, { recursive: true, force: true });
    info(`Removed the build context ${contextDir}`);
  }
}

// src/entries/post.ts
post().catch((error) => warning(`post step: ${inert(messageOf(error))}`));
