// The workspace the input tests read: a module in app/ whose main package is app/cmd/server, a
// .go-version beside it, and a folder nomod/ without a go.mod.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function makeWorkspace(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'workspace-'))
  mkdirSync(join(workspace, 'app', 'cmd', 'server'), { recursive: true })
  writeFileSync(join(workspace, 'app', 'go.mod'), 'module example.com/app\n\ngo 1.24\n')
  writeFileSync(join(workspace, '.go-version'), '1.24.4\n')
  mkdirSync(join(workspace, 'nomod'))
  return workspace
}
