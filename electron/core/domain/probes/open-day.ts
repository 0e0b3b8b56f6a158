// The per-open-day aggregation of a probe run, what seed 001's `strategy_probe_results.open_day`
// ("trading day", indexed since its migration 021) exists for: beside the whole-period row of a
// symbol × strategy (`open_day` NULL), one row per trading day on which that strategy opened
// trades, holding only those trades' figures. It answers "how did the catalogue do on the trades
// it opened on day D" (an event day, a gap day, the days of a drawdown) with one indexed read.

/** What the aggregation reads of a trade: its entry time (epoch ms), P&L and return. */
export type OpenDayTrade = { entryTime: number; pnl: number; returnPct: number }

/** The trades one strategy opened on one day, aggregated. */
export type OpenDayAggregate = {
  /** The UTC calendar day of the entries, `YYYY-MM-DD` (daily bars are stamped 00:00 UTC). */
  openDay: string
  trades: number
  /** Share of those trades with a positive P&L, in percent. */
  winRatePct: number
  /** Gross profit over gross loss; null when no trade lost. */
  profitFactor: number | null
  pnl: number
  avgReturnPct: number
  bestReturnPct: number
  worstReturnPct: number
}

/** One row per UTC day on which trades opened, in day order. */
export function openDayAggregates(trades: readonly OpenDayTrade[]): OpenDayAggregate[] {
  const days = new Map<
    string,
    {
      n: number
      wins: number
      profit: number
      loss: number
      ret: number
      best: number
      worst: number
    }
  >()
  for (const t of trades) {
    const day = new Date(t.entryTime).toISOString().slice(0, 10)
    let d = days.get(day)
    if (!d) {
      d = { n: 0, wins: 0, profit: 0, loss: 0, ret: 0, best: -Infinity, worst: Infinity }
      days.set(day, d)
    }
    d.n++
    if (t.pnl > 0) {
      d.wins++
      d.profit += t.pnl
    } else d.loss -= t.pnl
    d.ret += t.returnPct
    d.best = Math.max(d.best, t.returnPct)
    d.worst = Math.min(d.worst, t.returnPct)
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([openDay, d]) => ({
      openDay,
      trades: d.n,
      winRatePct: (d.wins / d.n) * 100,
      profitFactor: d.loss > 0 ? d.profit / d.loss : null,
      pnl: d.profit - d.loss,
      avgReturnPct: d.ret / d.n,
      bestReturnPct: d.best,
      worstReturnPct: d.worst,
    }))
}
