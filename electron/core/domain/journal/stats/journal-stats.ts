import { localParts } from '../../time/zone'

/** A closed campaign as the statistics need it. Money is in the account currency. */
export type StatCampaign = {
  groupId: string
  symbol: string
  openedAt: string
  closedAt: string
  netPnl: number
  grossPnl: number
  fees: number
  strategy?: string | null
  tags?: readonly string[]
}

/** Results of one slice of campaigns (a symbol, a weekday, …). */
export type BreakdownRow = {
  key: string
  campaigns: number
  wins: number
  losses: number
  netPnl: number
  winRate: number | null
}

/** One trading day of the calendar. */
export type CalendarDay = {
  /** `YYYY-MM-DD` in the statistics' time zone, by closing time. */
  date: string
  netPnl: number
  campaigns: number
  wins: number
  losses: number
}

/** One point of the closed-campaign equity curve. */
export type EquityPoint = { at: string; groupId: string; netPnl: number; equity: number }

/** Every statistic over closed campaigns. Ratios are null when undefined (no losses, …). */
export type JournalStats = {
  closed: number
  wins: number
  losses: number
  breakeven: number
  grossPnl: number
  fees: number
  netPnl: number
  /** wins ÷ closed. */
  winRate: number | null
  /** Sum of winners ÷ |sum of losers|, on net P&L; null without a loser. */
  profitFactor: number | null
  /** Mean net P&L per closed campaign. */
  expectancy: number | null
  avgWin: number | null
  /** Mean net P&L of the losers, a negative amount. */
  avgLoss: number | null
  /** avgWin ÷ |avgLoss|. */
  payoffRatio: number | null
  largestWin: number | null
  /** The most negative net P&L. */
  largestLoss: number | null
  maxConsecutiveWins: number
  maxConsecutiveLosses: number
  /** Largest fall of closed-campaign equity from a running peak (starting at 0), positive. */
  maxDrawdown: number
  /** Mean ÷ sample sd of daily net P&L over trading days, × √252; null under 2 days or sd 0. */
  sharpeDaily: number | null
  breakdowns: {
    bySymbol: BreakdownRow[]
    byStrategy: BreakdownRow[]
    byWeekday: BreakdownRow[]
    byHour: BreakdownRow[]
    byTag: BreakdownRow[]
  }
  calendar: CalendarDay[]
  equity: EquityPoint[]
}

