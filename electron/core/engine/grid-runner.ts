import {
  IndicatorCache,
  parseSpec,
  prepareRun,
  runPreparedStats,
  TradeLog,
  type BacktestSpec,
  type ParsedBacktestSpec,
} from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import type { GridPoint } from './grid'
import type { GridRun } from './protocol'

/**
 * Runs grid points against one bar set, reusing indicator columns (one SMA per distinct period
 * across the whole grid), one equity buffer and one trade log. Used by the workers and inline.
 */
export class GridRunner {
  private readonly cache = new IndicatorCache()
  private readonly log = new TradeLog()
  private readonly base: ParsedBacktestSpec
  private equity: Float64Array
  steps = 0

  constructor(
    private readonly bars: BarColumns,
    baseSpec: BacktestSpec,
  ) {
    this.base = parseSpec(baseSpec)
    this.equity = new Float64Array(bars.close.length)
  }

  run(point: GridPoint): GridRun {
    try {
      const spec: ParsedBacktestSpec = {
        ...this.base,
        params: { ...this.base.params, ...point.params },
      }
      const run = prepareRun(this.bars, spec, this.cache)
      const n = run.bars.close.length
      if (this.equity.length !== n) this.equity = new Float64Array(n)
      const stats = runPreparedStats(run, this.equity, this.log)
      this.steps += Math.max(0, n - run.start)
      return { index: point.index, params: point.params, stats }
    } catch (err) {
      return {
        index: point.index,
        params: point.params,
        stats: null,
        error: err instanceof Error ? err.message : String(err),
      }
    }
  }
}
