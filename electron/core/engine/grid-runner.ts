import {
  IndicatorCache,
  prepareRun,
  runPreparedStats,
  TradeLog,
  type ParsedBacktestSpec,
} from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import { pointAt, type GridAxis } from './grid'
import type { GridRun } from './protocol'

/**
 * Runs grid points against one bar set, reusing indicator columns (one SMA per distinct period
 * across the whole grid), one equity buffer and one trade log. It takes the spec already parsed
 * (once, on the core thread): a worker never parses it again. Used by the workers and inline.
 */
export class GridRunner {
  private readonly cache = new IndicatorCache()
  private readonly log = new TradeLog()
  private equity: Float64Array
  steps = 0

  constructor(
    private readonly bars: BarColumns,
    private readonly base: ParsedBacktestSpec,
    private readonly axes: readonly GridAxis[],
  ) {
    this.equity = new Float64Array(bars.close.length)
  }

  run(index: number): GridRun {
    const params = pointAt(this.axes, index)
    const spec: ParsedBacktestSpec = { ...this.base, params: { ...this.base.params, ...params } }
    const prepared = prepareRun(this.bars, spec, this.cache)
    if (!prepared.ok) return { index, params, stats: null, error: prepared.error.message }
    const run = prepared.value
    const n = run.bars.close.length
    if (this.equity.length !== n) this.equity = new Float64Array(n)
    const stats = runPreparedStats(run, this.equity, this.log)
    this.steps += Math.max(0, n - run.start)
    return { index, params, stats }
  }
}
