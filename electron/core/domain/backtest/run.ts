import { err, ok, type DomainError, type Result } from '../result'
import { atr } from '../indicators'
import type { BarColumns } from '../market/bars'
import { planRules, ruleParams } from './rules'
import type { ParsedBacktestSpec } from './spec'
import { computeStats, type BacktestStats, type StatsConvention } from './stats'
import {
  EntryKind,
  simulate,
  SizingKind,
  TradeLog,
  type ExitReason,
  type SimConfig,
} from './simulate'
import { findBuiltin, IndicatorCache, warmupBars, type StrategyPlan } from './strategies'

/** One closed trade. Prices per unit; `returnPct` net of commissions, in percent. */
export type BacktestTrade = {
  entryBar: number
  exitBar: number
  entryTime: string
  exitTime: string
  entryPrice: number
  exitPrice: number
  /** Units; negative for shorts. */
  size: number
  pnl: number
  returnPct: number
  durationDays: number
  exitReason: ExitReason
}

/** The rules a result was computed with, so a trader can reproduce it elsewhere. */
export const REFERENCE_SEMANTICS = [
  'backtesting.py 0.6.6 (Backtest(..., finalize_trades=True), exclusive orders)',
  'signals are evaluated at a bar close; market orders fill at the next bar open',
  'a pending close runs before a new entry on the same open; stop-loss is checked before take-profit',
  'default size: whole units floor(cash·(1−ε) / (price·(1+spread) + commission per unit))',
  'commission charged at entry and at exit; spread paid on entry',
  'trading starts after indicator warm-up; buy & hold measured from the last warm-up bar close',
  'open trades are closed by one more broker pass on the last bar, at its open (an entry signalled on the last bar fills in that pass and stays open: openTrade)',
  'annualisation: geometric mean of the defined period returns over 252 periods (365 with weekend bars); CAGR over years of 365.25 days',
] as const

/** The line that replaces the annualisation rule under the 0.6.5 statistics convention. */
const CONVENTION_0_6_5 =
  'statistics: backtesting.py 0.6.5 convention (the undefined first period return counted as 0 in the annualised figures; CAGR over years of 252 periods, 365 with weekend bars)'

/** The semantics a result states for its statistics convention. */
export function semanticsOf(convention: StatsConvention): string[] {
  if (convention === '0.6.6') return [...REFERENCE_SEMANTICS]
  return [...REFERENCE_SEMANTICS.slice(0, -1), CONVENTION_0_6_5]
}

/** A finished run: statistics, trades and curves (JSON-safe). */
export type BacktestResult = {
  mode: 'reference'
  semantics: string[]
  strategy: { name: string; params: Record<string, number> }
  stats: BacktestStats
  trades: BacktestTrade[]
  /** Equity per bar of the tested range. */
  equity: number[]
  /** Drawdown per bar as a fraction of the running equity peak (0 … 1). */
  drawdown: number[]
  /** Bar times (epoch ms) of the tested range, aligned with `equity`. */
  time: number[]
  /**
   * A position still open at the end: without `finalizeTrades`, or opened by an entry filled in
   * the reference engine's final broker pass. It is marked in `equity` but not in the trades.
   */
  openTrade: { entryBar: number; entryTime: string; entryPrice: number; size: number } | null
}

/** A run prepared for repeated simulation (grids reuse the plan's cache). */
export type PreparedRun = {
  bars: BarColumns
  plan: StrategyPlan
  start: number
  warmup: number
  config: SimConfig
  params: Record<string, number>
  strategyName: string
  statsConvention: StatsConvention
}

function invalid(
  message: string,
  issues: { path: (string | number)[]; message: string }[],
): { ok: false; error: DomainError } {
  const detail = issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
  return err({
    code: 'invalid-input',
    message: detail ? `${message} (${detail})` : message,
    issues,
  })
}

function toMs(v: string | number): number {
  return typeof v === 'number' ? v : Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v)
}

