import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-HANBNIMK.js";

// builtin:node:path
var require_node_path = __commonJS({
  "builtin:node:path"(exports, module) {
    module.exports = __require("node:path");
  }
});

// builtin:node:fs
var require_node_fs = __commonJS({
  "builtin:node:fs"(exports, module) {
    module.exports = __require("node:fs");
  }
});

// builtin:node:os
var require_node_os = __commonJS({
  "builtin:node:os"(exports, module) {
    module.exports = __require("node:os");
  }
});

export {
  require_node_path,
  require_node_fs,
  require_node_os
};
