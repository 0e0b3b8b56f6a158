import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { openLocalDb } from '../../db/client'
import { readTemplate } from '../../db/template'
import { openCore } from '../../electron/core/core'
import { lockDataDir } from '../../electron/core/data-dir'
import { AppError } from '../../electron/core/errors'

const OPENER = join(import.meta.dirname, '..', 'support', 'lock-opener.ts')
const THREAD = join(import.meta.dirname, '..', 'support', 'lock-thread.ts')

const dirs: string[] = []
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgebook-data-dir-'))
  dirs.push(dir)
  return join(dir, 'data')
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

type Report =
  | { pid: number; ok: true }
  | { pid: number; ok: false; code: string; holder: number | null; message: string }

/** One opener process (test/support/lock-opener.ts), answering one line per command. */
type Opener = {
  child: ChildProcessWithoutNullStreams
  /** Resolves once the process has loaded everything. */
  ready: Promise<void>
  /** Tries the lock on `dataDir` when the clock reads `at` (now when omitted). */
  go: (dataDir: string, at?: number) => Promise<Report>
  /** Releases the lock it holds, if any. */
  release: () => Promise<void>
  /** Closes its stdin: a held lock is released and the process exits. */
  end: () => Promise<void>
  exited: Promise<void>
}

function startOpener(): Opener {
  const child = spawn(process.execPath, ['--import', 'tsx', OPENER], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const waiting: { resolve: (line: string) => void; reject: (err: Error) => void }[] = []
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.resolve(line))
  void exited.then(() => {
    for (const w of waiting.splice(0)) w.reject(new Error(`opener exited: ${stderr}`))
  })
  const next = () => new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }))
  const ready = next().then(() => undefined)
  return {
    child,
    ready,
    go: async (dataDir, at = 0) => {
      const answer = next()
      child.stdin.write(`go ${dataDir} ${at}\n`)
      return JSON.parse(await answer) as Report
    },
    release: async () => {
      const answer = next()
      child.stdin.write('release\n')
      expect(await answer).toBe('released')
    },
    end: async () => {
      child.stdin.end()
      await exited
    },
    exited,
  }
}

function lockedDetails(fn: () => unknown): { message: string; pid: unknown } {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('locked')
    return { message: (err as AppError).message, pid: (err as AppError).details?.pid }
  }
  throw new Error('expected a locked error')
}

