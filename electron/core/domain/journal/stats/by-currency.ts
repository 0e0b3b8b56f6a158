/** Totals of one currency; money in that currency. The contract's `CurrencyStatsDto` is this type. */
export type CurrencyStats = {
  currency: string
  /** Every campaign in this currency, whatever its status. */
  campaigns: number
  closed: number
  wins: number
  losses: number
  grossPnl: number
  fees: number
  netPnl: number
  /** wins ÷ closed; null with nothing closed. */
  winRate: number | null
}

/** What the per-currency totals need of a campaign: its currency and, once closed, its money. */
export type CurrencyCampaign = {
  currency: string
  /** Null while the campaign is open or its opening predates the data. */
  closed: { netPnl: number; grossPnl: number; fees: number } | null
}

type Totals = {
  campaigns: number
  closed: number
  wins: number
  losses: number
  grossCents: number
  feesCents: number
  netCents: number
}

/**
 * One row per currency, summed in integer cents as `computeStats` sums, so a row equals the
 * statistics of that currency alone. Most closed campaigns first, then by code.
 */
export function currencyRows(campaigns: Iterable<CurrencyCampaign>): CurrencyStats[] {
  const totals = new Map<string, Totals>()
  for (const c of campaigns) {
    let t = totals.get(c.currency)
    if (!t) {
      t = { campaigns: 0, closed: 0, wins: 0, losses: 0, grossCents: 0, feesCents: 0, netCents: 0 }
      totals.set(c.currency, t)
    }
    t.campaigns += 1
    if (!c.closed) continue
    const net = cents(c.closed.netPnl)
    t.closed += 1
    t.grossCents += cents(c.closed.grossPnl)
    t.feesCents += cents(c.closed.fees)
    t.netCents += net
    if (net > 0) t.wins += 1
    if (net < 0) t.losses += 1
  }
  return orderCurrencyRows(
    [...totals.entries()].map(([currency, t]) => ({
      currency,
      campaigns: t.campaigns,
      closed: t.closed,
      wins: t.wins,
      losses: t.losses,
      grossPnl: t.grossCents / 100,
      fees: t.feesCents / 100,
      netPnl: t.netCents / 100,
      winRate: t.closed > 0 ? t.wins / t.closed : null,
    })),
  )
}

/** Currency rows in the order every answer shows them: most closed campaigns first, then code. */
export function orderCurrencyRows(rows: readonly CurrencyStats[]): CurrencyStats[] {
  return [...rows].sort((a, b) => b.closed - a.closed || cmp(a.currency, b.currency))
}

/**
 * The currency the headline statistics are in: `requested` when given (spelled as the data
 * spells it when only the case differs), else the first of `rows` (most closed campaigns, ties
 * alphabetical, as `currencyRows` orders them), null without any row.
 */
export function headlineCurrency(
  rows: readonly Pick<CurrencyStats, 'currency'>[],
  requested?: string,
): string | null {
  if (requested !== undefined) {
    if (rows.some((r) => r.currency === requested)) return requested
    const upper = requested.toUpperCase()
    return rows.find((r) => r.currency.toUpperCase() === upper)?.currency ?? requested
  }
  return rows[0]?.currency ?? null
}

function cents(money: number): number {
  return Math.round(money * 100)
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
