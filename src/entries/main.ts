// Entry point of the action's main step (action.yml runs.main → dist/main.js).
import * as core from '@actions/core'
import { handleCancellation } from '../cancel.js'
import { main } from '../main.js'
import { failureOf, failureText } from '../errors.js'

handleCancellation()
main().catch((error: unknown) => core.setFailed(failureText(failureOf(error))))
