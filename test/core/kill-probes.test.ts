// [KILL-5] probe runs. A lab process runs the catalogue's trend family over three symbols as probe
// runs (a new run, or the resume of the one a killed process left unfinished) until it is
// SIGKILLed: some kills come early (while the core opens, the bars import, a run is created or
// resumed), some mid-run, some while a run finishes, some right after one ended. Run under a CPU
// hog by `npm test` (test/support/kill-under-load.mjs). The next opener shows the killed run as
// interrupted, never running; at the end every acknowledged symbol × strategy pair is stored with
// its checksum (result row, open-day rows and trades), no pair is stored twice, and
// `probes-resume` completes every run to exactly the pairs of an uninterrupted run.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestCore } from '../support/core'
import { insertProbeFixtures } from '../support/probe-fixtures'
import { KILL_PROBE, KILL_SYMBOLS, storedPairs } from './support/probes-kill-digest'

const WRITER = join(import.meta.dirname, 'support', 'probes-kill-writer.ts')
const GOOG = resolve(import.meta.dirname, '../fixtures/bars/backtesting_py_GOOG.csv')
const KILLS = 8
/** Where a kill lands: kill i takes phase i mod 4. */
const PHASES = ['early', 'mid', 'finishing', 'ended'] as const
/** A writer that never reaches its trigger is killed anyway after this long (a busy machine). */
const FALLBACK_MS = 120_000

function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

type Run = {
  statuses: Map<string, string>
  isListed: boolean
  /** jobId → pair → checksum of every pair the writer saw stored. */
  acked: Map<string, Map<string, string>>
  done: Set<string>
  current: string | null
  isTriggered: boolean
}

function runWriter(
  dataDir: string,
  phase: (typeof PHASES)[number],
  rng: () => number,
  isKnown: (jobId: string, pair: string) => boolean,
  pairs: number,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const run: Run = {
      statuses: new Map(),
      isListed: false,
      acked: new Map(),
      done: new Set(),
      current: null,
      isTriggered: false,
    }
    let isArmed = true
    const kill = (isTriggered: boolean, delayMs = 0): void => {
      if (!isArmed) return
      isArmed = false
      run.isTriggered = isTriggered
      setTimeout(() => child.kill('SIGKILL'), delayMs)
    }
    const fallback = setTimeout(() => kill(false), FALLBACK_MS)
    // mid: after this many pairs newly stored by this process (up to two thirds of a run).
    const ackTrigger = 1 + Math.floor(rng() * Math.max(1, (pairs * 2) / 3))
    const earlyAfter = rng() < 0.5 ? 'ready' : 'start'
    const earlyDelayMs = earlyAfter === 'ready' ? rng() * 600 : rng() * 150
    const finishDelayMs = rng() * 150
    let newAcks = 0
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const [word, id, a, b] = line.split(' ')
      if (word === 'ready' && phase === 'early' && earlyAfter === 'ready') kill(true, earlyDelayMs)
      else if (word === 'status' && id && a) run.statuses.set(id, a)
      else if (word === 'listed') run.isListed = true
      else if ((word === 'job' || word === 'resume') && id) {
        run.current = id
        if (phase === 'early' && earlyAfter === 'start') kill(true, earlyDelayMs)
      } else if (word === 'done' && id) {
        run.done.add(id)
        if (run.current === id) run.current = null
        if (phase === 'ended') kill(true, finishDelayMs)
      } else if (word === 'ack' && id && a && b) {
        const pairsOf = run.acked.get(id) ?? new Map<string, string>()
        pairsOf.set(a, b)
        run.acked.set(id, pairsOf)
        if (!isKnown(id, a)) newAcks += 1
        if (phase === 'mid' && newAcks >= ackTrigger) kill(true)
      } else if (word === 'progress' && phase === 'finishing' && a && b && +a >= 0.8 * +b) {
        // Progress counts stored pairs: most are on disk, the last ones and the end state are
        // being written.
        kill(true, finishDelayMs)
      }
    })
    child.on('exit', (code, signal) => {
      clearTimeout(fallback)
      if (signal === 'SIGKILL') resolve(run)
      else reject(new Error(`writer exited with ${code ?? signal}: ${stderr}`))
    })
  })
}

let dataDir: string
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'edgebook-kill-probes-'))
})
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

