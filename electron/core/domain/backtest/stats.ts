import { median, nanMean, nanVar } from './py-math'
import type { TradeLog } from './simulate'

const DAY_MS = 86_400_000

/**
 * Summary statistics with backtesting.py 0.6.6 `compute_stats` definitions. Percentages are in
 * percent units, durations in days; `null` stands for the reference engine's NaN (undefined
 * ratios, no trades, no drawdown). The contract's `BacktestStatsDto` mirrors this shape; a
 * compile-time check in the tests keeps the two equal.
 */
export type BacktestStats = {
  start: string
  end: string
  durationDays: number
  exposurePct: number
  equityFinal: number
  equityPeak: number
  returnPct: number
  buyHoldReturnPct: number | null
  returnAnnPct: number | null
  volatilityAnnPct: number | null
  cagrPct: number | null
  sharpe: number | null
  sortino: number | null
  calmar: number | null
  alphaPct: number | null
  beta: number | null
  maxDrawdownPct: number
  avgDrawdownPct: number | null
  maxDrawdownDurationDays: number | null
  avgDrawdownDurationDays: number | null
  trades: number
  winRatePct: number | null
  bestTradePct: number | null
  worstTradePct: number | null
  avgTradePct: number | null
  maxTradeDurationDays: number | null
  avgTradeDurationDays: number | null
  profitFactor: number | null
  expectancyPct: number | null
  sqn: number | null
  kelly: number | null
}

/** Non-finite numbers become `null` so a result survives JSON. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null
}

function geometricMean(values: ArrayLike<number>, count: number): number {
  // Σ log(1 + r), taking one logarithm per block of products instead of one per value.
  let acc = 0
  let prod = 1
  for (let i = 0; i < count; i++) {
    const r = values[i] as number
    const g = (r === r ? r : 0) + 1
    if (g <= 0) return 0
    prod *= g
    if ((i & 31) === 31) {
      acc += Math.log(prod)
      prod = 1
    }
  }
  acc += Math.log(prod)
  return Math.exp(acc / (count || NaN)) - 1
}

// The smallest non-zero unit of a period (pandas `Timedelta.resolution_string`), in ms.
function resolutionMs(periodMs: number): number {
  if (!(periodMs > 0)) return DAY_MS
  const units = [DAY_MS, 3_600_000, 60_000, 1_000, 1]
  let res = DAY_MS
  let rest = periodMs
  for (const u of units) {
    const whole = Math.floor(rest / u)
    rest -= whole * u
    if (whole > 0) res = u
  }
  return res
}

function ceilDays(ms: number, res: number): number | null {
  if (!Number.isFinite(ms)) return null
  return (Math.ceil(ms / res - 1e-9) * res) / DAY_MS
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString()
}

// Calendar bucket of a timestamp for the resampling rule (D, W ending Sunday, month, year).
function bucketOf(ms: number, rule: 'D' | 'W' | 'ME' | 'YE'): number {
  const day = Math.floor(ms / DAY_MS)
  if (rule === 'D') return day
  if (rule === 'W') return Math.floor((day + 3) / 7)
  const d = new Date(ms)
  return rule === 'ME' ? d.getUTCFullYear() * 12 + d.getUTCMonth() : d.getUTCFullYear()
}

// Everything the statistics need from the bar times and closes alone, computed once per bar set
// (a grid reuses it across every run).
type StatsContext = {
  /** Rounding unit of durations (the data period's resolution), ms. */
  res: number
  annualDays: number
  /** Index of the last bar of each resampling period (day, week, month or year). */
  periodEnds: Int32Array
  /** Market log returns of the close, their mean and sum of squared deviations. */
  marketLog: Float64Array
  marketMean: number
  marketSs: number
}

const contexts = new WeakMap<Float64Array, WeakMap<Float64Array, StatsContext>>()

