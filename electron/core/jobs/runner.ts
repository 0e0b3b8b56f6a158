import { availableParallelism } from 'node:os'
import { markInterruptedJobs, updateJob } from '../../../db/repos/batch-repo'
import { ErrorCode } from '../contract/errors'
import type { Emit } from '../contract/events'
import { EnginePool } from '../engine'
import { AppError } from '../errors'
import type { Handle } from '../../../db/query'

/**
 * What a job does. Batch grids now; probes, optimisers and paper trading are the next kinds:
 * each is a `JobWork` (a step loop or engine worker tasks) over the same runner.
 */
export type JobKind = 'backtest-batch' | 'probe' | 'optimise' | 'walkforward'

/** What a running job sees of its runner. */
export type JobContext = {
  readonly jobId: string
  /** Aborted by `cancel`, `close` or a delete: the work rejects with `AppError('cancelled')`. */
  readonly signal: AbortSignal
  /** Announces progress (a `backtest-progress` event of the job's kind). */
  progress(done: number, total: number, message?: string): void
}

/** One piece of long work the runner drives from start to a stored end state. */
export type JobWork = {
  kind: JobKind
  /** Does the work, persisting its results as it goes (a resumed job skips what is stored). */
  run(ctx: JobContext): Promise<void>
  /** What to store with the job's end state, whatever it is (the results so far). */
  summary(): Record<string, unknown> | null
}

/** How a job the database says is `running` stands in this process. */
export type LiveStatus = 'running' | 'interrupted'

/**
 * The core's one home for long work: it marks a job running, drives its work with progress
 * events, stores its end state (`completed`, `cancelled` or `failed`, with the summary), cancels
 * it on request, and at open marks every job a previous process left running as `interrupted`
 * (one process owns a data directory, so such a job has no runner anywhere). It owns this
 * core's engine workers: `close` stops this core's jobs and workers and no other core's.
 */
export class JobRunner {
  private readonly active = new Map<
    string,
    { controller: AbortController; finished: Promise<void> }
  >()
  private isClosed = false
  private readonly closer = new AbortController()

  /** Engine workers for grids: as many as the machine has cores, started on demand. */
  readonly gridPool = new EnginePool(availableParallelism())
  /**
   * One engine worker for single backtests and overfitting statistics, apart from the grid
   * workers so that a run does not queue behind a long grid; it keeps the simulation off the
   * thread that answers the UI. (A PBO's re-simulation of a job's runs uses the grid workers.)
   */
  readonly runPool = new EnginePool(1)
  /**
   * One engine worker for the journal: it groups an import's new series while this thread
   * writes the ledger, and never queues behind a backtest.
   */
  readonly journalPool = new EnginePool(1)

  /**
   * Aborted when the core closes: engine work that is not a job (a PBO over a stored job) takes
   * it, and ends as `cancelled` instead of seeing its workers stop under it.
   */
  get closing(): AbortSignal {
    return this.closer.signal
  }

  constructor(
    private readonly pg: Handle,
    private readonly emit: Emit,
  ) {}

  /** Marks the jobs a previous process left running or queued as `interrupted`. */
  async detectOrphans(): Promise<number> {
    return markInterruptedJobs(this.pg)
  }

  /** Whether the job runs in this process now. */
  isRunning(jobId: string): boolean {
    return this.active.has(jobId)
  }

  /** A stored status as it stands: `running` without a runner here means `interrupted`. */
  statusOf(jobId: string, stored: string): string {
    return stored === 'running' && !this.active.has(jobId) ? 'interrupted' : stored
  }

  /**
   * Marks the job running and drives `work` to its end state. Throws at once (`conflict`) when
   * the job already runs here; the promise answers when the job has ended and its end state is
   * stored, and never rejects (a failure is stored as the job's `error`).
   */
  start(jobId: string, work: JobWork): Promise<void> {
    if (this.isClosed) throw new AppError(ErrorCode.Cancelled, 'the core is closing')
    if (this.active.has(jobId)) {
      throw new AppError(ErrorCode.Conflict, `Job ${jobId} is already running`)
    }
    return this.drive(jobId, work)
  }

  private async drive(jobId: string, work: JobWork): Promise<void> {
    const controller = new AbortController()
    const ctx: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (done, total, message) =>
        this.emit('backtest-progress', {
          jobId,
          kind: work.kind,
          done,
          total,
          ...(message === undefined ? {} : { message }),
        }),
    }
    let settle = (): void => undefined
    const finished = new Promise<void>((resolve) => (settle = resolve))
    this.active.set(jobId, { controller, finished })
    try {
      await updateJob(this.pg, jobId, { status: 'running', error: null })
      await work.run(ctx)
      await updateJob(this.pg, jobId, {
        status: 'completed',
        summary: work.summary(),
        isDone: true,
      })
    } catch (err) {
      const isCancel = err instanceof AppError && err.code === ErrorCode.Cancelled
      // A job stopped by the core's close was not cancelled by anyone: it can be resumed.
      const status = isCancel ? (this.isClosed ? 'interrupted' : 'cancelled') : 'failed'
      await updateJob(this.pg, jobId, {
        status,
        summary: work.summary(),
        error: isCancel ? null : err instanceof Error ? err.message : String(err),
      }).catch(() => undefined)
    } finally {
      this.active.delete(jobId)
      settle()
      this.emit('data-changed', { domains: ['backtest'] })
    }
  }

  /** Stops a job running here and waits for its end state to be stored; false if none ran. */
  async cancel(jobId: string): Promise<boolean> {
    const running = this.active.get(jobId)
    if (!running) return false
    running.controller.abort()
    await running.finished
    return true
  }

  /**
   * Stops this core's jobs (stored as `interrupted`, to be resumed), then this core's engine
   * workers.
   */
  async close(): Promise<void> {
    this.isClosed = true
    this.closer.abort()
    await Promise.all([...this.active.keys()].map((id) => this.cancel(id)))
    await Promise.all([
      this.gridPool.close(true),
      this.runPool.close(true),
      this.journalPool.close(true),
    ])
  }
}
