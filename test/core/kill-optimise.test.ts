// [KILL-6] optimiser jobs. A lab process runs a seeded genetic algorithm over GOOG's daily bars
// (a new job, or the resume of the one a killed process left unfinished) until it is SIGKILLed:
// early (while the core opens, the bars import, a job starts or resumes), mid-run, while a job
// finishes, right after one ended. Run under a CPU hog by `npm test`
// (test/support/kill-under-load.mjs). The next opener shows the killed job as interrupted, never
// running; at the end every acknowledged individual is stored once with its checksum, and
// `optimise-resume` completes every job to exactly the individuals, best and convergence of an
// uninterrupted run of the same seed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OptimiseJobDto } from '../../electron/core/contract/index'
import { openTestCore, type TestCore } from '../support/core'
import { KillLedger, PHASES, runWriter, seeded } from './support/kill-harness'
import { individualKey, KILL_OPTIMISE } from './support/optimise-kill-digest'

const WRITER = join(import.meta.dirname, 'support', 'optimise-kill-writer.ts')
const GOOG = resolve(import.meta.dirname, '../fixtures/bars/backtesting_py_GOOG.csv')
const KILLS = 8

/** Every stored individual of a job: key → checksum. */
async function storedIndividuals(core: TestCore, jobId: string): Promise<Map<string, string>> {
  const page = await core.value('optimise-individuals', { runId: jobId, limit: 10_000 })
  expect(page.individuals.length, `job ${jobId}: one page holds every individual`).toBe(page.total)
  const out = new Map<string, string>()
  for (const i of page.individuals) {
    const [key, digest] = individualKey(i)
    expect(out.has(key), `job ${jobId}: ${key} stored once`).toBe(false)
    out.set(key, digest)
  }
  return out
}

let dataDir: string
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'edgebook-kill-optimise-'))
})
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

describe('optimiser job kill test', () => {
  it(`[KILL-6] every individual acknowledged before ${KILLS} SIGKILLs is stored once with its checksum, the killed job shows interrupted, and optimise-resume completes each job as an uninterrupted run`, async () => {
    // The job once without interruption: what every job must end with.
    const reference = await openTestCore()
    let want: Map<string, string>
    let wantJob: OptimiseJobDto
    try {
      await reference.value('bars-import', { path: GOOG, symbol: 'GOOG', timeframe: '1Day' })
      wantJob = await reference.value('optimise-run', { ...KILL_OPTIMISE, wait: true })
      expect(wantJob.status).toBe('completed')
      want = await storedIndividuals(reference, wantJob.id)
      expect(want.size).toBe(wantJob.evaluations)
      expect(want.size).toBeGreaterThan(KILL_OPTIMISE.population * 2)
    } finally {
      await reference.close()
    }

    const rng = seeded(31)
    const ledger = new KillLedger()
    for (let i = 0; i < KILLS; i++) {
      const run = await runWriter({
        writer: WRITER,
        dataDir,
        phase: PHASES[i % PHASES.length] ?? 'mid',
        rng,
        isKnown: ledger.isKnown,
        midAcks: (want.size * 2) / 3,
        // finishing: progress counts evaluations against the budget, and a genetic algorithm
        // may end below it (its generations run out): four fifths of what the run evaluates.
        finishShare: (0.8 * want.size) / KILL_OPTIMISE.budget,
      })
      ledger.add(run)
    }
    expect(ledger.triggered).toBeGreaterThanOrEqual(KILLS / 2)
    expect(ledger.listings).toBeGreaterThanOrEqual(KILLS / 2)
    expect(ledger.killedMidJob).toBeGreaterThanOrEqual(KILLS / 4)
    expect(ledger.interruptedSeen).toBeGreaterThanOrEqual(1)
    expect(ledger.done.size).toBeGreaterThanOrEqual(1)

    const core = await openTestCore(dataDir)
    try {
      const jobs = await core.value('optimise-list', { kind: 'optimise' })
      ledger.checkStatuses(new Map(jobs.map((j) => [j.id, j.status])), true)
      for (const job of jobs) {
        if (job.status !== 'interrupted') continue
        const resumed = await core.value('optimise-resume', { jobId: job.id, wait: true })
        expect(resumed.status, `job ${job.id}`).toBe('completed')
      }
      for (const listed of await core.value('optimise-list', { kind: 'optimise' })) {
        const job = await core.value('optimise-get', { jobId: listed.id })
        expect(job, `job ${job.id}`).toMatchObject({
          status: 'completed',
          evaluations: wantJob.evaluations,
          best: wantJob.best,
          bestValue: wantJob.bestValue,
          convergence: wantJob.convergence,
        })
        // Every individual once, with the results of the uninterrupted run.
        const stored = await storedIndividuals(core, job.id)
        expect([...stored].sort(), `job ${job.id}`).toEqual([...want].sort())
        for (const [key, digest] of ledger.acked.get(job.id) ?? []) {
          expect(stored.get(key), `job ${job.id} ${key}`).toBe(digest)
        }
      }
    } finally {
      await core.close()
    }
  }, 3_600_000)
})
