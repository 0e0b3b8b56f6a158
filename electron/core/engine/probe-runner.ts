import {
  computeStats,
  IndicatorCache,
  prepareRun,
  simulate,
  TradeLog,
  type ParsedBacktestSpec,
} from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import type { ProbeMoments, ProbeRun, ProbeTrade } from './protocol'

/**
 * Runs a probe's strategies (different rule specs, one period) over one symbol's bars: statistics,
 * every trade and the moments of the per-bar returns. One indicator cache serves every strategy
 * (an SMA(50) is computed once per symbol however many strategies use it): its keys name the
 * indicator, not the bars, which is sound because every spec of a probe covers the same period
 * of the same bars. The specs come parsed (once, on the core thread).
 */
export class ProbeRunner {
  private readonly cache = new IndicatorCache()
  private readonly log = new TradeLog()
  private equity: Float64Array
  steps = 0

  constructor(
    private readonly bars: BarColumns,
    private readonly specs: readonly ParsedBacktestSpec[],
  ) {
    this.equity = new Float64Array(bars.close.length)
  }

  run(index: number): ProbeRun {
    const spec = this.specs[index]
    if (!spec) return { index, stats: null, trades: [], moments: null, error: 'no such strategy' }
    const prepared = prepareRun(this.bars, spec, this.cache)
    if (!prepared.ok) {
      return { index, stats: null, trades: [], moments: null, error: prepared.error.message }
    }
    const run = prepared.value
    const { bars } = run
    const n = bars.close.length
    if (this.equity.length !== n) this.equity = new Float64Array(n)
    const equity = this.equity
    simulate(bars, run.plan.signals, run.start, run.config, equity, this.log)
    const stats = computeStats(bars.time, bars.close, equity, this.log, run.warmup, {
      convention: run.statsConvention,
    })
    this.steps += Math.max(0, n - run.start)
    const log = this.log
    const trades: ProbeTrade[] = new Array<ProbeTrade>(log.count)
    for (let k = 0; k < log.count; k++) {
      trades[k] = {
        entryTime: bars.time[log.entryBar[k] as number] as number,
        exitTime: bars.time[log.exitBar[k] as number] as number,
        entryPrice: log.entryPrice[k] as number,
        exitPrice: log.exitPrice[k] as number,
        size: log.size[k] as number,
        pnl: log.pnl[k] as number,
        returnPct: (log.returnFrac[k] as number) * 100,
        exitReason: log.reasonAt(k),
      }
    }
    return { index, stats, trades, moments: momentsOf(equity, run.warmup) }
  }
}

/**
 * Sharpe ratio (mean over sample standard deviation), population skew and raw kurtosis of the
 * per-bar returns from the bar after `from` on (the estimators of `domain/overfit`'s
 * `returnMoments`, without an array of returns); null for fewer than 2 returns or no variance.
 */
export function momentsOf(equity: Float64Array, from: number): ProbeMoments | null {
  const start = Math.max(1, from + 1)
  const n = equity.length - start
  if (n < 2) return null
  let sum = 0
  for (let t = start; t < equity.length; t++) {
    sum += (equity[t] as number) / (equity[t - 1] as number) - 1
  }
  const mean = sum / n
  let m2 = 0
  let m3 = 0
  let m4 = 0
  for (let t = start; t < equity.length; t++) {
    const d = (equity[t] as number) / (equity[t - 1] as number) - 1 - mean
    const d2 = d * d
    m2 += d2
    m3 += d2 * d
    m4 += d2 * d2
  }
  if (!(m2 > 0) || !Number.isFinite(m2)) return null
  const pop2 = m2 / n
  return {
    sharpe: mean / Math.sqrt(m2 / (n - 1)),
    skew: m3 / n / Math.pow(pop2, 1.5),
    kurtosis: m4 / n / (pop2 * pop2),
    observations: n,
  }
}