/** Options of `computeStats`. */
export type StatsOptions = {
  /** IANA zone for calendar days, weekdays and hours; default `UTC`. */
  timeZone?: string
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
/** Label of campaigns with no strategy in the strategy breakdown. */
export const NO_STRATEGY = '(none)'

/**
 * Statistics over closed campaigns, summed in integer cents so totals match a statement. Order
 * by closing time decides streaks, drawdown and the equity curve; weekday and hour come from
 * the opening time, calendar days from the closing time, both in `timeZone`.
 */
export function computeStats(
  campaigns: readonly StatCampaign[],
  options: StatsOptions = {},
): JournalStats {
  const zone = options.timeZone ?? 'UTC'
  const ordered = campaigns
    .map((c) => ({ c, ms: Date.parse(c.closedAt) }))
    .sort((a, b) => a.ms - b.ms || cmp(a.c.groupId, b.c.groupId))
    .map((k) => k.c)
  let wins = 0
  let losses = 0
  let winCents = 0
  let lossCents = 0
  let grossCents = 0
  let feesCents = 0
  let largestWin: number | null = null
  let largestLoss: number | null = null
  let winStreak = 0
  let lossStreak = 0
  let maxWinStreak = 0
  let maxLossStreak = 0
  let equityCents = 0
  let peakCents = 0
  let maxDrawdownCents = 0
  const equity: EquityPoint[] = []
  const days = new Map<string, CalendarDay & { cents: number }>()
  const slices = {
    bySymbol: new Map<string, Slice>(),
    byStrategy: new Map<string, Slice>(),
    byWeekday: new Map<string, Slice>(),
    byHour: new Map<string, Slice>(),
    byTag: new Map<string, Slice>(),
  }

  for (const c of ordered) {
    const net = cents(c.netPnl)
    grossCents += cents(c.grossPnl)
    feesCents += cents(c.fees)
    if (net > 0) {
      wins += 1
      winCents += net
      winStreak += 1
      lossStreak = 0
      if (largestWin === null || net > largestWin) largestWin = net
    } else if (net < 0) {
      losses += 1
      lossCents += net
      lossStreak += 1
      winStreak = 0
      if (largestLoss === null || net < largestLoss) largestLoss = net
    } else {
      winStreak = 0
      lossStreak = 0
    }
    if (winStreak > maxWinStreak) maxWinStreak = winStreak
    if (lossStreak > maxLossStreak) maxLossStreak = lossStreak
    equityCents += net
    if (equityCents > peakCents) peakCents = equityCents
    if (peakCents - equityCents > maxDrawdownCents) maxDrawdownCents = peakCents - equityCents
    equity.push({
      at: c.closedAt,
      groupId: c.groupId,
      netPnl: net / 100,
      equity: equityCents / 100,
    })

    const closed = localParts(Date.parse(c.closedAt), zone)
    const day = days.get(closed.date) ?? {
      date: closed.date,
      netPnl: 0,
      campaigns: 0,
      wins: 0,
      losses: 0,
      cents: 0,
    }
    day.cents += net
    day.campaigns += 1
    if (net > 0) day.wins += 1
    if (net < 0) day.losses += 1
    days.set(closed.date, day)

    const opened = localParts(Date.parse(c.openedAt), zone)
    addTo(slices.bySymbol, c.symbol, net)
    addTo(slices.byStrategy, c.strategy ?? NO_STRATEGY, net)
    addTo(slices.byWeekday, WEEKDAYS[opened.weekday] ?? String(opened.weekday), net)
    addTo(slices.byHour, String(opened.hour).padStart(2, '0'), net)
    for (const tag of new Set(c.tags ?? [])) addTo(slices.byTag, tag, net)
  }

  const closed = ordered.length
  const netCents = winCents + lossCents
  const calendar = [...days.values()]
    .sort((a, b) => cmp(a.date, b.date))
    .map(({ cents: dayCents, ...day }) => ({ ...day, netPnl: dayCents / 100 }))
  const avgWin = wins > 0 ? winCents / wins / 100 : null
  const avgLoss = losses > 0 ? lossCents / losses / 100 : null
  return {
    closed,
    wins,
    losses,
    breakeven: closed - wins - losses,
    grossPnl: grossCents / 100,
    fees: feesCents / 100,
    netPnl: netCents / 100,
    winRate: closed > 0 ? wins / closed : null,
    profitFactor: lossCents < 0 ? winCents / -lossCents : null,
    expectancy: closed > 0 ? netCents / closed / 100 : null,
    avgWin,
    avgLoss,
    payoffRatio: avgWin !== null && avgLoss !== null && avgLoss < 0 ? avgWin / -avgLoss : null,
    largestWin: largestWin === null ? null : largestWin / 100,
    largestLoss: largestLoss === null ? null : largestLoss / 100,
    maxConsecutiveWins: maxWinStreak,
    maxConsecutiveLosses: maxLossStreak,
    maxDrawdown: maxDrawdownCents / 100,
    sharpeDaily: sharpe(calendar.map((d) => d.netPnl)),
    breakdowns: {
      bySymbol: rows(slices.bySymbol),
      byStrategy: rows(slices.byStrategy),
      byWeekday: rows(slices.byWeekday, WEEKDAYS),
      byHour: rows(slices.byHour),
      byTag: rows(slices.byTag),
    },
    calendar,
    equity,
  }
}

/**
 * Annualised Sharpe ratio of daily P&L: mean ÷ sample standard deviation × √252, with no risk-free
 * rate (P&L is already an excess over holding cash). Null under two days or with zero spread.
 */
export function sharpe(daily: readonly number[]): number | null {
  const n = daily.length
  if (n < 2) return null
  const mean = daily.reduce((s, x) => s + x, 0) / n
  const variance = daily.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)
  const sd = Math.sqrt(variance)
  if (!(sd > 0)) return null
  return (mean / sd) * Math.sqrt(252)
}

type Slice = { campaigns: number; wins: number; losses: number; cents: number }

function addTo(map: Map<string, Slice>, key: string, net: number): void {
  const slice = map.get(key) ?? { campaigns: 0, wins: 0, losses: 0, cents: 0 }
  slice.campaigns += 1
  slice.cents += net
  if (net > 0) slice.wins += 1
  if (net < 0) slice.losses += 1
  map.set(key, slice)
}

function rows(map: Map<string, Slice>, order?: readonly string[]): BreakdownRow[] {
  const keys = [...map.keys()]
  keys.sort(order ? (a, b) => order.indexOf(a) - order.indexOf(b) : cmp)
  return keys.map((key) => {
    const s = map.get(key) ?? { campaigns: 0, wins: 0, losses: 0, cents: 0 }
    return {
      key,
      campaigns: s.campaigns,
      wins: s.wins,
      losses: s.losses,
      netPnl: s.cents / 100,
      winRate: s.campaigns > 0 ? s.wins / s.campaigns : null,
    }
  })
}

function cents(money: number): number {
  return Math.round(money * 100)
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