/** The bars between `from` and `to` (inclusive), as views without copying. */
export function sliceBars(
  bars: BarColumns,
  from?: string | number,
  to?: string | number,
): BarColumns {
  const t = bars.time
  let a = 0
  let b = t.length
  if (from !== undefined) {
    const f = toMs(from)
    while (a < b && (t[a] as number) < f) a++
  }
  if (to !== undefined) {
    const e = toMs(to)
    while (b > a && (t[b - 1] as number) > e) b--
  }
  if (a === 0 && b === t.length) return bars
  return {
    time: bars.time.subarray(a, b),
    open: bars.open.subarray(a, b),
    high: bars.high.subarray(a, b),
    low: bars.low.subarray(a, b),
    close: bars.close.subarray(a, b),
    volume: bars.volume.subarray(a, b),
  }
}

/**
 * Resolves strategy, parameters and costs to a ready-to-simulate run, or fails with an
 * `invalid-input` error naming the path of each problem (an unknown strategy, bad parameters or
 * rules, too few bars, sizing that contradicts the orders). `cache` lets many runs on the same
 * bars share indicator columns.
 */
export function prepareRun(
  allBars: BarColumns,
  spec: ParsedBacktestSpec,
  cache: IndicatorCache = new IndicatorCache(),
): Result<PreparedRun> {
  const bars = sliceBars(allBars, spec.from, spec.to)
  if (bars.close.length < 2) {
    return invalid('need at least two bars in the tested range', [
      { path: ['from'], message: 'fewer than two bars' },
    ])
  }
  let plan: StrategyPlan
  let params: Record<string, number>
  let strategyName: string
  if (typeof spec.strategy === 'string') {
    const b = findBuiltin(spec.strategy)
    if (!b) {
      return invalid(`unknown strategy "${spec.strategy}"`, [
        { path: ['strategy'], message: `unknown strategy "${spec.strategy}"` },
      ])
    }
    const issues: { path: (string | number)[]; message: string }[] = []
    params = {}
    for (const p of b.params) {
      const v = spec.params[p.name] ?? p.default
      if (!Number.isFinite(v) || v < p.min || v > p.max) {
        issues.push({ path: ['params', p.name], message: `must be between ${p.min} and ${p.max}` })
      } else if (p.step >= 1 && !Number.isInteger(v)) {
        issues.push({ path: ['params', p.name], message: 'must be a whole number' })
      }
      params[p.name] = v
    }
    for (const k of Object.keys(spec.params)) {
      if (!b.params.some((p) => p.name === k)) {
        issues.push({ path: ['params', k], message: `"${b.name}" has no parameter "${k}"` })
      }
    }
    if (issues.length) return invalid(`invalid parameters for "${b.name}"`, issues)
    plan = b.plan(bars, params, cache)
    strategyName = b.name
  } else {
    params = {}
    for (const p of ruleParams(spec.strategy)) params[p.name] = spec.params[p.name] ?? p.default
    Object.assign(params, spec.params)
    const rules = planRules(bars, spec.strategy, spec.params, cache)
    if (!rules.ok) {
      return invalid(
        `invalid strategy rules: ${rules.error.message}`,
        rules.error.issues.map((i) => ({ ...i, path: ['strategy', ...i.path] })),
      )
    }
    plan = rules.value
    strategyName = spec.strategy.name
  }

  const sizing = plan.sizing ?? spec.sizing
  const o = spec.orders
  if (sizing.type === 'risk' && o.stopLossPct === undefined && o.stopLossAtr === undefined) {
    return invalid('risk sizing needs a stop-loss', [
      {
        path: ['orders', 'stopLossPct'],
        message: 'required when sizing is "risk" (or orders.stopLossAtr)',
      },
    ])
  }
  if (sizing.type === 'units' && spec.units === 'whole' && !Number.isInteger(sizing.value)) {
    return invalid('whole-unit sizing needs a whole number of units', [
      { path: ['sizing', 'value'], message: 'must be a whole number (or set units: "fractional")' },
    ])
  }
  const comm =
    typeof spec.commission === 'number'
      ? { rate: spec.commission, perUnit: 0, fixed: 0 }
      : spec.commission
  const warmup = warmupBars(plan.indicators)
  const config: SimConfig = {
    cash: spec.cash,
    commissionRate: comm.rate,
    commissionPerUnit: comm.perUnit,
    commissionFixed: comm.fixed,
    spread: spec.spread,
    slippage: spec.slippage,
    leverage: 1 / spec.margin,
    sizingKind:
      sizing.type === 'all'
        ? SizingKind.All
        : sizing.type === 'fraction'
          ? SizingKind.Fraction
          : sizing.type === 'units'
            ? SizingKind.Units
            : SizingKind.Risk,
    sizingValue: sizing.type === 'all' ? 1 : sizing.value,
    isFractional: spec.units === 'fractional',
    entryKind:
      o.entry === 'limit'
        ? EntryKind.Limit
        : o.entry === 'stop'
          ? EntryKind.Stop
          : EntryKind.Market,
    entryOffset: o.entryOffsetPct / 100,
    stopLoss: o.stopLossPct === undefined ? NaN : o.stopLossPct / 100,
    takeProfit: o.takeProfitPct === undefined ? NaN : o.takeProfitPct / 100,
    trailingPct: o.trailingStopPct === undefined ? NaN : o.trailingStopPct / 100,
    trailingAtr: o.trailingAtr
      ? cache.get(`atr:${o.trailingAtr.period}`, () => atr(bars, o.trailingAtr?.period ?? 14))
      : null,
    trailingAtrMultiple: o.trailingAtr?.multiple ?? NaN,
    stopAtr: o.stopLossAtr
      ? cache.get(`atr:${o.stopLossAtr.period}`, () => atr(bars, o.stopLossAtr?.period ?? 14))
      : null,
    stopAtrMultiple: o.stopLossAtr?.multiple ?? NaN,
    exitAfterBars: o.exitAfterBars ?? NaN,
    isReversing: plan.isReversing,
    isFinalizing: spec.finalizeTrades,
  }
  return ok({
    bars,
    plan,
    start: warmup + 1,
    warmup,
    config,
    params,
    strategyName,
    statsConvention: spec.statsConvention,
  })
}

