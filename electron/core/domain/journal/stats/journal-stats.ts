import { zoneOffsetMs } from '../../time/zone'

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
  const n = campaigns.length
  const cols: StatColumns = {
    groupIds: campaigns.map((c) => c.groupId),
    symbols: campaigns.map((c) => c.symbol),
    openedMs: Float64Array.from(campaigns, (c) => Date.parse(c.openedAt)),
    closedMs: Float64Array.from(campaigns, (c) => Date.parse(c.closedAt)),
    netCents: Float64Array.from(campaigns, (c) => cents(c.netPnl)),
    grossCents: Float64Array.from(campaigns, (c) => cents(c.grossPnl)),
    feesCents: Float64Array.from(campaigns, (c) => cents(c.fees)),
    strategyOf: (i) => campaigns[i]?.strategy ?? null,
    tagsOf: (i) => campaigns[i]?.tags ?? [],
  }
  const rows = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) =>
      (cols.closedMs[a] ?? 0) - (cols.closedMs[b] ?? 0) ||
      cmp(cols.groupIds[a] ?? '', cols.groupIds[b] ?? ''),
  )
  return computeStatsOf(cols, rows, options)
}

/**
 * Closed campaigns column by column, money in integer cents, times in epoch milliseconds, as a
 * store that keeps many of them in memory holds them. Row `i` of every column is one campaign.
 */
export type StatColumns = {
  groupIds: readonly string[]
  symbols: readonly string[]
  openedMs: Float64Array
  closedMs: Float64Array
  netCents: Float64Array
  grossCents: Float64Array
  feesCents: Float64Array
  strategyOf: (row: number) => string | null
  tagsOf: (row: number) => readonly string[]
}

/** At most this many points of the equity curve are returned; a chart shows no more. */
export const EQUITY_POINTS_MAX = 2000

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/**
 * `computeStats` over the rows `rows` of `cols`, which must be in closing order (time, then
 * group id). The equity curve keeps every point up to `EQUITY_POINTS_MAX`; beyond that, each of
 * `EQUITY_POINTS_MAX / 2` equal runs of campaigns keeps its lowest and its highest point, so
 * peaks and drawdowns stay where they were, and the last point is always kept.
 */