function statsContext(time: Float64Array, close: Float64Array): StatsContext {
  let inner = contexts.get(time)
  if (!inner) {
    inner = new WeakMap()
    contexts.set(time, inner)
  }
  const hit = inner.get(close)
  if (hit) return hit
  const n = time.length
  // Data period: median spacing of the last 100 bars (reference `_data_period`).
  const diffs: number[] = []
  for (let i = Math.max(1, n - 99); i < n; i++)
    diffs.push((time[i] as number) - (time[i - 1] as number))
  const period = median(diffs)
  const freqDays = Math.floor(period / DAY_MS)
  let weekend = 0
  for (let i = 0; i < n; i++) {
    // 1970-01-01 was a Thursday: weekday 0 is Sunday, 6 Saturday.
    const wd = (((Math.floor((time[i] as number) / DAY_MS) + 4) % 7) + 7) % 7
    if (wd === 0 || wd === 6) weekend++
  }
  const hasWeekends = weekend / n > (2 / 7) * 0.6
  const annualDays =
    freqDays === 7 ? 52 : freqDays === 31 ? 12 : freqDays === 365 ? 1 : hasWeekends ? 365 : 252
  const rule = freqDays === 7 ? 'W' : freqDays === 31 ? 'ME' : freqDays === 365 ? 'YE' : 'D'
  const ends: number[] = []
  let last = bucketOf(time[0] as number, rule)
  for (let i = 1; i < n; i++) {
    const bk = bucketOf(time[i] as number, rule)
    if (bk !== last) {
      ends.push(i - 1)
      last = bk
    }
  }
  ends.push(n - 1)
  const marketLog = new Float64Array(Math.max(0, n - 1))
  let mm = 0
  for (let i = 1; i < n; i++) {
    const v = Math.log((close[i] as number) / (close[i - 1] as number))
    marketLog[i - 1] = v
    mm += v
  }
  mm /= n - 1
  let ss = 0
  for (let i = 0; i < n - 1; i++) ss += ((marketLog[i] as number) - mm) ** 2
  const ctx: StatsContext = {
    res: resolutionMs(period),
    annualDays,
    periodEnds: Int32Array.from(ends),
    marketLog,
    marketMean: mm,
    marketSs: ss,
  }
  inner.set(close, ctx)
  return ctx
}

/**
 * Which backtesting.py release's definitions the annualised figures follow. `0.6.6` (the
 * default) is the released 0.6.6; `0.6.5` is the release before it, whose Return (Ann.),
 * Volatility (Ann.), Sharpe, Sortino and Calmar counted the undefined first period return as a
 * zero return and whose CAGR took a year as 252 (or 365) bar periods instead of 365.25 days.
 * Every other figure is the same under both.
 */
export type StatsConvention = '0.6.6' | '0.6.5'

/** Options of `computeStats`. */
export type StatsOptions = {
  /** Receives `1 − equity / running peak` per bar. */
  drawdown?: Float64Array | undefined
  convention?: StatsConvention | undefined
}

/**
 * Computes the statistics of one run. `equity` is the marked equity per bar, `warmupBars` the
 * reference's `_indicator_warmup_nbars` (buy & hold is measured from that bar's close).
 */
