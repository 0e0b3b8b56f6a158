#!/usr/bin/env node
// Launcher for `npx edgebook`: runs the built command line, out/main/cli.js, in this process.
// `npm install` builds it (the `prepare` script); when a source is newer than the bundle this
// launcher says so on stderr and rebuilds it first, so the command line never lags behind the
// code. Only when that build fails does it run the TypeScript sources through tsx (slower), and
// it says that too. Plain JavaScript, so it runs before anything is built.
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { CLI_TARGET, ROOT, ensureFresh } from './build.mjs'

const { error } = ensureFresh(CLI_TARGET, {
  say: (why) => process.stderr.write(`edgebook: rebuilding the command line (${why})…\n`),
})

if (error === null) {
  // The bundle runs `main(process.argv.slice(2))` and sets the exit code.
  await import(pathToFileURL(join(ROOT, 'out', 'main', 'cli.js')).href)
} else {
  process.stderr.write(
    `edgebook: the command line could not be rebuilt (${error}); ` +
      'running it from the TypeScript sources through tsx instead, which is slower.\n',
  )
  const { spawnSync } = await import('node:child_process')
  const { createRequire } = await import('node:module')
  let tsx
  try {
    tsx = createRequire(import.meta.url).resolve('tsx')
  } catch {
    process.stderr.write('edgebook: tsx is not installed either: run `npm install`.\n')
    process.exit(1)
  }
  const entry = join(ROOT, 'electron', 'cli', 'index.ts')
  // Worker threads inherit the loader via execArgv.
  const result = spawnSync(
    process.execPath,
    ['--import', tsx, '--no-warnings=ExperimentalWarning', entry, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  )
  process.exit(result.status ?? (result.signal ? 128 : 1))
}