describe('probe run kill test', () => {
  it(`[KILL-5] every pair acknowledged before ${KILLS} SIGKILLs is stored once with its checksum, the killed run shows interrupted, and probes-resume completes each run exactly`, async () => {
    // The probe run once without interruption: what every run must end with, pair by pair.
    const reference = await openTestCore()
    let want: Map<string, string>
    try {
      for (const symbol of KILL_SYMBOLS) {
        await reference.value('bars-import', { path: GOOG, symbol, timeframe: '1Day' })
      }
      const active = await reference.pg.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM strategy.probe_strategies WHERE is_active',
      )
      if ((active.rows[0]?.n ?? 0) === 0) await insertProbeFixtures(reference.deps.db)
      const job = await reference.value('probes-run', {
        ...KILL_PROBE,
        symbols: [...KILL_SYMBOLS],
        wait: true,
      })
      expect(job.status).toBe('completed')
      want = await storedPairs(reference.pg, job.id)
      expect(want.size).toBe(job.total)
      expect(want.size).toBeGreaterThanOrEqual(KILL_SYMBOLS.length * 2)
    } finally {
      await reference.close()
    }

    const rng = seeded(23)
    const acked = new Map<string, Map<string, string>>()
    const done = new Set<string>()
    let previous: Run | null = null
    let interruptedSeen = 0
    let killedMidJob = 0
    let triggered = 0
    let listings = 0
    const checkStatuses = (
      statuses: Map<string, string>,
      isListed: boolean,
      after: Run | null,
    ): void => {
      for (const [jobId, status] of statuses) {
        if (done.has(jobId)) expect(status, `run ${jobId}`).toBe('completed')
        else expect(['completed', 'interrupted'], `run ${jobId}`).toContain(status)
        if (status === 'interrupted') interruptedSeen += 1
      }
      if (!isListed) return
      listings += 1
      for (const jobId of acked.keys()) expect(statuses.has(jobId), `run ${jobId}`).toBe(true)
      if (after?.current) expect(statuses.has(after.current), `run ${after.current}`).toBe(true)
    }
    for (let i = 0; i < KILLS; i++) {
      const phase = PHASES[i % PHASES.length] ?? 'mid'
      const run = await runWriter(
        dataDir,
        phase,
        rng,
        (id, pair) => acked.get(id)?.has(pair) ?? false,
        want.size,
      )
      checkStatuses(run.statuses, run.isListed, previous)
      for (const [jobId, pairs] of run.acked) {
        const all = acked.get(jobId) ?? new Map<string, string>()
        for (const [pair, digest] of pairs) {
          // A pair seen by two processes has one checksum: a resume never rewrites it.
          if (all.has(pair)) expect(digest, `run ${jobId} pair ${pair}`).toBe(all.get(pair))
          all.set(pair, digest)
        }
        acked.set(jobId, all)
      }
      for (const jobId of run.done) done.add(jobId)
      if (run.current) killedMidJob += 1
      if (run.isTriggered) triggered += 1
      previous = run
    }
    expect(triggered).toBeGreaterThanOrEqual(KILLS / 2)
    expect(listings).toBeGreaterThanOrEqual(KILLS / 2)
    expect(killedMidJob).toBeGreaterThanOrEqual(KILLS / 4)
    expect(interruptedSeen).toBeGreaterThanOrEqual(1)
    expect(done.size).toBeGreaterThanOrEqual(1)

    const core = await openTestCore(dataDir)
    try {
      const jobs = await core.value('probes-list', {})
      checkStatuses(new Map(jobs.map((j) => [j.id, j.status])), true, previous)
      for (const job of jobs) {
        if (job.status !== 'interrupted') continue
        // An interrupted run shows the pairs it has stored, not a count its process never wrote.
        expect(job.completed, `run ${job.id}`).toBe((await storedPairs(core.pg, job.id)).size)
        const resumed = await core.value('probes-resume', { jobId: job.id, wait: true })
        expect(resumed.status, `run ${job.id}`).toBe('completed')
      }
      for (const job of await core.value('probes-list', {})) {
        expect(job, `run ${job.id}`).toMatchObject({
          status: 'completed',
          total: want.size,
          completed: want.size,
        })
        // Every pair once, with the rows and trades of the uninterrupted run.
        const stored = await storedPairs(core.pg, job.id)
        expect([...stored].sort(), `run ${job.id}`).toEqual([...want].sort())
        for (const [pair, digest] of acked.get(job.id) ?? []) {
          expect(stored.get(pair), `run ${job.id} pair ${pair}`).toBe(digest)
        }
      }
      // Each whole-period row holds exactly the trades its count says.
      const mismatched = await core.pg.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM backtest.strategy_probe_results r
          WHERE r.open_day IS NULL
            AND r.total_trades <> (SELECT count(*) FROM backtest.strategy_probe_trades t
                                    WHERE t.result_id = r.id)`,
      )
      expect(mismatched.rows[0]?.n).toBe(0)
    } finally {
      await core.close()
    }
  }, 3_600_000)
})
