// The `edgebook` bin (electron/cli/edgebook.mjs): it runs the built bundle, not the TypeScript
// sources; it notices a source newer than the bundle, says so and rebuilds; when it cannot build it
// falls back to tsx and says that. The rebuilding tests work on a copy of the tree in a temporary
// folder, so they never rebuild the out/ other tests are running from.
import { execFile } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_TARGET, newestMtime, staleness } from '../../electron/cli/build.mjs'
import { commands } from '../../electron/cli/commands/index'
import { BULK_COMMANDS } from '../../electron/cli/startup'
import { ensureBuilt, repoRoot } from '../e2e/support/build'

const execFileAsync = promisify(execFile)
const TIMEOUT_MS = 180_000
const TRACE = join(import.meta.dirname, 'support', 'trace-loads.mjs')

type Outcome = { code: number; stdout: string; stderr: string; loads: string[] }

/** Runs a bin with every module load of it and its children logged. */
async function runBin(bin: string, args: string[]): Promise<Outcome> {
  const traceDir = mkdtempSync(join(tmpdir(), 'edgebook-trace-'))
  const traceFile = join(traceDir, 'loads.txt')
  writeFileSync(traceFile, '')
  const env = {
    ...process.env,
    EDGEBOOK_TRACE_LOADS: traceFile,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(TRACE).href}`,
  }
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args], {
      env,
      timeout: TIMEOUT_MS,
    })
    return { code: 0, stdout, stderr, loads: readFileSync(traceFile, 'utf8').split('\n') }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    const loads = readFileSync(traceFile, 'utf8').split('\n')
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '', loads }
  } finally {
    rmSync(traceDir, { recursive: true, force: true })
  }
}

const loadedTsx = (loads: string[]) => loads.some((url) => /\/node_modules\/tsx\//.test(url))
const loadedBundle = (loads: string[], root: string) =>
  loads.includes(pathToFileURL(join(root, 'out', 'main', 'cli.js')).href)

describe('the edgebook bin in this tree', () => {
  const bin = join(repoRoot, 'electron', 'cli', 'edgebook.mjs')
  let dataDir: string

  beforeAll(async () => {
    await ensureBuilt()
    dataDir = mkdtempSync(join(tmpdir(), 'edgebook-cli-launcher-'))
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it(
    'answers --help from the built bundle, without loading tsx',
    { timeout: TIMEOUT_MS },
    async () => {
      const out = await runBin(bin, ['--help'])
      expect(out.code, out.stderr).toBe(0)
      expect(out.stdout).toMatch(/^Usage: edgebook \[--data-dir DIR\] <command>/)
      expect(out.stdout).toContain('  info ')
      expect(loadedBundle(out.loads, repoRoot)).toBe(true)
      expect(loadedTsx(out.loads)).toBe(false)
    },
  )

  it(
    'answers info --json from the bundle, twice on one data dir',
    { timeout: TIMEOUT_MS },
    async () => {
      for (let i = 0; i < 2; i++) {
        const out = await runBin(bin, ['--data-dir', dataDir, 'info', '--json'])
        expect(out.code, out.stderr).toBe(0)
        const info = JSON.parse(out.stdout) as {
          dataDir: string
          schemaVersion: string
          totalTables: number
        }
        expect(info.dataDir).toBe(dataDir)
        expect(info.schemaVersion).toMatch(/^\d{4}_/)
        expect(info.totalTables).toBeGreaterThan(100)
        expect(loadedTsx(out.loads)).toBe(false)
      }
    },
  )

  it('lists as bulk work only commands that exist', () => {
    const paths = new Set(commands.map((c) => c.path.join(' ')))
    for (const path of BULK_COMMANDS) expect(paths, path.join(' ')).toContain(path.join(' '))
  })
})

describe('staleness', () => {
  let root: string
  const past = (seconds: number) => new Date(Date.now() - seconds * 1000)

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'edgebook-staleness-'))
    for (const file of [
      'electron/cli/index.ts',
      'electron/core/core.ts',
      'db/migrations/0000_init.sql',
      'package.json',
      'package-lock.json',
      'electron.vite.config.ts',
      'out/main/cli.js',
      'out/main/engine.js',
    ]) {
      mkdirSync(join(root, file, '..'), { recursive: true })
      writeFileSync(join(root, file), '')
    }
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  /** Sources an hour old, the bundle half an hour old. */
  function settle(): void {
    const walk = (path: string, when: Date): void => {
      if (statSync(path).isDirectory())
        for (const entry of readdirSync(path)) walk(join(path, entry), when)
      utimesSync(path, when, when)
    }
    for (const source of CLI_TARGET.sources) {
      try {
        walk(join(root, source), past(3600))
      } catch {
        // Not in this small tree.
      }
    }
    for (const out of CLI_TARGET.outputs) utimesSync(join(root, out), past(1800), past(1800))
  }

  it('is fresh when every source is older than the bundle', () => {
    settle()
    expect(staleness(CLI_TARGET, root)).toBeNull()
  })

  it('names an edited source', () => {
    settle()
    writeFileSync(join(root, 'electron/core/core.ts'), 'export {}\n')
    expect(staleness(CLI_TARGET, root)).toBe('electron/core/core.ts changed since the last build')
  })

  it('notices a new lockfile (dependencies are bundled)', () => {
    settle()
    utimesSync(join(root, 'package-lock.json'), new Date(), new Date())
    expect(staleness(CLI_TARGET, root)).toBe('package-lock.json changed since the last build')
  })

  it('notices a deleted source by its folder', () => {
    settle()
    writeFileSync(join(root, 'db/migrations/0001_gone.sql'), '')
    settle()
    unlinkSync(join(root, 'db/migrations/0001_gone.sql'))
    expect(staleness(CLI_TARGET, root)).toBe('db/migrations changed since the last build')
  })

  it('notices a missing bundle', () => {
    settle()
    rmSync(join(root, 'out/main/engine.js'))
    expect(staleness(CLI_TARGET, root)).toBe('out/main/engine.js is missing')
    writeFileSync(join(root, 'out/main/engine.js'), '')
  })

  it('reports the newest file with its path', () => {
    settle()
    const now = new Date()
    utimesSync(join(root, 'electron/cli/index.ts'), now, now)
    expect(newestMtime(join(root, 'electron')).path).toBe(join(root, 'electron/cli/index.ts'))
  })
})

/**
 * A copy of the tree the bin is built from, with its out/, in a temporary folder; node_modules
 * linked (all of it, or all but the packages named in `without`). Sources are made an hour old and
 * out/ half an hour old, so the copy starts fresh.
 */
function copyTree(without: string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), 'edgebook-tree-'))
  for (const entry of [
    'electron',
    'db',
    'renderer',
    'resources',
    'out',
    'package.json',
    'package-lock.json',
    'electron.vite.config.ts',
    'tsconfig.json',
    'test/tsconfig.json',
  ]) {
    try {
      mkdirSync(dirname(join(root, entry)), { recursive: true })
      cpSync(join(repoRoot, entry), join(root, entry), {
        recursive: true,
        filter: (src) => !src.includes(`${join('out', '.build-lock')}`),
      })
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err
    }
  }
  if (without.length === 0) {
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'junction')
  } else {
    mkdirSync(join(root, 'node_modules'))
    for (const name of readdirSync(join(repoRoot, 'node_modules'))) {
      if (without.includes(name)) continue
      symlinkSync(join(repoRoot, 'node_modules', name), join(root, 'node_modules', name))
    }
  }
  const setAll = (path: string, when: Date): void => {
    const info = statSync(path)
    if (info.isDirectory()) for (const entry of readdirSync(path)) setAll(join(path, entry), when)
    utimesSync(path, when, when)
  }
  const hourAgo = new Date(Date.now() - 3600_000)
  const halfHourAgo = new Date(Date.now() - 1800_000)
  for (const source of CLI_TARGET.sources) setAll(join(root, source), hourAgo)
  setAll(join(root, 'out'), halfHourAgo)
  return root
}

describe('the edgebook bin when the sources moved on', () => {
  const roots: string[] = []
  beforeAll(async () => {
    await ensureBuilt()
  })
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true })
  })

  it(
    'says so on stderr, rebuilds, answers from the new bundle, and builds once',
    { timeout: TIMEOUT_MS },
    async () => {
      const root = copyTree()
      roots.push(root)
      const bin = join(root, 'electron', 'cli', 'edgebook.mjs')

      const fresh = await runBin(bin, ['--help'])
      expect(fresh.code, fresh.stderr).toBe(0)
      expect(fresh.stderr).toBe('')
      expect(loadedBundle(fresh.loads, root)).toBe(true)

      // An edit the bundle does not have yet: a new command summary in the sources.
      const args = join(root, 'electron', 'cli', 'commands', 'system.ts')
      const edited = readFileSync(args, 'utf8').replace(
        "summary: 'App and schema version, data dir, tables and rows per PG schema'",
        "summary: 'Freshly rebuilt: app and schema version'",
      )
      expect(edited).toContain('Freshly rebuilt')
      writeFileSync(args, edited)

      const stale = await runBin(bin, ['--help'])
      expect(stale.code, stale.stderr).toBe(0)
      expect(stale.stderr).toContain(
        'edgebook: rebuilding the command line (electron/cli/commands/system.ts changed since the last build)',
      )
      expect(stale.stdout).toContain('Freshly rebuilt: app and schema version')
      expect(stale.stdout).not.toContain('vite') // build chatter stays off stdout
      // The build may use tsx; the command itself ran from the new bundle, not from the sources.
      expect(stale.stderr).not.toContain('could not be rebuilt')
      expect(loadedBundle(stale.loads, root)).toBe(true)
      expect(stale.loads).not.toContain(pathToFileURL(join(root, 'electron/cli/index.ts')).href)

      const again = await runBin(bin, ['--help'])
      expect(again.stderr).toBe('')
      expect(again.stdout).toContain('Freshly rebuilt: app and schema version')
    },
  )

  it(
    'falls back to the sources through tsx, with a note, when it cannot build',
    { timeout: TIMEOUT_MS },
    async () => {
      const root = copyTree(['electron-vite'])
      roots.push(root)
      const bin = join(root, 'electron', 'cli', 'edgebook.mjs')
      const source = join(root, 'electron', 'cli', 'index.ts')
      const now = new Date()
      utimesSync(source, now, now)

      const out = await runBin(bin, ['--help'])
      expect(out.code, out.stderr).toBe(0)
      expect(out.stderr).toContain('edgebook: rebuilding the command line')
      expect(out.stderr).toContain(
        'edgebook: the command line could not be rebuilt (electron-vite is not installed (run `npm install`)); running it from the TypeScript sources through tsx instead, which is slower.',
      )
      expect(out.stdout).toMatch(/^Usage: edgebook/)
      expect(loadedTsx(out.loads)).toBe(true)
      expect(out.loads).toContain(pathToFileURL(source).href)
    },
  )
})
