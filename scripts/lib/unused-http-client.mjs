// What the bundle gives @actions/core (getIDToken) and @actions/tool-cache (downloadTool) in place of
// @actions/http-client: the action calls neither, so its undici is not parsed at every start (see
// scripts/bundle.mjs). Anything that did construct one fails, naming why.
/** @param {string} name */
const unused = name =>
  class {
    constructor() {
      throw new Error(
        `${name} of @actions/http-client is not bundled for @actions/core or @actions/tool-cache`
      )
    }
  }

export const HttpClient = unused('HttpClient')
export const BearerCredentialHandler = unused('BearerCredentialHandler')
