#!/usr/bin/env node
// `npm start` / `npm run web`: builds when the sources are newer than out/, then opens the
// desktop app, or browser mode where no Electron binary can run (servers, CI, a blocked
// download). Plain JavaScript so it runs before anything is built. Never a stack trace.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { APP_TARGET, ROOT as root, ensureFresh } from './build.mjs'

const require = createRequire(import.meta.url)

function buildIfStale() {
  const { error } = ensureFresh(APP_TARGET, {
    say: (why) => process.stderr.write(`Building Edgebook (${why})…\n`),
  })
  if (error) {
    process.stderr.write(`Edgebook was not started: ${error}.\n`)
    process.exit(1)
  }
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

buildIfStale()
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
