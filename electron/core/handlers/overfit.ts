import type { OverfitHandlers } from '../contract/overfit'
import type { Deps } from '../deps'
import {
  deflatedSharpe,
  drawdownDistribution,
  minimumTrackRecord,
  probabilisticSharpe,
} from '../domain/overfit'
import type { Result } from '../domain/result'
import { toAppError } from '../errors'
import { gridReturns, pboOf } from '../services/overfit/grid-returns'

// The pure channels answer at once: a domain failure becomes the contract's error.
function answer<T>(result: Result<T>): Promise<T> {
  return result.ok ? Promise.resolve(result.value) : Promise.reject(toAppError(result.error))
}

/** The `overfit-*` channels: overfitting statistics of given figures or of a stored grid. */
export function overfitHandlers(deps: Deps): OverfitHandlers {
  return {
    'overfit-psr': (input) => answer(probabilisticSharpe(input)),

    'overfit-dsr': (input) => answer(deflatedSharpe(input)),

    'overfit-mintrl': (input) => answer(minimumTrackRecord(input)),

    'overfit-pbo': async (input) => {
      const options = { blocks: input.blocks, logits: input.logits }
      if ('returns' in input) {
        const n = input.returns[0]?.length ?? 0
        const series = Array.from({ length: n }, (_, j) =>
          input.returns.map((row) => row[j] ?? NaN),
        )
        const labels = series.map((_, index) => ({ index, variables: null }))
        return pboOf(series, labels, { ...options, jobId: null })
      }
      const grid = await gridReturns(deps.db, deps.jobs.gridPool, input.jobId)
      const labels = grid.runs.map((r) => ({ index: r.runIndex, variables: r.variables }))
      return pboOf(grid.series, labels, { ...options, jobId: input.jobId })
    },

    'overfit-drawdowns': (input) => answer(drawdownDistribution(input.tradeReturns, input)),
  }
}