describe('lockDataDir', () => {
  it(
    'of 20 opener processes trying a fresh directory together exactly one wins, 5 rounds',
    {
      timeout: 240_000,
    },
    async () => {
      const openers = Array.from({ length: 20 }, () => startOpener())
      try {
        await Promise.all(openers.map((o) => o.ready))
        for (let round = 1; round <= 5; round++) {
          const dataDir = freshDir()
          const reports = await Promise.all(openers.map((o) => o.go(dataDir)))
          const winners = reports.filter((r) => r.ok)
          expect(winners, `round ${round}: ${JSON.stringify(reports)}`).toHaveLength(1)
          // Every loser is told `locked` and names the one winner.
          for (const loser of reports.filter((r) => !r.ok)) {
            expect(loser).toMatchObject({ code: 'locked', holder: winners[0]!.pid })
          }
          await Promise.all(openers.map((o) => o.release()))
        }
      } finally {
        await Promise.all(openers.map((o) => o.end()))
      }
    },
  )

  it('is taken at once after its holder is SIGKILLed', { timeout: 60_000 }, async () => {
    const dataDir = freshDir()
    const [holder, other] = [startOpener(), startOpener()]
    try {
      await Promise.all([holder.ready, other.ready])
      expect(await holder.go(dataDir)).toMatchObject({ ok: true })
      // While it lives, another process is refused and told who holds the directory.
      expect(await other.go(dataDir)).toMatchObject({
        ok: false,
        code: 'locked',
        holder: holder.child.pid,
      })

      holder.child.kill('SIGKILL')
      await holder.exited
      // The dead holder's name is left behind; it decides nothing.
      expect(JSON.parse(readFileSync(join(dataDir, 'edgebook.lock'), 'utf8'))).toMatchObject({
        pid: holder.child.pid,
      })
      const started = Date.now()
      expect(await other.go(dataDir)).toMatchObject({ ok: true })
      expect(Date.now() - started).toBeLessThan(500)
      expect(JSON.parse(readFileSync(join(dataDir, 'edgebook.lock'), 'utf8'))).toMatchObject({
        pid: other.child.pid,
      })
    } finally {
      await Promise.all([holder.end(), other.end()])
    }
  })

  it('is not blocked by an old lock file naming a live unrelated process (pid reuse)', () => {
    for (const pid of [process.ppid, 1]) {
      const dataDir = freshDir()
      mkdirSync(dataDir, { recursive: true })
      // The format earlier versions wrote and trusted: a live pid there refused every opener.
      writeFileSync(
        join(dataDir, 'edgebook.lock'),
        JSON.stringify({ pid, startedAt: '2024-01-01T00:00:00.000Z' }),
      )
      expect(() => process.kill(pid, 0)).not.toThrow(/ESRCH/)
      const lock = lockDataDir(dataDir)
      lock.release()
    }
    // Nor by a torn or foreign leftover.
    const dataDir = freshDir()
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(join(dataDir, 'edgebook.lock'), '{"pid":')
    lockDataDir(dataDir).release()
  })

  it('refuses a second open in the same process, on this thread and on another', async () => {
    const dataDir = freshDir()
    const lock = lockDataDir(dataDir)
    try {
      const same = lockedDetails(() => lockDataDir(dataDir))
      expect(same.pid).toBe(process.pid)
      expect(same.message).toContain('already open in this process')
      // The same directory spelled another way.
      expect(lockedDetails(() => lockDataDir(join(dataDir, '..', 'data', '.'))).pid).toBe(
        process.pid,
      )

      // The core runs in a worker thread: a second core in another thread is refused too.
      // The worker registers tsx itself: the `--import tsx` entry skips worker threads.
      const tsx = dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
      const api = pathToFileURL(join(tsx, 'dist/esm/api/index.mjs')).href
      const entry = pathToFileURL(THREAD).href
      const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
      const worker = new Worker(boot, { eval: true, workerData: { dataDir } })
      const answer = await new Promise((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      await worker.terminate()
      expect(answer).toEqual({ ok: false, code: 'locked', pid: process.pid })
    } finally {
      lock.release()
    }
    // Released, the directory opens again.
    lockDataDir(dataDir).release()
  })

  it('tightens a directory an earlier version left group- and world-accessible', () => {
    const root = freshDir()
    const dataDir = join(root, 'dir')
    mkdirSync(join(dataDir, 'base', '1'), { recursive: true })
    writeFileSync(join(dataDir, 'PG_VERSION'), '17\n')
    writeFileSync(join(dataDir, 'base', '1', '1259'), 'x')
    const outside = join(root, 'outside.txt')
    writeFileSync(outside, 'not ours')
    symlinkSync(outside, join(dataDir, 'link'))
    chmodSync(dataDir, 0o755)
    chmodSync(join(dataDir, 'base'), 0o777)
    chmodSync(join(dataDir, 'base', '1'), 0o755)
    chmodSync(join(dataDir, 'PG_VERSION'), 0o666)
    chmodSync(join(dataDir, 'base', '1', '1259'), 0o644)
    chmodSync(outside, 0o644)

    const lock = lockDataDir(dataDir)
    try {
      expect(openToOthers(dataDir)).toEqual([])
      expect(modeOf(dataDir)).toBe(0o700)
      expect(modeOf(join(dataDir, 'PG_VERSION'))).toBe(0o600)
      expect(modeOf(join(dataDir, 'base'))).toBe(0o700)
      // A symbolic link is not followed out of the directory.
      expect(modeOf(outside)).toBe(0o644)
    } finally {
      lock.release()
    }
  })
})

/** Every file or directory at or under `dir` that its group or others may read, write or enter. */
function openToOthers(dir: string): string[] {
  const open: string[] = []
  if ((lstatSync(dir).mode & 0o077) !== 0) open.push(dir)
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue
    const path = join(entry.parentPath, entry.name)
    const mode = lstatSync(path).mode & 0o777
    if ((mode & 0o077) !== 0) open.push(`${path} ${mode.toString(8)}`)
  }
  return open
}

function modeOf(path: string): number {
  return lstatSync(path).mode & 0o777
}

describe('data directory permissions', () => {
  it(
    'nothing under a data dir opened by openCore is group- or world-accessible',
    {
      timeout: 180_000,
    },
    async () => {
      const dataDir = freshDir()
      const core = await openCore({ dataDir })
      try {
        expect(openToOthers(dataDir)).toEqual([])
        // Files PostgreSQL creates later in the session are born owner-only too.
        await core.pg.exec('CREATE TABLE public.perm_probe (x int); CHECKPOINT')
        expect(openToOthers(dataDir)).toEqual([])
      } finally {
        await core.close()
      }
      expect(openToOthers(dataDir)).toEqual([])
      expect(modeOf(dataDir)).toBe(0o700)
      expect(modeOf(join(dataDir, 'PG_VERSION'))).toBe(0o600)
    },
  )

  it('a cluster unpacked from a template tarball is owner-only', { timeout: 180_000 }, async () => {
    // The build's template when there is one, else a fresh cluster's dump: the same tar path.
    let template = readTemplate()
    if (!template) {
      const scratch = await openLocalDb(null)
      template = await scratch.client.dumpDataDir('gzip')
      await scratch.close()
    }
    const dataDir = freshDir()
    const local = await openLocalDb(dataDir, { template })
    await local.close()
    expect(readdirSync(dataDir).length).toBeGreaterThan(10)
    expect(openToOthers(dataDir)).toEqual([])
  })

  it('a cluster created by initdb is owner-only', { timeout: 180_000 }, async () => {
    const dataDir = freshDir()
    const local = await openLocalDb(dataDir)
    await local.close()
    expect(readdirSync(dataDir).length).toBeGreaterThan(10)
    expect(openToOthers(dataDir)).toEqual([])
  })
})
