// Ranking a probe run: every catalogue strategy across every symbol it ran on, from the stored
// whole-period results. Medians, not means: one symbol's freak result must not carry a strategy.
// Next to the leader stands its deflated Sharpe ratio given how many strategies were tried
// (Bailey & López de Prado 2014): the best of many is expected to look good by luck alone.
import { deflatedSharpe, sharpeVariance, type DsrResult } from '../overfit'

/** What the ranking reads of one stored symbol × strategy result. */
export type ProbePoint = {
  strategy: string
  displayName: string
  family: string
  symbol: string
  /** Annualised Sharpe ratio; null when undefined (no variance) or the run failed. */
  sharpe: number | null
  returnPct: number | null
  /** Buy and hold of the symbol over the strategy's tested window. */
  buyHoldReturnPct: number | null
  /** Maximum drawdown in percent, negative (backtesting.py's sign). */
  maxDrawdownPct: number | null
  trades: number
  /** Per-period moments of the run's returns (for the deflated Sharpe ratio). */
  moments: { sharpe: number; skew: number; kurtosis: number; observations: number } | null
  /** Why the run failed (too few bars in the period, …); its figures are then null. */
  error?: string | null | undefined
}

/** One strategy's line of the leaderboard. */
export type LeaderboardRow = {
  rank: number
  strategy: string
  displayName: string
  family: string
  /** Symbols with a result (failed runs not counted). */
  symbols: number
  failed: number
  medianSharpe: number | null
  /** Share of its symbols with a positive return, 0 … 1. */
  profitableShare: number | null
  medianReturnPct: number | null
  /** Median over symbols of (return − buy and hold of the same window). */
  medianExcessPct: number | null
  /** Share of its symbols where it beat buy and hold, 0 … 1. */
  beatBuyHoldShare: number | null
  medianDrawdownPct: number | null
  /** The deepest drawdown over its symbols (most negative). */
  worstDrawdownPct: number | null
  trades: number
  medianTrades: number | null
}

/** The honest word on the leader: its DSR given the strategies tried, or why there is none. */
export type LeaderDsr = {
  strategy: string
  /** Strategies tried: those with per-period moments on at least one symbol. */
  trials: number
  /** The leader's median per-period Sharpe ratio over its symbols. */
  sharpe: number
  /** Cross-strategy variance of the median per-period Sharpe ratios. */
  sharpeVariance: number
  observations: number
  skew: number
  kurtosis: number
  result: DsrResult | null
  /** Set when `result` is null. */
  reason?: string
}

/** A probe run's ranking. */
export type Leaderboard = {
  rows: LeaderboardRow[]
  symbols: string[]
  strategies: number
  leader: LeaderDsr | null
}

/** Metrics a heatmap or a per-symbol ranking can use. */
export type ProbeMetric = 'sharpe' | 'returnPct' | 'excessPct'

/** Families × symbols: `cells[f][s]` the median of the family's metric on the symbol. */
export type FamilyHeatmap = {
  metric: ProbeMetric
  families: string[]
  symbols: string[]
  cells: (number | null)[][]
}

/** A symbol's best strategies by a metric. */
export type SymbolBest = {
  symbol: string
  best: { strategy: string; family: string; value: number }[]
}

/** The median of the finite values; null when there are none. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const xs = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b)
  const n = xs.length
  if (n === 0) return null
  const mid = n >> 1
  return n % 2 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2
}

function share(
  points: readonly ProbePoint[],
  test: (p: ProbePoint) => boolean | null,
): number | null {
  let n = 0
  let yes = 0
  for (const p of points) {
    const t = test(p)
    if (t === null) continue
    n++
    if (t) yes++
  }
  return n ? yes / n : null
}

/** The metric of a point: `excessPct` is return minus buy and hold. */
export function metricOf(p: ProbePoint, metric: ProbeMetric): number | null {
  if (metric === 'sharpe') return p.sharpe
  if (metric === 'returnPct') return p.returnPct
  return p.returnPct === null || p.buyHoldReturnPct === null
    ? null
    : p.returnPct - p.buyHoldReturnPct
}

// Null last, then descending.
function byDesc(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1
  return b - a
}

/**
 * Ranks strategies by median Sharpe ratio across symbols (ties: median return, then name), with
 * the share of symbols profitable and beating buy and hold, the median return and excess, the
 * median and worst drawdown and the trades; and the deflated Sharpe ratio of the leader given
 * the number of strategies tried.
 */
