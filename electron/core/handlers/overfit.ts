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
import { pboOfJob, pboOfReturns } from '../services/overfit/grid-returns'

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

    'overfit-pbo': (input) => {
      const options = { blocks: input.blocks, logits: input.logits }
      // No channel cancels a PBO yet; closing the core does, and it answers `cancelled`.
      const signal = deps.jobs.closing
      if ('returns' in input) return pboOfReturns(deps.jobs.runPool, input.returns, options, signal)
      return pboOfJob(deps, input.jobId, options, signal)
    },

    'overfit-drawdowns': (input) => answer(drawdownDistribution(input.tradeReturns, input)),
  }
}
