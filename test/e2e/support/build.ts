import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, '..', '..', '..')

/** The bundled web host entry. */
export const webEntry = resolve(repoRoot, 'out', 'main', 'web.js')

/**
 * Makes sure `out/` is built and newer than the sources (`npm test` builds first; a single test
 * file run on its own may not have). A directory lock keeps two test files from building at once.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = resolve(repoRoot, 'node_modules', '.edgebook-build.lock')
  mkdirSync(resolve(repoRoot, 'node_modules'), { recursive: true })
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock)
      break
    } catch {
      // A lock older than a minute was left by a killed run: take it over.
      if (attempt > 300) rmSync(lock, { recursive: true, force: true })
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  try {
    const result = spawnSync(
      process.execPath,
      [resolve(repoRoot, 'electron/cli/start.mjs'), '--build-only'],
      { cwd: repoRoot, encoding: 'utf8' },
    )
    if (result.status !== 0) {
      throw new Error(`building out/ failed:\n${result.stderr}\n${result.stdout}`)
    }
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}
