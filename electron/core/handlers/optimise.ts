import { listLabJobs, pageIndividuals } from '../../../db/repos/optimisation-repo'
import type { BatchStatus } from '../contract/backtest-batch'
import type { OptimiseHandlers } from '../contract/optimise'
import type { Deps } from '../deps'
import {
  cancelLab,
  createOptimise,
  createWalkForward,
  optimiseDto,
  requireLabJob,
  resumeLab,
  statusOf,
  walkForwardDto,
} from '../services/backtest/optimise'

/** The `optimise-*` channels: optimisers and walk-forward run as jobs on the core's job runner. */
export function optimiseHandlers(deps: Deps): OptimiseHandlers {
  return {
    'optimise-run': async (input) => {
      const id = await createOptimise(deps, input)
      return optimiseDto(deps, await requireLabJob(deps, id, 'optimise'))
    },

    'optimise-get': async (input) =>
      optimiseDto(deps, await requireLabJob(deps, input.jobId, 'optimise')),

    'optimise-list': async (input) =>
      (await listLabJobs(deps.db, input.kind)).map((j) => ({
        ...j,
        status: deps.jobs.statusOf(j.id, j.status) as BatchStatus,
      })),

    'optimise-individuals': async (input) => {
      const page = await pageIndividuals(deps.db, input.runId, {
        limit: input.limit,
        offset: input.offset,
        isAscending: input.ascending,
      })
      return {
        total: page.total,
        individuals: page.rows.map((r) => ({
          generation: r.generation,
          rank: r.individualRank,
          genes: r.genes,
          fitness: r.fitnessScore,
          objectives: r.objectives,
        })),
      }
    },

    'optimise-cancel': async (input) => {
      const job = await cancelLab(deps, input.jobId)
      return { id: job.id, status: statusOf(deps, job) }
    },

    'optimise-resume': async (input) => {
      const job = await resumeLab(deps, input.jobId, input.wait)
      return { id: job.id, status: statusOf(deps, job) }
    },

    'optimise-walkforward-run': async (input) => {
      const id = await createWalkForward(deps, input)
      return walkForwardDto(deps, await requireLabJob(deps, id, 'walkforward'))
    },

    'optimise-walkforward-get': async (input) =>
      walkForwardDto(deps, await requireLabJob(deps, input.jobId, 'walkforward')),
  }
}
