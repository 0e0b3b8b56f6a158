import {
  IndicatorCache,
  prepareRun,
  runPreparedStats,
  TradeLog,
  type BacktestStats,
  type ParsedBacktestSpec,
} from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import { ok, type Result } from '../domain/result'
import { pointAt, type GridAxis } from './grid'
import type { GridRun, ReturnsBatch, ReturnsRun } from './protocol'

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
    const prepared = this.simulate(params)
    if (!prepared.ok) return { index, params, stats: null, error: prepared.error.message }
    return { index, params, stats: prepared.value }
  }

  /** One run of the base spec with `params` over its own, answered under `key` (an optimiser's ask). */
  runParams(key: number, params: Record<string, number>): GridRun {
    const prepared = this.simulate(params)
    if (!prepared.ok) return { index: key, params, stats: null, error: prepared.error.message }
    return { index: key, params, stats: prepared.value }
  }

  /**
   * The per-bar returns (equity[t] / equity[t − 1] − 1) of each variant, the base spec with its
   * parameters over it, packed one after the other; the equity is the one `runBacktest` gives.
   * The first variant the domain refuses fails the batch with its error.
   */
  returns(runs: readonly ReturnsRun[]): Result<ReturnsBatch> {
    let out: Float64Array | null = null
    let length = 0
    const before = this.steps
    for (const [k, r] of runs.entries()) {
      const simulated = this.simulate(r.params)
      if (!simulated.ok) return simulated
      const equity = this.equity
      if (!out) {
        length = Math.max(0, equity.length - 1)
        out = new Float64Array(runs.length * length)
      }
      const at = k * length
      for (let t = 1; t <= length; t++) {
        out[at + t - 1] = (equity[t] as number) / (equity[t - 1] as number) - 1
      }
    }
    return ok({
      keys: runs.map((r) => r.key),
      length,
      returns: out ?? new Float64Array(0),
      steps: this.steps - before,
    })
  }

  // One run of the base spec with `params` over its own: its statistics, its equity left in
  // `this.equity` until the next run.
  private simulate(params: Record<string, number>): Result<BacktestStats> {
    const spec: ParsedBacktestSpec = { ...this.base, params: { ...this.base.params, ...params } }
    const prepared = prepareRun(this.bars, spec, this.cache)
    if (!prepared.ok) return prepared
    const run = prepared.value
    const n = run.bars.close.length
    if (this.equity.length !== n) this.equity = new Float64Array(n)
    const stats = runPreparedStats(run, this.equity, this.log)
    this.steps += Math.max(0, n - run.start)
    return ok(stats)
  }
}
