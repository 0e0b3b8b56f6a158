#!/usr/bin/env node
// Launcher for `npx edgebook`: runs the CLI from its TypeScript source through tsx, so the
// command line never lags behind the code. Worker threads inherit the loader via execArgv.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const entry = fileURLToPath(new URL('./index.ts', import.meta.url))
const tsx = require.resolve('tsx')
const result = spawnSync(
  process.execPath,
  ['--import', tsx, '--no-warnings=ExperimentalWarning', entry, ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
process.exit(result.status ?? (result.signal ? 128 : 1))
