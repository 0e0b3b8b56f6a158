import {
  computeStats,
  TradeLog,
  type BacktestStats,
  type BacktestTrade,
  type ExitReason,
} from '../backtest'
import type { BarColumns } from '../market/bars'
import { err, ok, type Result } from '../result'

/**
 * How a walk-forward cuts the bars: in-sample and out-of-sample lengths and the step between
 * windows, in bars. Rolling windows move the in-sample start with the step; anchored ones keep
 * it at the first bar and grow.
 */
export type WindowPlan = {
  inSample: number
  outOfSample: number
  /** Bars between window starts; default `outOfSample`, so the out-of-sample slices tile. */
  step?: number | undefined
  isAnchored: boolean
}

/** One window in bar indexes, half-open: in-sample `[isStart, isEnd)`, then `[oosStart, oosEnd)`. */
export type WalkWindow = {
  index: number
  isStart: number
  isEnd: number
  oosStart: number
  oosEnd: number
}

/**
 * The windows of a walk-forward over `barCount` bars: window k's in-sample ends at
 * `inSample + k·step` (rolling: starts `k·step`; anchored: starts at 0) and its out-of-sample is
 * the next `outOfSample` bars; only whole out-of-sample slices are kept. Fails (`invalid-input`)
 * for lengths below 2, a step below 1, or bars too few for one window.
 */
export function planWindows(barCount: number, plan: WindowPlan): Result<WalkWindow[]> {
  const step = plan.step ?? plan.outOfSample
  const issues: { path: string[]; message: string }[] = []
  if (!(Number.isInteger(plan.inSample) && plan.inSample >= 2)) {
    issues.push({ path: ['inSample'], message: 'must be a whole number of bars ≥ 2' })
  }
  if (!(Number.isInteger(plan.outOfSample) && plan.outOfSample >= 2)) {
    issues.push({ path: ['outOfSample'], message: 'must be a whole number of bars ≥ 2' })
  }
  if (!(Number.isInteger(step) && step >= 1)) {
    issues.push({ path: ['step'], message: 'must be a whole number of bars ≥ 1' })
  }
  if (issues.length === 0 && plan.inSample + plan.outOfSample > barCount) {
    issues.push({
      path: ['inSample'],
      message: `one window needs ${plan.inSample + plan.outOfSample} bars; ${barCount} are stored`,
    })
  }
  if (issues.length) {
    return err({
      code: 'invalid-input',
      message: `invalid walk-forward windows (${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
      issues,
    })
  }
  const out: WalkWindow[] = []
  for (let k = 0; ; k++) {
    const isEnd = plan.inSample + k * step
    const oosEnd = isEnd + plan.outOfSample
    if (oosEnd > barCount) break
    out.push({
      index: k,
      isStart: plan.isAnchored ? 0 : k * step,
      isEnd,
      oosStart: isEnd,
      oosEnd,
    })
  }
  return ok(out)
}

/** The bars `[from, to)` as views, without copying. */
export function barsBetween(bars: BarColumns, from: number, to: number): BarColumns {
  return {
    time: bars.time.subarray(from, to),
    open: bars.open.subarray(from, to),
    high: bars.high.subarray(from, to),
    low: bars.low.subarray(from, to),
    close: bars.close.subarray(from, to),
    volume: bars.volume.subarray(from, to),
  }
}

/** One out-of-sample run to stitch: its window and the backtest of its slice alone. */
export type OutOfSampleRun = {
  window: WalkWindow
  equity: readonly number[]
  trades: readonly BacktestTrade[]
}

/** The stitched out-of-sample record: equity per bar, its times, statistics and scale factors. */
export type StitchedEquity = {
  time: number[]
  equity: number[]
  /** Per window, the factor its slice's equity (and trade sizes) were scaled by. */
  scale: number[]
  stats: BacktestStats
}

const REASON_CODES: Record<ExitReason, number> = {
  signal: 0,
  'stop-loss': 1,
  'take-profit': 2,
  'trailing-stop': 3,
  'end-of-data': 4,
  'out-of-money': 5,
  'time-exit': 6,
}

/**
 * Joins the out-of-sample runs (in window order, slices adjacent or apart) into one record, as
 * trading them one after the other with the money carried over: slice k's equity (and its trades'
 * sizes, P&L and commissions) scaled so it starts where slice k − 1 ended, the first at its own
 * cash. Statistics are `computeStats` of the joined equity and trades (no warm-up: each slice's
 * own warm-up is flat inside it). Fails (`invalid-input`) with no runs, or a run whose equity
 * does not span its slice.
 */
export function stitchOutOfSample(
  bars: BarColumns,
  runs: readonly OutOfSampleRun[],
): Result<StitchedEquity> {
  if (runs.length === 0) {
    return err({ code: 'invalid-input', message: 'no out-of-sample run to stitch' })
  }
  let n = 0
  for (const r of runs) {
    if (r.equity.length !== r.window.oosEnd - r.window.oosStart) {
      return err({
        code: 'invalid-input',
        message: `window ${r.window.index}: equity of ${r.equity.length} bars for a slice of ${r.window.oosEnd - r.window.oosStart}`,
      })
    }
    n += r.equity.length
  }
  const time = new Float64Array(n)
  const close = new Float64Array(n)
  const equity = new Float64Array(n)
  const log = new TradeLog()
  const scale: number[] = []
  let at = 0
  let carried = runs[0]?.equity[0] as number
  for (const r of runs) {
    const start = r.equity[0] as number
    const f = carried / start
    scale.push(f)
    const w = r.window
    for (let i = 0; i < r.equity.length; i++) {
      time[at + i] = bars.time[w.oosStart + i] as number
      close[at + i] = bars.close[w.oosStart + i] as number
      equity[at + i] = (r.equity[i] as number) * f
    }
    for (const t of r.trades) {
      const commissions = t.size * (t.exitPrice - t.entryPrice) - t.pnl
      log.push(
        t.size * f,
        t.entryBar + at,
        t.exitBar + at,
        t.entryPrice,
        t.exitPrice,
        commissions * f,
        REASON_CODES[t.exitReason],
      )
    }
    at += r.equity.length
    carried = equity[at - 1] as number
  }
  const stats = computeStats(time, close, equity, log, 0)
  return ok({ time: Array.from(time), equity: Array.from(equity), scale, stats })
}

/**
 * Walk-forward efficiency as Pardo defines it (R. Pardo, *The Evaluation and Optimization of
 * Trading Strategies*, 2nd ed., Wiley 2008, the chapter on walk-forward analysis): the annualised
 * out-of-sample return over the annualised in-sample return of the optimised parameters, so that
 * 1 means the out-of-sample periods earned at the in-sample rate. Null when either is undefined
 * or the in-sample return is not positive (the ratio then means nothing).
 */
export function walkForwardEfficiency(
  inSampleAnnPct: number | null,
  outOfSampleAnnPct: number | null,
): number | null {
  if (inSampleAnnPct === null || outOfSampleAnnPct === null || !(inSampleAnnPct > 0)) return null
  return outOfSampleAnnPct / inSampleAnnPct
}
