// Entry point of the action's main step (action.yml runs.main → dist/main.js).
import * as core from '@actions/core'
import { handleCancellation } from '../cancel.js'
import { main } from '../main.js'

handleCancellation()
main().catch(error => core.setFailed(error instanceof Error ? error.message : String(error)))
