// [KILL-4] batch jobs. A lab process runs grid backtests as jobs (a new grid, or the resume of the
// one a killed process left unfinished) until it is SIGKILLed: some kills come early (while the
// core opens, the bars import, a job is created or resumed), some mid-grid, some while a grid
// finishes (its last runs stored, its end state written). Run under a CPU hog by `npm test`
// (test/support/kill-under-load.mjs). The next opener shows the killed job as interrupted, never
// running; at the end every acknowledged run is stored with its checksum, no grid point is stored
// twice, and `batch-resume` completes every job to exactly the full grid, with the metrics of an
// uninterrupted run of the same grid.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestCore, type TestCore } from '../support/core'
import { KILL_GRID, runDigest } from './support/jobs-kill-digest'

const WRITER = join(import.meta.dirname, 'support', 'jobs-kill-writer.ts')
const GOOG = resolve(import.meta.dirname, '../fixtures/bars/backtesting_py_GOOG.csv')
const KILLS = 10
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
  /** Jobs and their status as the writer's `batch-list` showed them at open. */
  statuses: Map<string, string>
  /** The writer listed every job before it was killed. */
  isListed: boolean
  /** jobId → runIndex → checksum of every run the writer saw stored. */
  acked: Map<string, Map<number, string>>
  /** Jobs the writer saw completed. */
  done: Set<string>
  /** The job the writer was running (started or resumed) when killed, if not done. */
  current: string | null
  /** The kill came at its trigger, not at the fallback. */
  isTriggered: boolean
}

/** Runs the writer until it is killed at the moment `phase` picks (`rng` places it). */
function runWriter(
  dataDir: string,
  phase: (typeof PHASES)[number],
  rng: () => number,
  isKnown: (jobId: string, runIndex: number) => boolean,
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
    // mid: after this many runs stored by this process (in the grid it resumes or starts, or the
    // next one); the runs a resumed job had stored before do not count.
    const ackTrigger = 1 + Math.floor(rng() * 250)
    // early: soon after the core opened (bars import, job list, creation) or the grid started.
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
        // ended: a job has completed in this process; the kill lands as the next grid starts.
        if (phase === 'ended') kill(true, finishDelayMs)
      } else if (word === 'ack' && id && a && b) {
        const runs = run.acked.get(id) ?? new Map<number, string>()
        runs.set(Number(a), b)
        run.acked.set(id, runs)
        if (!isKnown(id, Number(a))) newAcks += 1
        if (phase === 'mid' && newAcks >= ackTrigger) kill(true)
      } else if (word === 'progress' && phase === 'finishing' && a && b && +a >= 0.9 * +b) {
        // Progress counts stored runs: nine tenths are on disk, the last runs and then the end
        // state are being written.
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

/** Every stored run of a job, runIndex → checksum. */
async function storedRuns(core: TestCore, jobId: string): Promise<Map<number, string>> {
  const page = await core.value('batch-runs', { jobId, limit: 100_000 })
  expect(page.runs.length, `job ${jobId}: one page holds every run`).toBe(page.total)
  return new Map(page.runs.map((r) => [r.runIndex, runDigest(r)]))
}

let dataDir: string
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'edgebook-kill-jobs-'))
})
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