/** Simulates a prepared run and computes its statistics only (no curves): the grid path. */
export function runPreparedStats(
  run: PreparedRun,
  equity: Float64Array = new Float64Array(run.bars.close.length),
  log: TradeLog = new TradeLog(),
): BacktestStats {
  simulate(run.bars, run.plan.signals, run.start, run.config, equity, log)
  return computeStats(run.bars.time, run.bars.close, equity, log, run.warmup, {
    convention: run.statsConvention,
  })
}

/**
 * Runs one backtest of a spec parsed at the boundary: pure, synchronous and deterministic. Fails
 * like `prepareRun` (`invalid-input` with the path of each problem).
 */
export function runBacktest(allBars: BarColumns, spec: ParsedBacktestSpec): Result<BacktestResult> {
  const prepared = prepareRun(allBars, spec)
  if (!prepared.ok) return prepared
  const run = prepared.value
  const { bars } = run
  const n = bars.close.length
  const equity = new Float64Array(n)
  const drawdown = new Float64Array(n)
  const log = new TradeLog()
  const outcome = simulate(bars, run.plan.signals, run.start, run.config, equity, log)
  const stats = computeStats(bars.time, bars.close, equity, log, run.warmup, {
    drawdown,
    convention: run.statsConvention,
  })
  const trades: BacktestTrade[] = []
  for (let k = 0; k < log.count; k++) {
    const eb = log.entryBar[k] as number
    const xb = log.exitBar[k] as number
    const et = bars.time[eb] as number
    const xt = bars.time[xb] as number
    trades.push({
      entryBar: eb,
      exitBar: xb,
      entryTime: new Date(et).toISOString(),
      exitTime: new Date(xt).toISOString(),
      entryPrice: log.entryPrice[k] as number,
      exitPrice: log.exitPrice[k] as number,
      size: log.size[k] as number,
      pnl: log.pnl[k] as number,
      returnPct: (log.returnFrac[k] as number) * 100,
      durationDays: (xt - et) / 86_400_000,
      exitReason: log.reasonAt(k),
    })
  }
  return ok({
    mode: 'reference',
    semantics: semanticsOf(run.statsConvention),
    strategy: { name: run.strategyName, params: run.params },
    stats,
    trades,
    equity: Array.from(equity),
    drawdown: Array.from(drawdown, (d) => (Number.isFinite(d) ? d : 0)),
    time: Array.from(bars.time),
    openTrade:
      outcome.openSize === 0
        ? null
        : {
            entryBar: outcome.openEntryBar,
            entryTime: new Date(bars.time[outcome.openEntryBar] as number).toISOString(),
            entryPrice: outcome.openEntryPrice,
            size: outcome.openSize,
          },
  })
}
