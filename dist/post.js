import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  loadState,
  readRunner,
  saveGoCaches,
  writeSummary
} from "./chunks/chunk-DX4OGUF2.js";
import "./chunks/chunk-VHOFUGSZ.js";
import {
  group,
  info,
  warning
} from "./chunks/chunk-6KV3L6JA.js";
import {
  inert,
  messageOf
} from "./chunks/chunk-LPTFIF5G.js";
import "./chunks/chunk-HANBNIMK.js";

// src/post.ts
import { rm } from "node:fs/promises";
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
    await rm(contextDir, { recursive: true, force: true });
    info(`Removed the build context ${contextDir}`);
  }
}

// src/entries/post.ts
post().catch((error) => warning(`post step: ${inert(messageOf(error))}`));