describe('batch job kill test', () => {
  it(`[KILL-4] every run acknowledged before ${KILLS} SIGKILLs is stored once with its checksum, the killed job shows interrupted, and batch-resume completes each grid exactly`, async () => {
    // The grid run once without interruption: what every job must end with, point by point.
    const reference = await openTestCore()
    let want: Map<number, string>
    let wantFailed: number
    try {
      await reference.value('bars-import', { path: GOOG, symbol: 'GOOG', timeframe: '1Day' })
      const job = await reference.value('batch-run', {
        ...KILL_GRID,
        grid: [...KILL_GRID.grid],
        wait: true,
      })
      expect(job.status).toBe('completed')
      want = await storedRuns(reference, job.id)
      expect(want.size).toBe(job.total)
      wantFailed = job.summary?.failed ?? -1
    } finally {
      await reference.close()
    }

    const rng = seeded(11)
    const acked = new Map<string, Map<number, string>>()
    const done = new Set<string>()
    let previous: Run | null = null
    let interruptedSeen = 0
    let killedMidJob = 0
    let midKills = 0
    let triggered = 0
    let listings = 0
    const checkStatuses = (
      statuses: Map<string, string>,
      isListed: boolean,
      after: Run | null,
    ): void => {
      for (const [jobId, status] of statuses) {
        // A job no process runs is never shown running: it is interrupted (or it had ended).
        if (done.has(jobId)) expect(status, `job ${jobId}`).toBe('completed')
        else expect(['completed', 'interrupted'], `job ${jobId}`).toContain(status)
        if (status === 'interrupted') interruptedSeen += 1
      }
      // A kill can cut the list short; a whole list names every job a process ever showed.
      if (!isListed) return
      listings += 1
      for (const jobId of acked.keys()) expect(statuses.has(jobId), `job ${jobId}`).toBe(true)
      if (after?.current) expect(statuses.has(after.current), `job ${after.current}`).toBe(true)
    }
    for (let i = 0; i < KILLS; i++) {
      const phase = PHASES[i % PHASES.length] ?? 'mid'
      const run = await runWriter(
        dataDir,
        phase,
        rng,
        (id, index) => acked.get(id)?.has(index) ?? false,
      )
      checkStatuses(run.statuses, run.isListed, previous)
      for (const [jobId, runs] of run.acked) {
        const all = acked.get(jobId) ?? new Map<number, string>()
        for (const [index, digest] of runs) {
          // A run seen by two processes has one checksum: a resume never rewrites it.
          if (all.has(index)) expect(digest, `job ${jobId} run ${index}`).toBe(all.get(index))
          all.set(index, digest)
        }
        acked.set(jobId, all)
      }
      for (const jobId of run.done) done.add(jobId)
      if (run.current) killedMidJob += 1
      if (phase === 'mid' && run.isTriggered) midKills += 1
      if (run.isTriggered) triggered += 1
      previous = run
    }
    // The kills must land where their phases put them, inside jobs, and jobs must have ended.
    expect(triggered).toBeGreaterThanOrEqual(KILLS / 2)
    expect(listings).toBeGreaterThanOrEqual(KILLS / 2)
    expect(killedMidJob).toBeGreaterThanOrEqual(KILLS / 2)
    // Mid kills land right after a stored run, inside a job; a finishing kill may land after the
    // job's end state is written (the machine decides), so it need not leave a job interrupted.
    expect(midKills).toBeGreaterThanOrEqual(2)
    expect(done.size).toBeGreaterThanOrEqual(1)

    const core = await openTestCore(dataDir)
    try {
      const jobs = await core.value('batch-list', {})
      checkStatuses(new Map(jobs.map((j) => [j.id, j.status])), true, previous)
      // The interrupted state was seen, by a writer's listing or this one.
      expect(interruptedSeen).toBeGreaterThanOrEqual(2)
      for (const job of jobs) {
        // An interrupted job shows the runs it has stored, not a count its process never wrote.
        if (job.status !== 'interrupted') continue
        const stored = await core.value('batch-runs', { jobId: job.id, limit: 1 })
        expect(job.completed, `job ${job.id}`).toBe(stored.total)
        const resumed = await core.value('batch-resume', { jobId: job.id, wait: true })
        expect(resumed.status, `job ${job.id}`).toBe('completed')
      }
      for (const job of await core.value('batch-list', {})) {
        expect(job, `job ${job.id}`).toMatchObject({
          status: 'completed',
          total: want.size,
          completed: want.size,
        })
        expect(job.summary, `job ${job.id}`).toMatchObject({ runs: want.size, failed: wantFailed })
        // The full grid, each point once, with the metrics of the uninterrupted run.
        const stored = await storedRuns(core, job.id)
        expect(
          [...stored].sort(([a], [b]) => a - b),
          `job ${job.id}`,
        ).toEqual([...want].sort(([a], [b]) => a - b))
        for (const [index, digest] of acked.get(job.id) ?? []) {
          expect(stored.get(index), `job ${job.id} run ${index}`).toBe(digest)
        }
      }
      const twice = await core.pg.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           SELECT batch_job_id, variables FROM backtest.batch_job_runs
            GROUP BY batch_job_id, variables HAVING count(*) > 1) d`,
      )
      expect(twice.rows[0]?.n).toBe(0)
    } finally {
      await core.close()
    }
  }, 3_600_000)
})
