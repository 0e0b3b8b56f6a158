import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { ErrorCode } from './contract/errors'
import { AppError } from './errors'

const LOCK_FILE = 'edgebook.lock'

/**
 * The per-user app-data folder, as Electron's `app.getPath('userData')` would give it, so the
 * CLI, the web host and the desktop app open the same database. `EDGEBOOK_DATA_DIR` overrides.
 */
export function defaultDataDir(): string {
  if (process.env.EDGEBOOK_DATA_DIR) return process.env.EDGEBOOK_DATA_DIR
  const home = homedir()
  switch (process.platform) {
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Edgebook')
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Edgebook')
    default:
      return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Edgebook')
  }
}

export type DataDirLock = { release: () => void }

/**
 * Takes the data directory's lock file. PGlite takes no lock of its own and two processes on one
 * directory silently lose writes, so a second opener fails with `locked` naming the holder's pid.
 * A lock left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, LOCK_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }))
      closeSync(fd)
      let released = false
      return {
        release: () => {
          if (released) return
          released = true
          rmSync(path, { force: true })
        },
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const holder = readHolder(path)
      if (holder !== null && holder !== process.pid && isAlive(holder)) {
        throw new AppError(
          ErrorCode.Locked,
          `The data directory ${dataDir} is in use by another Edgebook process (pid ${holder}).`,
          { details: { dataDir, pid: holder } },
        )
      }
      if (holder === process.pid) {
        throw new AppError(
          ErrorCode.Locked,
          `The data directory ${dataDir} is already open in this process.`,
          {
            details: { dataDir, pid: holder },
          },
        )
      }
      rmSync(path, { force: true })
    }
  }
  throw new AppError(ErrorCode.Locked, `Could not take the lock on ${dataDir}.`, {
    details: { dataDir },
  })
}

function readHolder(path: string): number | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown }
    return typeof parsed.pid === 'number' ? parsed.pid : null
  } catch {
    return null
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
