#!/usr/bin/env node
// `npm start` / `npm run web`: builds when the sources are newer than out/, then opens the
// desktop app, or browser mode where no Electron binary can run (servers, CI, a blocked
// download). Plain JavaScript so it runs before anything is built. Never a stack trace.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const require = createRequire(import.meta.url)

const OUTPUTS = [
  'out/main/index.js',
  'out/main/web.js',
  'out/main/host.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
]
const SOURCES = ['electron', 'renderer', 'db', 'electron.vite.config.ts', 'package.json']

function newestMtime(path) {
  let info
  try {
    info = statSync(path)
  } catch {
    return 0
  }
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    newest = Math.max(newest, newestMtime(join(path, entry.name)))
  }
  return newest
}

function needsBuild() {
  let oldestOutput = Infinity
  for (const out of OUTPUTS) {
    const path = join(root, out)
    if (!existsSync(path)) return true
    oldestOutput = Math.min(oldestOutput, statSync(path).mtimeMs)
  }
  const newestSource = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))))
  return newestSource > oldestOutput
}

function build() {
  process.stderr.write('Building Edgebook (sources changed since the last build)…\n')
  let bin
  try {
    bin = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')
  } catch {
    process.stderr.write('electron-vite is not installed: run `npm install` first.\n')
    process.exit(1)
  }
  // Build chatter goes to stderr: stdout stays clean for `--json` consumers.
  const result = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio: ['ignore', 2, 2] })
  if (result.status !== 0) {
    process.stderr.write('The build failed (see above); Edgebook was not started.\n')
    process.exit(result.status ?? 1)
  }
  // The first-run database template (db/template.ts); without it a first run is only slower.
  const template = spawnSync(
    process.execPath,
    ['--import', require.resolve('tsx'), join(root, 'db', 'template-build.ts')],
    { cwd: root, stdio: ['ignore', 2, 2] },
  )
  if (template.status !== 0) process.stderr.write('The database template was not built.\n')
}

/**
 * The Electron binary if one can actually run here, else the reason it cannot. `require('electron')`
 * is not used: when the binary is missing it starts a download, which must not happen at launch.
 */
function findElectron() {
  let pkgDir
  try {
    pkgDir = dirname(require.resolve('electron/package.json'))
  } catch {
    return { reason: 'the electron package is not installed' }
  }
  const pathFile = join(pkgDir, 'path.txt')
  if (!existsSync(pathFile)) return { reason: 'its binary was never downloaded' }
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, readFileSync(pathFile, 'utf8'))
    : join(pkgDir, 'dist', readFileSync(pathFile, 'utf8'))
  if (!existsSync(binary)) return { reason: `its binary is missing (${binary})` }
  const probe = spawnSync(binary, ['--version'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    timeout: 20_000,
    encoding: 'utf8',
  })
  if (probe.status !== 0) {
    const why =
      probe.error?.message ?? probe.stderr?.trim().split('\n')[0] ?? 'it exited with an error'
    return { reason: `its binary does not run here (${why})` }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display to open a window on' }
  }
  return { binary }
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' })
  const forward = (signal) => () => child.kill(signal)
  process.on('SIGINT', forward('SIGINT'))
  process.on('SIGTERM', forward('SIGTERM'))
  child.on('error', (err) => {
    process.stderr.write(`Could not start ${command}: ${err.message}\n`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
}

const args = process.argv.slice(2)
const isWeb = args.includes('--web')
const passThrough = args.filter((a) => a !== '--web' && a !== '--build-only')

if (needsBuild()) build()
// Tests and scripts use `--build-only` to get an up-to-date out/ without starting anything.
if (args.includes('--build-only')) process.exit(0)

if (isWeb) {
  run(process.execPath, [join(root, 'out/main/web.js'), ...passThrough])
} else {
  const electron = findElectron()
  if (electron.binary) {
    run(electron.binary, [root, ...passThrough])
  } else {
    process.stderr.write(
      `No Electron binary can run on this machine: ${electron.reason}. ` +
        'Edgebook is starting in browser mode instead: the same app, served to your browser from ' +
        '127.0.0.1 with a per-launch access token (use `npm run web` to go there directly, or ' +
        'install Electron with `npx install-electron` where downloads are allowed).\n\n',
    )
    run(process.execPath, [join(root, 'out/main/web.js'), ...passThrough])
  }
}
