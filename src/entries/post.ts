// Entry point of the action's post step (action.yml runs.post → dist/post.js). A failing post step
// never fails the job: the image is already built.
import * as core from '@actions/core'
import { post } from '../post.js'
import { messageOf } from '../errors.js'
import { inert } from '../untrusted.js'

post().catch((error: unknown) => core.warning(`post step: ${inert(messageOf(error))}`))
