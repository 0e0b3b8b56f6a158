import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { ErrorCode } from './contract/errors'
import { AppError } from './errors'

/** The lock itself: an empty SQLite database whose write lock the holder keeps. */
const LOCK_DB = 'edgebook-lock.sqlite'
/**
 * Who holds the lock, `{ pid, startedAt }`, written by the holder after it won. Earlier versions
 * used this file as the lock; now it only names the holder and never decides anything.
 */
const HOLDER_FILE = 'edgebook.lock'
/** How long a loser waits for a new holder to name itself before reporting it unnamed. */
const HOLDER_WAIT_MS = 1_000

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
 * Locks held by this thread, by real path: keeps each lock's connection referenced (a collected
 * connection would drop its lock) and refuses a second open here without asking SQLite.
 */
const held = new Map<string, Database.Database>()

/**
 * Takes the data directory for this process. PGlite takes no lock of its own and two processes on
 * one directory silently lose writes, so a second opener fails with `locked` naming the holder's
 * pid.
 *
 * The lock is SQLite's write lock on `edgebook-lock.sqlite`, held (by an open `BEGIN IMMEDIATE`)
 * until `release`: an fcntl lock on POSIX, LockFileEx on Windows. Taking it is atomic, so of any
 * number of simultaneous openers exactly one wins; the kernel drops it when its process dies, so
 * there is no stale lock to detect and a reused pid blocks no one. SQLite tracks locks per process
 * across connections and threads, so a second open in the same process (the core runs in a worker
 * thread) is refused as well. The lock file is never deleted: unlinking a lock file while another
 * process opens it is how two holders happen.
 *
 * The directory is made owner-only (0700) before anything is written into it, and a directory
 * left group- or world-accessible by an earlier version is tightened, files 0600 and directories
 * 0700 (see `tightenDataDir`).
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const key = realpathSync(dataDir)
  if (held.has(key)) throw lockedError(dataDir, process.pid)
  const lockPath = join(dataDir, LOCK_DB)
  const deadline = Date.now() + HOLDER_WAIT_MS
  for (;;) {
    const db = tryLock(lockPath)
    if (db) return hold(dataDir, key, db)
    // Lost. The holder names itself right after winning; a name missing, torn, or naming a
    // process that is gone means that has not happened yet, so look again for a moment.
    const holder = readHolder(join(dataDir, HOLDER_FILE))
    if (holder !== null && isAlive(holder)) throw lockedError(dataDir, holder)
    if (Date.now() >= deadline) throw lockedError(dataDir, null)
    sleep(20)
  }
}

/** Opens the lock database and takes its write lock; null when another connection holds it. */
function tryLock(path: string): Database.Database | null {
  let db: Database.Database | null = null
  try {
    // timeout 0: a held lock answers SQLITE_BUSY at once instead of waiting for it.
    db = new Database(path, { timeout: 0 })
    // Nothing is ever written, so no rollback journal file is needed beside it.
    db.pragma('journal_mode = MEMORY')
    db.exec('BEGIN IMMEDIATE')
    return db
  } catch (err) {
    db?.close()
    const code = (err as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return null
    throw new AppError(
      ErrorCode.Internal,
      `Could not take the lock file ${path}: ${(err as Error).message}`,
      { details: { file: path, code } },
    )
  }
}

function hold(dataDir: string, key: string, db: Database.Database): DataDirLock {
  held.set(key, db)
  const holderPath = join(dataDir, HOLDER_FILE)
  try {
    // chmod by path: opening and closing the lock file outside SQLite would drop the lock.
    chmodSync(join(dataDir, LOCK_DB), 0o600)
    const tmp = `${holderPath}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }), {
      mode: 0o600,
    })
    renameSync(tmp, holderPath)
    tightenDataDir(key)
  } catch (err) {
    held.delete(key)
    db.close()
    throw err
  }
  let released = false
  return {
    release: () => {
      if (released) return
      released = true
      held.delete(key)
      // Unname first, then unlock: a holder named in the file always holds the lock.
      rmSync(holderPath, { force: true })
      db.close()
    },
  }
}

/**
 * Makes the data directory owner-only: files 0600, directories 0700, the directory itself last.
 * New files are born that way (the directory is created 0700; PGlite's files through
 * db/owner-only-fs.ts), so the walk only runs while the directory itself is still group- or
 * world-accessible, as one created by an earlier version is. Symbolic links are not followed.
 */
export function tightenDataDir(dataDir: string): void {
  if (process.platform === 'win32') return
  const mode = statSync(dataDir).mode
  if ((mode & 0o077) === 0) return
  for (const entry of readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() && !entry.isDirectory()) continue
    const path = join(entry.parentPath, entry.name)
    const entryMode = lstatSync(path).mode
    if ((entryMode & 0o077) !== 0) chmodSync(path, entryMode & 0o700)
  }
  chmodSync(dataDir, mode & 0o700)
}

function lockedError(dataDir: string, pid: number | null): AppError {
  const message =
    pid === process.pid
      ? `The data directory ${dataDir} is already open in this process (pid ${pid}).`
      : pid === null
        ? `The data directory ${dataDir} is in use by another Edgebook process.`
        : `The data directory ${dataDir} is in use by another Edgebook process (pid ${pid}).`
  return new AppError(ErrorCode.Locked, message, { details: { dataDir, pid } })
}

function readHolder(path: string): number | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown }
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0
      ? parsed.pid
      : null
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

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}