export function computeStatsOf(
  cols: StatColumns,
  rows: ArrayLike<number>,
  options: StatsOptions = {},
): JournalStats {
  const zone = options.timeZone ?? 'UTC'
  const count = rows.length
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
  const equityCentsAt = new Float64Array(count)
  const days = new Map<number, CalendarDay & { cents: number }>()
  const slices = {
    bySymbol: new Map<string, Slice>(),
    byStrategy: new Map<string, Slice>(),
    byWeekday: new Map<string, Slice>(),
    byHour: new Map<string, Slice>(),
    byTag: new Map<string, Slice>(),
  }

  for (let k = 0; k < count; k++) {
    const i = rows[k] ?? 0
    const net = cols.netCents[i] ?? 0
    grossCents += cols.grossCents[i] ?? 0
    feesCents += cols.feesCents[i] ?? 0
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
    equityCentsAt[k] = equityCents
    if (equityCents > peakCents) peakCents = equityCents
    if (peakCents - equityCents > maxDrawdownCents) maxDrawdownCents = peakCents - equityCents

    const closedDay = localDay(cols.closedMs[i] ?? 0, zone)
    let day = days.get(closedDay)
    if (!day) {
      day = { date: dayText(closedDay), netPnl: 0, campaigns: 0, wins: 0, losses: 0, cents: 0 }
      days.set(closedDay, day)
    }
    day.cents += net
    day.campaigns += 1
    if (net > 0) day.wins += 1
    if (net < 0) day.losses += 1

    const opened = localDayHour(cols.openedMs[i] ?? 0, zone)
    addTo(slices.bySymbol, cols.symbols[i] ?? '', net)
    addTo(slices.byStrategy, cols.strategyOf(i) ?? NO_STRATEGY, net)
    addTo(slices.byWeekday, WEEKDAYS[opened.weekday] ?? String(opened.weekday), net)
    addTo(slices.byHour, HOURS[opened.hour] ?? String(opened.hour), net)
    const tags = cols.tagsOf(i)
    if (tags.length > 0) for (const tag of new Set(tags)) addTo(slices.byTag, tag, net)
  }

  const netCents = winCents + lossCents
  const calendar = [...days.values()]
    .sort((a, b) => cmp(a.date, b.date))
    .map(({ cents: dayCents, ...day }) => ({ ...day, netPnl: dayCents / 100 }))
  const avgWin = wins > 0 ? winCents / wins / 100 : null
  const avgLoss = losses > 0 ? lossCents / losses / 100 : null
  const point = (k: number): EquityPoint => {
    const i = rows[k] ?? 0
    return {
      at: new Date(cols.closedMs[i] ?? 0).toISOString(),
      groupId: cols.groupIds[i] ?? '',
      netPnl: (cols.netCents[i] ?? 0) / 100,
      equity: (equityCentsAt[k] ?? 0) / 100,
    }
  }
  return {
    closed: count,
    wins,
    losses,
    breakeven: count - wins - losses,
    grossPnl: grossCents / 100,
    fees: feesCents / 100,
    netPnl: netCents / 100,
    winRate: count > 0 ? wins / count : null,
    profitFactor: lossCents < 0 ? winCents / -lossCents : null,
    expectancy: count > 0 ? netCents / count / 100 : null,
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
      bySymbol: breakdownRows(slices.bySymbol),
      byStrategy: breakdownRows(slices.byStrategy),
      byWeekday: breakdownRows(slices.byWeekday, WEEKDAYS),
      byHour: breakdownRows(slices.byHour),
      byTag: breakdownRows(slices.byTag),
    },
    calendar,
    equity: equityIndices(equityCentsAt, count).map(point),
  }
}

/** Which points of an equity curve of `count` points to keep (see `computeStatsOf`). */
function equityIndices(equity: Float64Array, count: number): number[] {
  if (count <= EQUITY_POINTS_MAX) return Array.from({ length: count }, (_, k) => k)
  const buckets = EQUITY_POINTS_MAX / 2
  const keep: number[] = []
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * count) / buckets)
    const end = Math.floor(((b + 1) * count) / buckets)
    let lo = start
    let hi = start
    for (let k = start + 1; k < end; k++) {
      if ((equity[k] ?? 0) < (equity[lo] ?? 0)) lo = k
      if ((equity[k] ?? 0) > (equity[hi] ?? 0)) hi = k
    }
    if (lo === hi) keep.push(lo)
    else keep.push(Math.min(lo, hi), Math.max(lo, hi))
  }
  if (keep[keep.length - 1] !== count - 1) keep.push(count - 1)
  return keep
}

const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))

/** Days since the Unix epoch of the wall-clock date of `epochMs` in `zone`. */
function localDay(epochMs: number, zone: string): number {
  return Math.floor((Math.floor(epochMs / 1000) * 1000 + zoneOffsetMs(epochMs, zone)) / DAY_MS)
}

/** Weekday (0 = Sunday) and hour of the wall clock of `epochMs` in `zone`. */
function localDayHour(epochMs: number, zone: string): { weekday: number; hour: number } {
  const local = Math.floor(epochMs / 1000) * 1000 + zoneOffsetMs(epochMs, zone)
  const day = Math.floor(local / DAY_MS)
  // 1970-01-01 was a Thursday.
  return { weekday: (((day + 4) % 7) + 7) % 7, hour: Math.floor((local - day * DAY_MS) / HOUR_MS) }
}

const dayTexts = new Map<number, string>()

/** `YYYY-MM-DD` of a day number. */
function dayText(day: number): string {
  let text = dayTexts.get(day)
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10)
    if (dayTexts.size < 100_000) dayTexts.set(day, text)
  }
  return text
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

function breakdownRows(map: Map<string, Slice>, order?: readonly string[]): BreakdownRow[] {
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
