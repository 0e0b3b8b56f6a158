#!/usr/bin/env node
// Keeps out/ in step with the sources, for the launchers (`edgebook.mjs`, `start.mjs`) and for
// `npm install` (the `prepare` script runs this file). Plain JavaScript so it runs before anything
// is built, and cheap when nothing changed: a build is stale when a source file or folder is newer
// than the oldest of its outputs (one stat per entry, a few milliseconds). Builds never need the
// Electron binary, only the electron-vite package.
import { spawnSync } from 'node:child_process'
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * What the command line runs (`out/main/cli.js` and the engine worker it starts) and what it is
 * built from. package-lock.json is a source: dependencies such as drizzle-orm are bundled in.
 */
export const CLI_TARGET = {
  outputs: ['out/main/cli.js', 'out/main/engine.js'],
  sources: ['electron', 'db', 'electron.vite.config.ts', 'package.json', 'package-lock.json'],
}

/** What the app runs: every bundle, the preload and the renderer. */
export const APP_TARGET = {
  outputs: [
    'out/main/index.js',
    'out/main/web.js',
    'out/main/host.js',
    'out/main/cli.js',
    'out/main/engine.js',
    'out/preload/index.cjs',
    'out/renderer/index.html',
  ],
  sources: [...CLI_TARGET.sources, 'renderer'],
}

/** The newest mtime of a file, or of a folder and everything in it (folders count: a deletion). */
export function newestMtime(path) {
  let info
  try {
    info = statSync(path)
  } catch {
    return { mtimeMs: 0, path }
  }
  let newest = { mtimeMs: info.mtimeMs, path }
  if (!info.isDirectory()) return newest
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const inner = newestMtime(join(path, entry.name))
    if (inner.mtimeMs > newest.mtimeMs) newest = inner
  }
  return newest
}

/**
 * Whether a target's outputs are missing or older than a source. Returns null when fresh, else
 * the reason in words (`electron/cli/args.ts changed since the last build`).
 */
export function staleness(target, root = ROOT) {
  let oldest = Infinity
  for (const out of target.outputs) {
    let mtimeMs
    try {
      mtimeMs = statSync(join(root, out)).mtimeMs
    } catch {
      return `${out} is missing`
    }
    oldest = Math.min(oldest, mtimeMs)
  }
  let newest = { mtimeMs: 0, path: root }
  for (const source of target.sources) {
    const candidate = newestMtime(join(root, source))
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate
  }
  if (newest.mtimeMs <= oldest) return null
  return `${relative(root, newest.path).split('\\').join('/')} changed since the last build`
}

function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return err.code === 'EPERM'
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

/**
 * Runs `fn` holding out/.build-lock, so two launchers never build into out/ at once. The lock is
 * a folder (created atomically) naming its holder's pid; a holder that died leaves it behind and
 * the next builder takes it over.
 */
export function withBuildLock(fn, root = ROOT, log = (line) => process.stderr.write(line)) {
  const lock = join(root, 'out', '.build-lock')
  const pidFile = join(lock, 'pid')
  mkdirSync(join(root, 'out'), { recursive: true })
  let told = false
  for (;;) {
    try {
      mkdirSync(lock)
      writeFileSync(pidFile, String(process.pid))
      break
    } catch (err) {
      if (err.code !== 'EEXIST') throw err
    }
    let holder = NaN
    try {
      holder = Number(readFileSync(pidFile, 'utf8'))
    } catch {
      // Just created, the pid not written yet; or left empty by a holder killed in between.
    }
    const ageMs = (() => {
      try {
        return Date.now() - statSync(lock).mtimeMs
      } catch {
        return 0
      }
    })()
    if ((Number.isInteger(holder) && !isAlive(holder)) || (!holder && ageMs > 10_000)) {
      rmSync(lock, { recursive: true, force: true })
      continue
    }
    if (!told) {
      log(`Waiting for another build of Edgebook${holder ? ` (pid ${holder})` : ''}…\n`)
      told = true
    }
    sleep(200)
  }
  try {
    return fn()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

const NO_BUILD_TOOLS = 'electron-vite is not installed (run `npm install`)'

/**
 * Builds out/ (electron-vite: main, preload, renderer) and, when the migrations changed, the
 * first-run database template. Build output goes to stderr, so stdout stays clean for `--json`.
 * Returns null on success, else why it failed.
 */
export function build(root = ROOT) {
  const require = createRequire(join(root, 'package.json'))
  let bin
  try {
    bin = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')
  } catch {
    return NO_BUILD_TOOLS
  }
  const result = spawnSync(process.execPath, [bin, 'build'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  })
  if (result.status !== 0) return 'electron-vite build failed (see above)'
  // The first-run database template (db/template.ts) for the current migrations; without it a
  // first run is only slower. Built when the migrations are newer than every template.
  const migrations = newestMtime(join(root, 'db', 'migrations')).mtimeMs
  const templates = newestMtime(join(root, 'out', 'db-template')).mtimeMs
  if (migrations > templates || templates === 0) {
    let tsx
    try {
      tsx = require.resolve('tsx')
    } catch {
      process.stderr.write('tsx is not installed: the database template was not built.\n')
      return null
    }
    const template = spawnSync(
      process.execPath,
      ['--import', tsx, join(root, 'db', 'template-build.ts')],
      { cwd: root, stdio: ['ignore', 2, 2] },
    )
    if (template.status !== 0) process.stderr.write('The database template was not built.\n')
  }
  return null
}

/**
 * Builds a target when it is stale, under the build lock (a launcher that waited for another's
 * build finds it fresh and builds nothing). Returns `{ built, reason, error }`.
 */
export function ensureFresh(target, { root = ROOT, say } = {}) {
  const reason = staleness(target, root)
  if (reason === null) return { built: false, reason: null, error: null }
  return withBuildLock(() => {
    const still = staleness(target, root)
    if (still === null) return { built: false, reason, error: null }
    say?.(still)
    const error = build(root)
    return { built: error === null, reason: still, error }
  }, root)
}

// `node electron/cli/build.mjs` (the `prepare` script of `npm install` and `npm ci`): brings the
// whole app's build up to date.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { error } = ensureFresh(APP_TARGET, {
    say: (why) => process.stderr.write(`Building Edgebook (${why})…\n`),
  })
  if (error === NO_BUILD_TOOLS) {
    // An install without devDependencies (`npm ci --omit=dev`) has nothing to build with.
    process.stderr.write(`Edgebook was not built: ${error}.\n`)
  } else if (error) {
    process.stderr.write(`Edgebook was not built: ${error}.\n`)
    process.exit(1)
  }
}
