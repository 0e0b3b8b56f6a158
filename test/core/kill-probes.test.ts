// [KILL-5] probe runs. A lab process runs the catalogue's trend family over three symbols as probe
// runs (a new run, or the resume of the one a killed process left unfinished) until it is
// SIGKILLed: some kills come early (while the core opens, the bars import, a run is created or
// resumed), some mid-run, some while a run finishes, some right after one ended. Run under a CPU
// hog by `npm test` (test/support/kill-under-load.mjs). The next opener shows the killed run as
// interrupted, never running; at the end every acknowledged symbol × strategy pair is stored with
// its checksum (result row, open-day rows and trades), no pair is stored twice, and
// `probes-resume` completes every run to exactly the pairs of an uninterrupted run.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestCore } from '../support/core'
import { KillLedger, PHASES, runWriter, seeded } from './support/kill-harness'
import { KILL_PROBE, KILL_SYMBOLS, storedPairs } from './support/probes-kill-digest'

const WRITER = join(import.meta.dirname, 'support', 'probes-kill-writer.ts')
const GOOG = resolve(import.meta.dirname, '../fixtures/bars/backtesting_py_GOOG.csv')
const KILLS = 8

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
    const ledger = new KillLedger()
    for (let i = 0; i < KILLS; i++) {
      const run = await runWriter({
        writer: WRITER,
        dataDir,
        phase: PHASES[i % PHASES.length] ?? 'mid',
        rng,
        isKnown: ledger.isKnown,
        // mid: after up to two thirds of a run's pairs newly stored by this process.
        midAcks: (want.size * 2) / 3,
        // finishing: progress counts stored pairs; most are on disk, the last being written.
        finishShare: 0.8,
      })
      ledger.add(run)
    }
    // The kills must land where their phases put them, inside runs, and runs must have ended.
    expect(ledger.triggered).toBeGreaterThanOrEqual(KILLS / 2)
    expect(ledger.listings).toBeGreaterThanOrEqual(KILLS / 2)
    expect(ledger.killedMidJob).toBeGreaterThanOrEqual(KILLS / 4)
    expect(ledger.interruptedSeen).toBeGreaterThanOrEqual(1)
    expect(ledger.done.size).toBeGreaterThanOrEqual(1)

    const core = await openTestCore(dataDir)
    try {
      const jobs = await core.value('probes-list', {})
      ledger.checkStatuses(new Map(jobs.map((j) => [j.id, j.status])), true)
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
        for (const [pair, digest] of ledger.acked.get(job.id) ?? []) {
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
