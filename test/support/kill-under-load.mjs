#!/usr/bin/env node
// The kill suites (test/**/kill*.test.ts) under load: starts test/support/cpu-hog.mjs to keep
// every core busy, runs the suites `--runs N` times in a row (default 1), stops the hog, and
// exits non-zero at the first failing run. `npm test` runs it once after the main suite.
//   node test/support/kill-under-load.mjs [--runs N] [vitest filters…]
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const args = process.argv.slice(2)
const at = args.indexOf('--runs')
const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 1
const filters = args.length > 0 ? args : ['kill']

function run(command, argv, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, argv, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

const hog = spawn(
  process.execPath,
  [join(root, 'test', 'support', 'cpu-hog.mjs'), '--seconds', '5400'],
  {
    stdio: 'inherit',
  },
)
const stopHog = () => hog.kill('SIGKILL')
process.on('exit', stopHog)
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130))

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
const started = Date.now()
let failed = 0
for (let i = 1; i <= runs && failed === 0; i++) {
  console.log(`kill-under-load: run ${i} of ${runs}, CPU hog on every core`)
  const code = await run(
    process.execPath,
    [vitest, 'run', '-c', 'test/vitest.config.ts', ...filters],
    { EDGEBOOK_TEST_SUITE: 'kill' },
  )
  if (code !== 0) failed = i
}
stopHog()
const seconds = Math.round((Date.now() - started) / 1000)
if (failed) {
  console.log(`kill-under-load: run ${failed} of ${runs} failed (${seconds}s)`)
  process.exit(1)
}
console.log(`kill-under-load: ${runs} of ${runs} runs passed under load (${seconds}s)`)