export function leaderboardOf(points: readonly ProbePoint[]): Leaderboard {
  const groups = new Map<string, ProbePoint[]>()
  for (const p of points) {
    const g = groups.get(p.strategy)
    if (g) g.push(p)
    else groups.set(p.strategy, [p])
  }
  const rows: LeaderboardRow[] = [...groups.values()].map((all) => {
    const first = all[0] as ProbePoint
    const ok = all.filter((p) => !p.error)
    const drawdowns = ok.map((p) => p.maxDrawdownPct).filter((d): d is number => d !== null)
    return {
      rank: 0,
      strategy: first.strategy,
      displayName: first.displayName,
      family: first.family,
      symbols: ok.length,
      failed: all.length - ok.length,
      medianSharpe: median(ok.map((p) => p.sharpe)),
      profitableShare: share(ok, (p) => (p.returnPct === null ? null : p.returnPct > 0)),
      medianReturnPct: median(ok.map((p) => p.returnPct)),
      medianExcessPct: median(ok.map((p) => metricOf(p, 'excessPct'))),
      beatBuyHoldShare: share(ok, (p) => {
        const x = metricOf(p, 'excessPct')
        return x === null ? null : x > 0
      }),
      medianDrawdownPct: median(drawdowns),
      worstDrawdownPct: drawdowns.length ? Math.min(...drawdowns) : null,
      trades: ok.reduce((a, p) => a + p.trades, 0),
      medianTrades: median(ok.map((p) => p.trades)),
    }
  })
  rows.sort(
    (a, b) =>
      byDesc(a.medianSharpe, b.medianSharpe) ||
      byDesc(a.medianReturnPct, b.medianReturnPct) ||
      (a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0),
  )
  rows.forEach((r, i) => (r.rank = i + 1))
  const symbols = [...new Set(points.map((p) => p.symbol))].sort()
  return { rows, symbols, strategies: rows.length, leader: leaderDsr(rows[0], groups) }
}

function leaderDsr(
  leader: LeaderboardRow | undefined,
  groups: ReadonlyMap<string, ProbePoint[]>,
): LeaderDsr | null {
  if (!leader) return null
  const perPeriod = new Map<string, number>()
  for (const [name, all] of groups) {
    const m = median(all.map((p) => (p.error ? null : (p.moments?.sharpe ?? null))))
    if (m !== null) perPeriod.set(name, m)
  }
  const runs = (groups.get(leader.strategy) ?? []).filter((p) => !p.error && p.moments)
  const sharpe = perPeriod.get(leader.strategy)
  const base = {
    strategy: leader.strategy,
    trials: perPeriod.size,
    sharpe: sharpe ?? 0,
    sharpeVariance: sharpeVariance([...perPeriod.values()]),
    observations: Math.round(median(runs.map((p) => p.moments?.observations)) ?? 0),
    skew: median(runs.map((p) => p.moments?.skew)) ?? 0,
    kurtosis: median(runs.map((p) => p.moments?.kurtosis)) ?? 3,
  }
  if (sharpe === undefined) {
    return { ...base, result: null, reason: 'the leader has no returns with variance' }
  }
  const dsr = deflatedSharpe(base)
  return dsr.ok
    ? { ...base, result: dsr.value }
    : { ...base, result: null, reason: dsr.error.message }
}

/** Families × symbols, each cell the median of the family's `metric` on that symbol. */
export function familyHeatmapOf(
  points: readonly ProbePoint[],
  metric: ProbeMetric = 'sharpe',
): FamilyHeatmap {
  const families = [...new Set(points.map((p) => p.family))].sort()
  const symbols = [...new Set(points.map((p) => p.symbol))].sort()
  const values = new Map<string, (number | null)[]>()
  for (const p of points) {
    if (p.error) continue
    const key = `${p.family}\u0000${p.symbol}`
    const v = values.get(key)
    if (v) v.push(metricOf(p, metric))
    else values.set(key, [metricOf(p, metric)])
  }
  const cells = families.map((f) => symbols.map((s) => median(values.get(`${f}\u0000${s}`) ?? [])))
  return { metric, families, symbols, cells }
}

/** Each symbol's `top` strategies by `metric`, best first (runs without the metric left out). */
export function bestPerSymbolOf(
  points: readonly ProbePoint[],
  top = 3,
  metric: ProbeMetric = 'sharpe',
): SymbolBest[] {
  const bySymbol = new Map<string, { strategy: string; family: string; value: number }[]>()
  for (const p of points) {
    const value = p.error ? null : metricOf(p, metric)
    if (value === null || !Number.isFinite(value)) continue
    const list = bySymbol.get(p.symbol) ?? []
    list.push({ strategy: p.strategy, family: p.family, value })
    bySymbol.set(p.symbol, list)
  }
  return [...bySymbol.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([symbol, list]) => ({
      symbol,
      best: list
        .sort((a, b) => b.value - a.value || (a.strategy < b.strategy ? -1 : 1))
        .slice(0, top),
    }))
}

const CSV_COLUMNS: (keyof LeaderboardRow)[] = [
  'rank',
  'strategy',
  'displayName',
  'family',
  'symbols',
  'failed',
  'medianSharpe',
  'profitableShare',
  'medianReturnPct',
  'medianExcessPct',
  'beatBuyHoldShare',
  'medianDrawdownPct',
  'worstDrawdownPct',
  'trades',
  'medianTrades',
]

function csvCell(v: string | number | null): string {
  if (v === null) return ''
  const s = String(v)
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** The leaderboard as CSV (RFC 4180, a header line, empty cells for missing figures). */
export function leaderboardCsv(rows: readonly LeaderboardRow[]): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const r of rows) lines.push(CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))
  return lines.join('\n') + '\n'
}
