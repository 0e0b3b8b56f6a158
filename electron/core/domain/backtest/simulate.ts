import { PY_EPSILON, pyFloorDiv } from './py-math'

/** Per-bar strategy decision flags, evaluated at a bar's close with data up to that bar only. */
export const Signal = {
  EnterLong: 1,
  EnterShort: 2,
  ExitLong: 4,
  ExitShort: 8,
} as const

/** Why a trade ended. */
export type ExitReason =
  'signal' | 'stop-loss' | 'take-profit' | 'trailing-stop' | 'end-of-data' | 'out-of-money'

const REASONS: ExitReason[] = [
  'signal',
  'stop-loss',
  'take-profit',
  'trailing-stop',
  'end-of-data',
  'out-of-money',
]
const R_SIGNAL = 0
const R_SL = 1
const R_TP = 2
const R_TRAIL = 3
const R_END = 4
const R_OOM = 5

/** Sizing kinds, as small integers for the hot loop. */
export const SizingKind = { All: 0, Fraction: 1, Units: 2, Risk: 3 } as const
/** Entry order kinds. */
export const EntryKind = { Market: 0, Limit: 1, Stop: 2 } as const

/** Everything the broker loop needs, already resolved to numbers. */
export type SimConfig = {
  cash: number
  commissionRate: number
  commissionPerUnit: number
  commissionFixed: number
  spread: number
  slippage: number
  leverage: number
  sizingKind: number
  sizingValue: number
  isFractional: boolean
  entryKind: number
  /** Limit/stop distance from the signal close, as a fraction. */
  entryOffset: number
  /** Stop-loss distance from the entry reference price, as a fraction (NaN: none). */
  stopLoss: number
  /** Take-profit distance, as a fraction (NaN: none). */
  takeProfit: number
  /** Trailing stop distance as a fraction of the close (NaN: none). */
  trailingPct: number
  /** Trailing stop distance in ATR multiples, with the ATR column (null: none). */
  trailingAtr: Float64Array | null
  trailingAtrMultiple: number
  /** `true`: an entry signal closes any position and opens a new one; `false`: only when flat. */
  isReversing: boolean
  isFinalizing: boolean
}

/** Bar columns the broker reads. */
export type SimBars = {
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
}

/** Closed trades as columns (no per-trade objects in the hot path). */
export class TradeLog {
  count = 0
  size: Float64Array = new Float64Array(16)
  entryBar: Int32Array = new Int32Array(16)
  exitBar: Int32Array = new Int32Array(16)
  entryPrice: Float64Array = new Float64Array(16)
  exitPrice: Float64Array = new Float64Array(16)
  pnl: Float64Array = new Float64Array(16)
  returnFrac: Float64Array = new Float64Array(16)
  commissions: Float64Array = new Float64Array(16)
  reason: Uint8Array = new Uint8Array(16)

  reset(): void {
    this.count = 0
  }

  push(
    size: number,
    entryBar: number,
    exitBar: number,
    entryPrice: number,
    exitPrice: number,
    commissions: number,
    reason: number,
  ): void {
    if (this.count === this.size.length) this.grow()
    const k = this.count++
    this.size[k] = size
    this.entryBar[k] = entryBar
    this.exitBar[k] = exitBar
    this.entryPrice[k] = entryPrice
    this.exitPrice[k] = exitPrice
    this.commissions[k] = commissions
    this.pnl[k] = size * (exitPrice - entryPrice) - commissions
    const gross = Math.sign(size) * (exitPrice / entryPrice - 1)
    this.returnFrac[k] = gross - commissions / (Math.abs(size) * entryPrice)
    this.reason[k] = reason
  }

  reasonAt(k: number): ExitReason {
    return REASONS[this.reason[k] as number] ?? 'signal'
  }

  private grow(): void {
    const cap = this.size.length * 2
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap)
      b.set(a)
      return b
    }
    const g = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap)
      b.set(a)
      return b
    }
    this.size = f(this.size)
    this.entryBar = g(this.entryBar)
    this.exitBar = g(this.exitBar)
    this.entryPrice = f(this.entryPrice)
    this.exitPrice = f(this.exitPrice)
    this.pnl = f(this.pnl)
    this.returnFrac = f(this.returnFrac)
    this.commissions = f(this.commissions)
    const r = new Uint8Array(cap)
    r.set(this.reason)
    this.reason = r
  }
}

/** What a simulation leaves behind besides the trade log. */
export type SimOutcome = {
  /** Open trade left at the end (only when not finalizing), for the caller's information. */
  openSize: number
  /** Bars the broker actually stepped through (for throughput accounting). */
  steps: number
}

