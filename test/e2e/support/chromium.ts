// Which Chromium the browser tests drive, and how the harness provides one on a fresh machine.
//
// Order: `EDGEBOOK_CHROMIUM` or `CHROME_PATH` when set (a missing file there is an error, never
// a silent fallback); else a Chromium or Chrome of the system (Linux: on the PATH or in
// /usr/bin; macOS: /Applications; Windows: Program Files or the user's local Chrome); else, on
// Linux as root with apt-get, Debian's `chromium` package is installed (said on stderr). A
// browser download (`playwright install`) is never used.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { userInfo } from 'node:os'
import { posix, win32 } from 'node:path'

/** What the harness sees of the machine; tests pass their own. */
export type Machine = {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  isRoot: boolean
  exists: (path: string) => boolean
  /** Where apt-get is (Debian: /usr/bin/apt-get). */
  aptGet: string
}

export function thisMachine(): Machine {
  return {
    env: process.env,
    platform: process.platform,
    isRoot: process.platform !== 'win32' && userInfo().uid === 0,
    exists: existsSync,
    aptGet: '/usr/bin/apt-get',
  }
}

export type ChromiumPlan =
  | { kind: 'found'; path: string; description: string }
  | { kind: 'apt-get'; description: string }
  | { kind: 'missing'; reason: string }

const LINUX_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'chrome',
]

function candidates(machine: Machine): string[] {
  const { env, platform } = machine
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
    ]
    const roots = ['/Applications', ...(env.HOME ? [posix.join(env.HOME, 'Applications')] : [])]
    return roots.flatMap((root) => apps.map((app) => posix.join(root, app)))
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
      (root): root is string => Boolean(root),
    )
    return roots.flatMap((root) => [
      win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      win32.join(root, 'Chromium', 'Application', 'chrome.exe'),
    ])
  }
  const dirs = [...(env.PATH ?? '').split(':').filter(Boolean), '/usr/bin', '/snap/bin']
  return [...new Set(LINUX_NAMES.flatMap((name) => dirs.map((dir) => posix.join(dir, name))))]
}

/** Decides where Chromium comes from on `machine`, without changing anything. */
export function planChromium(machine: Machine = thisMachine()): ChromiumPlan {
  for (const variable of ['EDGEBOOK_CHROMIUM', 'CHROME_PATH'] as const) {
    const path = machine.env[variable]?.trim()
    if (!path) continue
    return machine.exists(path)
      ? { kind: 'found', path, description: `${path} (${variable})` }
      : { kind: 'missing', reason: `${variable}=${path} names no file` }
  }
  const system = candidates(machine).find((path) => machine.exists(path))
  if (system) return { kind: 'found', path: system, description: `${system} (system)` }
  if (machine.platform === 'linux' && machine.isRoot && machine.exists(machine.aptGet)) {
    return {
      kind: 'apt-get',
      description:
        "no Chromium or Chrome found; installing Debian's chromium with apt-get (as root)",
    }
  }
  const how =
    machine.platform === 'darwin' || machine.platform === 'win32'
      ? 'install Google Chrome'
      : 'install Chromium (Debian: `apt-get install chromium`, which the harness does itself as root)'
  return {
    kind: 'missing',
    reason:
      `no Chromium or Chrome found (looked for ${machine.platform === 'linux' ? LINUX_NAMES.join(', ') + ' on the PATH' : 'a local Chrome'}): ` +
      `${how}, or set EDGEBOOK_CHROMIUM (or CHROME_PATH) to a binary, or EDGEBOOK_SKIP_BROWSER=1 to skip the browser tests`,
  }
}

function aptGet(machine: Machine, args: string[]): void {
  const result = spawnSync(machine.aptGet, ['-o', 'DPkg::Lock::Timeout=600', ...args], {
    env: { ...machine.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 2, 2], // apt's progress goes to stderr with the rest of the harness's notes
  })
  if (result.status !== 0) {
    throw new Error(
      `apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}); ` +
        'install Chromium by hand or set EDGEBOOK_CHROMIUM',
    )
  }
}

/**
 * The Chromium to drive: found, or installed with apt-get when the plan says so (saying so on
 * stderr). Throws with what to install when there is none.
 */
export function ensureChromium(
  machine: Machine = thisMachine(),
  log: (line: string) => void = (line) => process.stderr.write(`chromium: ${line}\n`),
): string {
  const plan = planChromium(machine)
  if (plan.kind === 'found') return plan.path
  if (plan.kind === 'missing') throw new Error(`Cannot run the browser tests: ${plan.reason}`)
  log(plan.description)
  aptGet(machine, ['update', '-qq'])
  aptGet(machine, ['install', '-y', '-qq', '--no-install-recommends', 'chromium'])
  const after = planChromium(machine)
  if (after.kind !== 'found') {
    throw new Error('apt-get installed chromium but no Chromium binary was found afterwards')
  }
  log(`installed ${after.path}`)
  return after.path
}