export function computeStats(
  time: Float64Array,
  close: Float64Array,
  equity: Float64Array,
  log: TradeLog,
  warmupBars: number,
  options: StatsOptions = {},
): BacktestStats {
  const { drawdown, convention = '0.6.6' } = options
  const n = equity.length
  const eq0 = equity[0] as number
  const eqN = equity[n - 1] as number

  // Drawdown, its peaks and durations between equity highs (reference
  // `compute_drawdown_duration_peaks`: segments between zero-drawdown bars and the last bar).
  let peak = -Infinity
  let maxDd = 0
  let ddPeakSum = 0
  let ddCount = 0
  let ddDurMax = -Infinity
  let ddDurSum = 0
  let prevZero = -1
  let segMax = 0
  let equityPeak = -Infinity
  for (let i = 0; i < n; i++) {
    const e = equity[i] as number
    if (e > peak) peak = e
    if (e > equityPeak) equityPeak = e
    const dd = 1 - e / peak
    if (drawdown) drawdown[i] = dd
    if (dd > maxDd) maxDd = dd
    if (dd > segMax) segMax = dd
    if (dd === 0 || i === n - 1) {
      if (prevZero >= 0 && i > prevZero + 1) {
        const dur = (time[i] as number) - (time[prevZero] as number)
        ddCount++
        ddPeakSum += segMax
        ddDurSum += dur
        if (dur > ddDurMax) ddDurMax = dur
      }
      if (dd === 0 || i === n - 1) {
        prevZero = i
        segMax = dd === dd ? dd : 0
      }
    }
  }

  const ctx = statsContext(time, close)
  const res = ctx.res
  const annualDays = ctx.annualDays
  // Period returns of the resampled equity (last value per period). 0.6.6 drops the undefined
  // ones (`pct_change().dropna()`: the first period, and 0 / 0 after equity reached zero), so
  // the geometric mean averages over returns only; 0.6.5 kept the first as NaN, counted as 0.
  const ends = ctx.periodEnds
  const m = ends.length
  const dayReturns = new Float64Array(m)
  let kept = 0
  if (convention === '0.6.5') dayReturns[kept++] = NaN
  for (let k = 1; k < m; k++) {
    const r = (equity[ends[k] as number] as number) / (equity[ends[k - 1] as number] as number) - 1
    if (r === r || convention === '0.6.5') dayReturns[kept++] = r
  }
  const gmeanDay = geometricMean(dayReturns, kept)
  const annualized = (1 + gmeanDay) ** annualDays - 1
  const variance = nanVar(dayReturns.subarray(0, kept), 1)
  const volAnn =
    Math.sqrt((variance + (1 + gmeanDay) ** 2) ** annualDays - (1 + gmeanDay) ** (2 * annualDays)) *
    100
  const durationMs = (time[n - 1] as number) - (time[0] as number)
  const durationDays =
    Math.floor(durationMs / DAY_MS) + (Math.floor(durationMs / 1000) % 86400) / 86400
  // Calendar years of 365.25 days (0.6.6); 0.6.5 divided by the periods per year (252 or 365).
  const years = durationDays / (convention === '0.6.5' ? annualDays : 365.25)
  const cagr = years ? ((eqN / eq0) ** (1 / years) - 1) * 100 : NaN
  const returnAnnPct = annualized * 100
  const sharpe = returnAnnPct / (volAnn || NaN)
  let downSq = 0
  let downN = 0
  for (let k = 0; k < kept; k++) {
    const r = dayReturns[k] as number
    if (r === r) {
      const c = r < 0 ? r : 0
      downSq += c * c
      downN++
    }
  }
  const sortino = annualized / (Math.sqrt(downSq / downN) * Math.sqrt(annualDays))
  const calmar = annualized / (maxDd || NaN)

  // Beta of equity log returns against the market's (sample covariance over all bars).
  let beta = NaN
  if (n > 2) {
    const ml = ctx.marketLog
    const mm = ctx.marketMean
    let se = 0
    let cross = 0
    for (let i = 1; i < n; i++) {
      const prev = equity[i - 1] as number
      const cur = equity[i] as number
      if (cur === prev) continue
      const a = Math.log(cur / prev)
      se += a
      cross += a * ((ml[i - 1] as number) - mm)
    }
    // Σ(a − ā)(b − b̄) = Σ a(b − b̄) because Σ(b − b̄) = 0; the ddof cancels in the ratio.
    beta = se === se ? cross / ctx.marketSs : NaN
  }
  const returnPct = ((eqN - eq0) / eq0) * 100
  const c0 = close[warmupBars] as number
  const buyHold = (((close[n - 1] as number) - c0) / c0) * 100
  const alpha = returnPct - beta * buyHold

  // Trades.
  const t = log.count
  // Bars covered by at least one trade; trades are logged in time order, so the union of their
  // [entry, exit] spans is a running sweep.
  let exposed = 0
  let lastCovered = -1
  let wins = 0
  let best = -Infinity
  let worst = Infinity
  let sumRet = 0
  let posRet = 0
  let negRet = 0
  let sumPl = 0
  let sumWin = 0
  let nWin = 0
  let sumLoss = 0
  let nLoss = 0
  let durMax = -Infinity
  let durSum = 0
  for (let k = 0; k < t; k++) {
    const eb = log.entryBar[k] as number
    const xb = log.exitBar[k] as number
    const from = eb > lastCovered ? eb : lastCovered + 1
    if (xb >= from) {
      exposed += xb - from + 1
      lastCovered = xb
    }
    const pl = log.pnl[k] as number
    const r = log.returnFrac[k] as number
    if (pl > 0) {
      wins++
      sumWin += pl
      nWin++
    } else if (pl < 0) {
      sumLoss += pl
      nLoss++
    }
    if (r > best) best = r
    if (r < worst) worst = r
    sumRet += r
    if (r > 0) posRet += r
    else if (r < 0) negRet += r
    sumPl += pl
    const dur = (time[xb] as number) - (time[eb] as number)
    durSum += dur
    if (dur > durMax) durMax = dur
  }
  const meanPl = t ? sumPl / t : NaN
  let ssPl = 0
  for (let k = 0; k < t; k++) ssPl += ((log.pnl[k] as number) - meanPl) ** 2
  const sdPl = t > 1 ? Math.sqrt(ssPl / (t - 1)) : NaN
  const winRate = t ? wins / t : NaN
  const kelly = winRate - (1 - winRate) / (sumWin / nWin / -(sumLoss / nLoss))

  return {
    start: isoOf(time[0] as number),
    end: isoOf(time[n - 1] as number),
    durationDays: durationMs / DAY_MS,
    exposurePct: (exposed / n) * 100,
    equityFinal: eqN,
    equityPeak,
    returnPct,
    buyHoldReturnPct: finiteOrNull(buyHold),
    returnAnnPct: finiteOrNull(returnAnnPct),
    volatilityAnnPct: finiteOrNull(volAnn),
    cagrPct: finiteOrNull(cagr),
    sharpe: finiteOrNull(sharpe),
    sortino: finiteOrNull(sortino),
    calmar: finiteOrNull(calmar),
    alphaPct: finiteOrNull(alpha),
    beta: finiteOrNull(beta),
    maxDrawdownPct: -maxDd * 100,
    avgDrawdownPct: ddCount ? -(ddPeakSum / ddCount) * 100 : null,
    maxDrawdownDurationDays: ddCount ? ceilDays(ddDurMax, res) : null,
    avgDrawdownDurationDays: ddCount ? ceilDays(ddDurSum / ddCount, res) : null,
    trades: t,
    winRatePct: finiteOrNull(winRate * 100),
    bestTradePct: t ? best * 100 : null,
    worstTradePct: t ? worst * 100 : null,
    avgTradePct: finiteOrNull(geometricMean(log.returnFrac, t) * 100),
    maxTradeDurationDays: t ? ceilDays(durMax, res) : null,
    avgTradeDurationDays: t ? ceilDays(durSum / t, res) : null,
    profitFactor: finiteOrNull(posRet / (Math.abs(negRet) || NaN)),
    expectancyPct: t ? (sumRet / t) * 100 : null,
    sqn: finiteOrNull((Math.sqrt(t) * meanPl) / (sdPl || NaN)),
    kelly: finiteOrNull(kelly),
  }
}

/** Mean of a column ignoring NaN; re-exported for callers that summarise runs. */
export { nanMean }
