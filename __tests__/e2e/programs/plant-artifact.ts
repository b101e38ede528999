// A job's upload of one file as an artifact of the run its token names (ACTIONS_RUNTIME_TOKEN,
// ACTIONS_RESULTS_URL in the environment): another job of the same run, or, with another run's token,
// a job of another workflow trying to write into this one.
//   npx tsx plant-artifact.ts <file>   (the artifact is named after the file)
import { DefaultArtifactClient } from '@actions/artifact'
import { basename, dirname } from 'node:path'

const [file] = process.argv.slice(2)
await new DefaultArtifactClient().uploadArtifact(basename(file), [file], dirname(file), { skipArchive: true })
console.log(`planted ${basename(file)}`)
