import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  cacheServiceOf,
  cacheServiceProblem,
  cacheVersion,
  compressionMethod,
  findEntry
} from "./chunk-6F4H2UGZ.js";
import "./chunk-4Z2ASWQO.js";
import "./chunk-XAVSDUDU.js";
import "./chunk-LPTFIF5G.js";
import "./chunk-HANBNIMK.js";
export {
  cacheServiceOf,
  cacheServiceProblem,
  cacheVersion,
  compressionMethod,
  findEntry
};
