import { readProbeDays } from '../../../db/repos/probe-results-repo'
import type { ProbeRunHandlers } from '../contract/probes'
import type { Deps } from '../deps'
import {
  bestPerSymbolOf,
  familyHeatmapOf,
  leaderboardCsv,
  leaderboardOf,
} from '../domain/probes/leaderboard'
import {
  cancelProbe,
  createProbe,
  listProbes,
  probeDrill,
  probeDto,
  probePoints,
  requireProbe,
  resumeProbe,
} from '../services/probes/run'

/** The probe-run channels: catalogue × symbols as a job, and the leaderboard of its results. */
export function probeRunHandlers(deps: Deps): ProbeRunHandlers {
  return {
    'probes-run': async (input) => probeDto(deps.jobs, await createProbe(deps, input, input.wait)),

    'probes-get': async (input) => probeDto(deps.jobs, await requireProbe(deps.db, input.jobId)),

    'probes-list': async () => (await listProbes(deps.db)).map((job) => probeDto(deps.jobs, job)),

    'probes-cancel': async (input) => {
      const job = await requireProbe(deps.db, input.jobId)
      return probeDto(deps.jobs, await cancelProbe(deps, job))
    },

    'probes-resume': async (input) => {
      const job = await requireProbe(deps.db, input.jobId)
      return probeDto(deps.jobs, await resumeProbe(deps, job, input.wait))
    },

    'probes-leaderboard': async (input) => {
      const job = await requireProbe(deps.db, input.jobId)
      const points = await probePoints(deps.db, job.id)
      return {
        job: probeDto(deps.jobs, job),
        leaderboard: leaderboardOf(points),
        heatmap: familyHeatmapOf(points, input.metric),
        best: bestPerSymbolOf(points, input.top, input.metric),
      }
    },

    'probes-export': async (input) => {
      const job = await requireProbe(deps.db, input.jobId)
      const board = leaderboardOf(await probePoints(deps.db, job.id))
      return { filename: `probe-${job.id}-leaderboard.csv`, csv: leaderboardCsv(board.rows) }
    },

    'probes-backtest': async (input) => {
      const job = await requireProbe(deps.db, input.jobId)
      return probeDrill(deps, job, input.symbol, input.strategy)
    },

    'probes-days': async (input) => {
      const job = await requireProbe(deps.db, input.jobId)
      return readProbeDays(deps.db, job.id, input)
    },
  }
}