/**
 * The broker loop with backtesting.py 0.6.6 semantics (one position, `exclusive_orders`-style
 * replacement of a pending entry). Per bar `i` from `start`: pending orders are processed against
 * bar `i` (close order first, then stop-loss before take-profit, then the entry: market at the
 * open, limit/stop when touched, gaps filled at the open); equity is marked at the close; then the
 * strategy's signal for bar `i` queues orders for bar `i + 1`. Writes `equity` for every bar
 * (bars before `start` copy the first marked value) and appends closed trades to `log`.
 */
export function simulate(
  bars: SimBars,
  signals: Int8Array,
  start: number,
  cfg: SimConfig,
  equity: Float64Array,
  log: TradeLog,
): SimOutcome {
  const { open, high, low, close } = bars
  const n = close.length
  log.reset()
  const rate = cfg.commissionRate
  const perUnit = cfg.commissionPerUnit
  const fixed = cfg.commissionFixed
  const lev = cfg.leverage
  const slip = cfg.slippage
  const entryAdj = cfg.spread + slip

  let cash = cfg.cash
  // The open trade (size 0: none).
  let tSize = 0
  let tEntry = 0
  let tBar = 0
  let tSl = NaN
  let tTp = NaN
  let tTrailed = false
  // Pending orders.
  let closeQueued = false
  let hasEntry = false
  let eLong = true
  let eLimit = NaN
  let eStop = NaN
  let eSl = NaN
  let eTp = NaN
  let eRef = 0

  let steps = 0
  let i = start
  let isBroke = false

  const comm = (size: number, price: number): number =>
    fixed + Math.abs(size) * price * rate + Math.abs(size) * perUnit

  const closeTrade = (price: number, bar: number, reason: number): void => {
    const exit = slip ? price * (tSize > 0 ? 1 - slip : 1 + slip) : price
    const exitComm = comm(tSize, exit)
    cash += tSize * (exit - tEntry) - exitComm
    log.push(tSize, tBar, bar, tEntry, exit, exitComm + comm(tSize, tEntry), reason)
    tSize = 0
    tSl = NaN
    tTp = NaN
    tTrailed = false
  }

  // Contingent SL then TP of the open trade against bar `k`; true when the trade closed.
  const checkContingent = (o: number, h: number, l: number, k: number): boolean => {
    if (tSize > 0) {
      if (tSl === tSl && l <= tSl) {
        closeTrade(Math.min(o, tSl), k, tTrailed ? R_TRAIL : R_SL)
        return true
      }
      if (tTp === tTp && h >= tTp) {
        closeTrade(Math.max(o, tTp), k, R_TP)
        return true
      }
    } else if (tSize < 0) {
      if (tSl === tSl && h >= tSl) {
        closeTrade(Math.max(o, tSl), k, tTrailed ? R_TRAIL : R_SL)
        return true
      }
      if (tTp === tTp && l <= tTp) {
        closeTrade(Math.min(o, tTp), k, R_TP)
        return true
      }
    }
    return false
  }

  const processOrders = (k: number): void => {
    const o = open[k] as number
    const h = high[k] as number
    const l = low[k] as number
    if (closeQueued) {
      closeQueued = false
      if (tSize !== 0) closeTrade(o, k, R_SIGNAL)
    }
    if (tSize !== 0) checkContingent(o, h, l, k)
    if (!hasEntry) return
    let price: number
    let isMarket = false
    if (eStop === eStop) {
      const hit = eLong ? h >= eStop : l <= eStop
      if (!hit) return
      price = eLong ? Math.max(o, eStop) : Math.min(o, eStop)
    } else if (eLimit === eLimit) {
      const hit = eLong ? l <= eLimit : h >= eLimit
      if (!hit) return
      price = eLong ? Math.min(o, eLimit) : Math.max(o, eLimit)
    } else {
      price = o
      isMarket = true
    }
    hasEntry = false
    if (tSize !== 0) closeTrade(price, k, R_SIGNAL)
    const dir = eLong ? 1 : -1
    const adjusted = price * (1 + dir * entryAdj)
    // Equity and margin are marked at the bar's close, as the reference broker's `last_price`.
    const c = close[k] as number
    const eq = cash + (tSize !== 0 ? tSize * (c - tEntry) : 0)
    const marginAvail = Math.max(0, eq - (tSize !== 0 ? Math.abs(tSize) * c : 0) / lev)
    let orderSize: number
    let units: number
    const kind = cfg.sizingKind
    if (kind === SizingKind.All || kind === SizingKind.Fraction) {
      orderSize = kind === SizingKind.All ? 1 - PY_EPSILON : cfg.sizingValue
      const apc = adjusted + comm(orderSize, price) / orderSize
      units = cfg.isFractional
        ? (marginAvail * lev * orderSize) / apc
        : pyFloorDiv(marginAvail * lev * orderSize, apc)
      if (!(units > 0)) return
    } else if (kind === SizingKind.Units) {
      units = cfg.sizingValue
      orderSize = units
    } else {
      const perUnitRisk = Math.abs(eRef - eSl)
      units = (eq * cfg.sizingValue) / perUnitRisk
      if (!cfg.isFractional) units = Math.floor(units)
      if (!(units > 0) || !Number.isFinite(units)) return
      const apc = adjusted + comm(units, price) / units
      if (units * apc > marginAvail * lev) {
        units = cfg.isFractional ? (marginAvail * lev) / apc : Math.floor((marginAvail * lev) / apc)
        if (!(units > 0)) return
      }
      orderSize = units
    }
    const apc = adjusted + comm(orderSize, price) / orderSize
    if (units * apc > marginAvail * lev) return
    tSize = dir * units
    tEntry = adjusted
    tBar = k
    cash -= comm(tSize, adjusted)
    tSl = eSl
    tTp = eTp
    tTrailed = false
    if (isMarket) {
      if (tSl === tSl || tTp === tTp) checkContingent(o, h, l, k)
    } else if (eStop === eStop && eLimit !== eLimit && tTp === tTp) {
      // A stop entry whose take-profit lies inside the bar while its stop-loss does not: both move
      // the same way, so the reference broker fills the take-profit on the entry bar too.
      const sl = tSl
      if (
        (dir > 0 && tTp <= h && (sl === sl ? sl : -Infinity) < l) ||
        (dir < 0 && tTp >= l && (sl === sl ? sl : Infinity) > h)
      ) {
        checkContingent(o, h, l, k)
      }
    }
  }

  const mark = (k: number): number =>
    cash + (tSize !== 0 ? tSize * ((close[k] as number) - tEntry) : 0)

  for (; i < n; i++) {
    steps++
    processOrders(i)
    const eq = mark(i)
    equity[i] = eq
    if (eq <= 0) {
      if (tSize !== 0) closeTrade(close[i] as number, i, R_OOM)
      cash = 0
      for (let k = i; k < n; k++) equity[k] = 0
      isBroke = true
      break
    }
    // Strategy step at the close of bar i.
    const c = close[i] as number
    if (tSize !== 0) {
      let dist = NaN
      if (cfg.trailingPct === cfg.trailingPct) dist = c * cfg.trailingPct
      else if (cfg.trailingAtr) dist = (cfg.trailingAtr[i] as number) * cfg.trailingAtrMultiple
      if (dist === dist) {
        if (tSize > 0) {
          const s = c - dist
          if (!(tSl === tSl) || s > tSl) {
            tSl = s
            tTrailed = true
          }
        } else {
          const s = c + dist
          if (!(tSl === tSl) || s < tSl) {
            tSl = s
            tTrailed = true
          }
        }
      }
    }
    const sig = signals[i] as number
    if (sig === 0) continue
    if (tSize > 0 && sig & Signal.ExitLong) closeQueued = true
    else if (tSize < 0 && sig & Signal.ExitShort) closeQueued = true
    const wantLong = (sig & Signal.EnterLong) !== 0
    const wantShort = !wantLong && (sig & Signal.EnterShort) !== 0
    if (!wantLong && !wantShort) continue
    if (!cfg.isReversing && (tSize !== 0 || closeQueued)) continue
    if (tSize !== 0) closeQueued = true
    hasEntry = true
    eLong = wantLong
    const dir = wantLong ? 1 : -1
    eLimit = NaN
    eStop = NaN
    if (cfg.entryKind === EntryKind.Limit) eLimit = c * (1 - dir * cfg.entryOffset)
    else if (cfg.entryKind === EntryKind.Stop) eStop = c * (1 + dir * cfg.entryOffset)
    eRef = eLimit === eLimit ? eLimit : eStop === eStop ? eStop : c
    eSl = cfg.stopLoss === cfg.stopLoss ? eRef * (1 - dir * cfg.stopLoss) : NaN
    eTp = cfg.takeProfit === cfg.takeProfit ? eRef * (1 + dir * cfg.takeProfit) : NaN
  }

  if (!isBroke && start < n && cfg.isFinalizing) {
    // One more broker pass on the last bar (same OHLC) closes what is open at its open.
    const last = n - 1
    if (tSize !== 0) closeQueued = true
    const before = log.count
    processOrders(last)
    for (let k = before; k < log.count; k++) {
      if (log.reason[k] === R_SIGNAL && log.exitBar[k] === last) log.reason[k] = R_END
    }
    const eq = mark(last)
    equity[last] = eq
    if (eq <= 0) {
      if (tSize !== 0) closeTrade(close[last] as number, last, R_OOM)
      equity[last] = 0
    }
  }

  // Bars before the first step carry the first marked value (pandas `bfill`), or the cash.
  const first = start < n ? (equity[start] as number) : cfg.cash
  for (let k = 0; k < Math.min(start, n); k++) equity[k] = first
  return { openSize: tSize, steps }
}
