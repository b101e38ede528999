import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-HANBNIMK.js";

// builtin:stream
var require_stream = __commonJS({
  "builtin:stream"(exports, module) {
    module.exports = __require("stream");
  }
});

// builtin:node:stream
var require_node_stream = __commonJS({
  "builtin:node:stream"(exports, module) {
    module.exports = __require("node:stream");
  }
});

// builtin:node:zlib
var require_node_zlib = __commonJS({
  "builtin:node:zlib"(exports, module) {
    module.exports = __require("node:zlib");
  }
});

export {
  require_stream,
  require_node_zlib,
  require_node_stream
};
