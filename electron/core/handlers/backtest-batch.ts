import { deleteJob, foldMetric, listJobs, queryRuns } from '../../../db/repos/batch-repo'
import type { BatchHandlers } from '../contract/backtest-batch'
import { ErrorCode } from '../contract/errors'
import type { Deps } from '../deps'
import { heatmapOf } from '../domain/backtest'
import { AppError } from '../errors'
import {
  cancelBatch,
  createBatch,
  heatmapAxes,
  jobDto,
  previewBatch,
  requireJob,
  resumeBatch,
  runsSortOf,
} from '../services/backtest/batch'

/** The `batch-*` channels: grids of backtests run as jobs on the core's job runner. */
export function batchHandlers(deps: Deps): BatchHandlers {
  return {
    'batch-run': async (input) => jobDto(deps.jobs, await createBatch(deps, input, input.wait)),

    'batch-preview': async (input) => previewBatch(deps.db, input),

    'batch-get': async (input) => jobDto(deps.jobs, await requireJob(deps.db, input.jobId)),

    'batch-list': async () => (await listJobs(deps.db)).map((job) => jobDto(deps.jobs, job)),

    'batch-runs': async (input) => {
      const job = await requireJob(deps.db, input.jobId)
      const result = await queryRuns(deps.db, job.id, {
        where: input.where,
        sort: runsSortOf(job, input.sort),
        limit: input.limit,
        offset: input.offset,
      })
      return {
        total: result.total,
        runs: result.runs.map((r) => ({
          runIndex: r.runIndex,
          variables: r.variables,
          metrics: r.metrics,
        })),
      }
    },

    'batch-cancel': async (input) => {
      const job = await requireJob(deps.db, input.jobId)
      return jobDto(deps.jobs, await cancelBatch(deps, job))
    },

    'batch-resume': async (input) => {
      const job = await requireJob(deps.db, input.jobId)
      return jobDto(deps.jobs, await resumeBatch(deps, job, input.wait))
    },

    'batch-delete': async (input) => {
      await deps.jobs.cancel(input.jobId)
      const deleted = await deleteJob(deps.db, input.jobId)
      if (!deleted) throw new AppError(ErrorCode.NotFound, `No batch job ${input.jobId}`)
      return { deleted }
    },

    'batch-heatmap': async (input) => {
      const job = await requireJob(deps.db, input.jobId)
      const [x, y] = heatmapAxes(job, input.x, input.y)
      const reduced = await foldMetric(deps.db, job.id, input)
      const map = heatmapOf(x.values, y.values, reduced)
      return {
        metric: input.metric,
        x: { name: x.name, values: map.xs },
        y: { name: y.name, values: map.ys },
        cells: map.cells,
      }
    },
  }
}
