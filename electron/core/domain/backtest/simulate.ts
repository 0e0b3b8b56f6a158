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
  | 'signal'
  | 'stop-loss'
  | 'take-profit'
  | 'trailing-stop'
  | 'end-of-data'
  | 'out-of-money'
  | 'time-exit'

const REASONS: ExitReason[] = [
  'signal',
  'stop-loss',
  'take-profit',
  'trailing-stop',
  'end-of-data',
  'out-of-money',
  'time-exit',
]
const R_SIGNAL = 0
const R_SL = 1
const R_TP = 2
const R_TRAIL = 3
const R_END = 4
const R_OOM = 5
const R_TIME = 6

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
  /** Stop-loss distance in ATR multiples of the signal bar, with the ATR column (null: none). */
  stopAtr: Float64Array | null
  stopAtrMultiple: number
  /** Close a trade at the open after it has been held this many bars (NaN: no time exit). */
  exitAfterBars: number
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
  /** Trade still open at the end (size 0: none), e.g. without finalizing. */
  openSize: number
  openEntryPrice: number
  openEntryBar: number
  /** Bars the broker actually stepped through (for throughput accounting). */
  steps: number
}

function commission(
  size: number,
  price: number,
  fixed: number,
  rate: number,
  perUnit: number,
): number {
  const units = Math.abs(size)
  return fixed + units * price * rate + units * perUnit
}

// Broker state as fields of one object (not closure variables): V8 keeps monomorphic field
// access cheap, which the per-bar loop depends on.
class Broker {
  cash: number
  // The open trade (size 0: none).
  tSize = 0
  tEntry = 0
  tBar = 0
  tSl = NaN
  tTp = NaN
  isTrailed = false
  // Pending orders: a close of the open trade and at most one entry.
  isCloseQueued = false
  isTimeExit = false
  hasEntry = false
  isEntryLong = true
  eLimit = NaN
  eStop = NaN
  eSl = NaN
  eTp = NaN
  eRef = 0
  private readonly rate: number
  private readonly perUnit: number
  private readonly fixed: number
  private readonly slip: number
  private readonly entryAdj: number

  constructor(
    private readonly bars: SimBars,
    private readonly cfg: SimConfig,
    private readonly log: TradeLog,
  ) {
    this.cash = cfg.cash
    this.rate = cfg.commissionRate
    this.perUnit = cfg.commissionPerUnit
    this.fixed = cfg.commissionFixed
    this.slip = cfg.slippage
    this.entryAdj = cfg.spread + cfg.slippage
  }

  comm(size: number, price: number): number {
    return commission(size, price, this.fixed, this.rate, this.perUnit)
  }

  closeTrade(price: number, bar: number, reason: number): void {
    const size = this.tSize
    const slip = this.slip
    const exit = slip ? price * (size > 0 ? 1 - slip : 1 + slip) : price
    const exitComm = this.comm(size, exit)
    this.cash += size * (exit - this.tEntry) - exitComm
    this.log.push(
      size,
      this.tBar,
      bar,
      this.tEntry,
      exit,
      exitComm + this.comm(size, this.tEntry),
      reason,
    )
    this.tSize = 0
    this.tSl = NaN
    this.tTp = NaN
    this.isTrailed = false
  }

  // Contingent stop-loss, then take-profit, of the open trade against one bar.
  checkContingent(o: number, h: number, l: number, k: number): void {
    const sl = this.tSl
    const tp = this.tTp
    if (this.tSize > 0) {
      if (sl === sl && l <= sl) this.closeTrade(Math.min(o, sl), k, this.isTrailed ? R_TRAIL : R_SL)
      else if (tp === tp && h >= tp) this.closeTrade(Math.max(o, tp), k, R_TP)
    } else {
      if (sl === sl && h >= sl) this.closeTrade(Math.max(o, sl), k, this.isTrailed ? R_TRAIL : R_SL)
      else if (tp === tp && l <= tp) this.closeTrade(Math.min(o, tp), k, R_TP)
    }
  }

  processOrders(k: number): void {
    const o = this.bars.open[k] as number
    const h = this.bars.high[k] as number
    const l = this.bars.low[k] as number
    if (this.isCloseQueued) {
      this.isCloseQueued = false
      if (this.tSize !== 0) this.closeTrade(o, k, this.isTimeExit ? R_TIME : R_SIGNAL)
      this.isTimeExit = false
    }
    if (this.tSize !== 0 && (this.tSl === this.tSl || this.tTp === this.tTp)) {
      this.checkContingent(o, h, l, k)
    }
    if (this.hasEntry) this.fillEntry(o, h, l, k)
  }

  private fillEntry(o: number, h: number, l: number, k: number): void {
    const cfg = this.cfg
    const isLong = this.isEntryLong
    const stop = this.eStop
    const limit = this.eLimit
    let price: number
    let isMarket = false
    if (stop === stop) {
      if (!(isLong ? h >= stop : l <= stop)) return
      price = isLong ? Math.max(o, stop) : Math.min(o, stop)
    } else if (limit === limit) {
      if (!(isLong ? l <= limit : h >= limit)) return
      price = isLong ? Math.min(o, limit) : Math.max(o, limit)
    } else {
      price = o
      isMarket = true
    }
    this.hasEntry = false
    if (this.tSize !== 0) this.closeTrade(price, k, R_SIGNAL)
    const dir = isLong ? 1 : -1
    const adjusted = price * (1 + dir * this.entryAdj)
    // The reference broker marks margin at the bar's close (`last_price`); no trade is open here.
    const lev = cfg.leverage
    const eq = this.cash
    const marginAvail = Math.max(0, eq)
    let orderSize: number
    let units: number
    const kind = cfg.sizingKind
    if (kind === SizingKind.All || kind === SizingKind.Fraction) {
      orderSize = kind === SizingKind.All ? 1 - PY_EPSILON : cfg.sizingValue
      const apc = adjusted + this.comm(orderSize, price) / orderSize
      units = cfg.isFractional
        ? (marginAvail * lev * orderSize) / apc
        : pyFloorDiv(marginAvail * lev * orderSize, apc)
      if (!(units > 0)) return
    } else if (kind === SizingKind.Units) {
      units = cfg.sizingValue
      orderSize = units
    } else {
      units = (eq * cfg.sizingValue) / Math.abs(this.eRef - this.eSl)
      if (!cfg.isFractional) units = Math.floor(units)
      if (!(units > 0) || !Number.isFinite(units)) return
      const apc = adjusted + this.comm(units, price) / units
      if (units * apc > marginAvail * lev) {
        const cap = (marginAvail * lev) / apc
        units = cfg.isFractional ? cap : Math.floor(cap)
        if (!(units > 0)) return
      }
      orderSize = units
    }
    const apc = adjusted + this.comm(orderSize, price) / orderSize
    if (units * apc > marginAvail * lev) return
    this.tSize = dir * units
    this.tEntry = adjusted
    this.tBar = k
    this.cash -= this.comm(this.tSize, adjusted)
    this.tSl = this.eSl
    this.tTp = this.eTp
    this.isTrailed = false
    const sl = this.tSl
    const tp = this.tTp
    if (isMarket) {
      // Brackets of a market entry may fill on the entry bar itself.
      if (sl === sl || tp === tp) this.checkContingent(o, h, l, k)
    } else if (stop === stop && limit !== limit && tp === tp) {
      // A stop entry whose take-profit lies inside the bar while its stop-loss does not: both move
      // the same way, so the reference broker fills the take-profit on the entry bar too.
      const isTpInside =
        dir > 0
          ? tp <= h && (sl === sl ? sl : -Infinity) < l
          : tp >= l && (sl === sl ? sl : Infinity) > h
      if (isTpInside) this.checkContingent(o, h, l, k)
    }
  }

  // Strategy step at the close of bar `i`: trail the stop, then act on the bar's signal.
  decide(sig: number, c: number, i: number): void {
    const cfg = this.cfg
    // A time exit: the trade entered at bar tBar has been held `exitAfterBars` bars once bar
    // tBar + exitAfterBars − 1 closes, so it leaves at the next open.
    if (this.tSize !== 0 && i - this.tBar + 1 >= cfg.exitAfterBars && !this.isCloseQueued) {
      this.isCloseQueued = true
      this.isTimeExit = true
    }
    if (this.tSize !== 0) {
      let dist = NaN
      if (cfg.trailingPct === cfg.trailingPct) dist = c * cfg.trailingPct
      else if (cfg.trailingAtr) dist = (cfg.trailingAtr[i] as number) * cfg.trailingAtrMultiple
      if (dist === dist) {
        const sl = this.tSl
        if (this.tSize > 0) {
          const s = c - dist
          if (!(sl === sl) || s > sl) {
            this.tSl = s
            this.isTrailed = true
          }
        } else {
          const s = c + dist
          if (!(sl === sl) || s < sl) {
            this.tSl = s
            this.isTrailed = true
          }
        }
      }
    }
    if (sig === 0) return
    if (this.tSize > 0 && sig & Signal.ExitLong) this.isCloseQueued = true
    else if (this.tSize < 0 && sig & Signal.ExitShort) this.isCloseQueued = true
    const wantLong = (sig & Signal.EnterLong) !== 0
    if (!wantLong && (sig & Signal.EnterShort) === 0) return
    if (!cfg.isReversing && (this.tSize !== 0 || this.isCloseQueued)) return
    if (this.tSize !== 0) this.isCloseQueued = true
    this.hasEntry = true
    this.isEntryLong = wantLong
    const dir = wantLong ? 1 : -1
    this.eLimit = NaN
    this.eStop = NaN
    if (cfg.entryKind === EntryKind.Limit) this.eLimit = c * (1 - dir * cfg.entryOffset)
    else if (cfg.entryKind === EntryKind.Stop) this.eStop = c * (1 + dir * cfg.entryOffset)
    const ref =
      this.eLimit === this.eLimit ? this.eLimit : this.eStop === this.eStop ? this.eStop : c
    this.eRef = ref
    if (cfg.stopLoss === cfg.stopLoss) this.eSl = ref * (1 - dir * cfg.stopLoss)
    else if (cfg.stopAtr) this.eSl = ref - dir * (cfg.stopAtr[i] as number) * cfg.stopAtrMultiple
    else this.eSl = NaN
    this.eTp = cfg.takeProfit === cfg.takeProfit ? ref * (1 + dir * cfg.takeProfit) : NaN
  }
}

// Scratch registers of the hot loop (`simulate` never re-enters itself).
const REG = new Float64Array(3)

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
  const close = bars.close
  const n = close.length
  log.reset()
  const b = new Broker(bars, cfg, log)
  // Trailing stops and time exits act on every bar a trade is open, with or without a signal.
  const hasTrailing =
    cfg.trailingPct === cfg.trailingPct ||
    cfg.trailingAtr !== null ||
    cfg.exitAfterBars === cfg.exitAfterBars
  // Hot state mirrored in locals and refreshed after every call into the broker: most bars only
  // mark equity and read a zero signal.
  // Read through a Float64Array so the locals stay unboxed doubles in optimised code (a local
  // first holding a small integer would merge as a tagged value and box on every bar).
  const reg = REG
  reg[0] = b.cash
  reg[1] = 0
  reg[2] = 0
  let cash = reg[0]
  let size = reg[1]
  let entry = reg[2]
  let isPending = false
  let i = start
  let isBroke = false
  for (; i < n; i++) {
    if (isPending) {
      b.processOrders(i)
      reg[0] = b.cash
      reg[1] = b.tSize
      reg[2] = b.tEntry
      cash = reg[0]
      size = reg[1]
      entry = reg[2]
    }
    const c = close[i] as number
    const eq = size !== 0 ? cash + size * (c - entry) : cash
    equity[i] = eq
    if (eq <= 0) {
      if (size !== 0) b.closeTrade(c, i, R_OOM)
      b.cash = 0
      equity.fill(0, i, n)
      isBroke = true
      break
    }
    const sig = signals[i] as number
    if (sig !== 0 || (hasTrailing && size !== 0)) {
      b.decide(sig, c, i)
      isPending =
        b.isCloseQueued || b.hasEntry || (size !== 0 && (b.tSl === b.tSl || b.tTp === b.tTp))
    } else if (isPending) {
      isPending = b.hasEntry || (size !== 0 && (b.tSl === b.tSl || b.tTp === b.tTp))
    }
  }
  const steps = Math.max(0, Math.min(i, n) - start)

  if (!isBroke && start < n && cfg.isFinalizing) {
    // One more broker pass on the last bar (same OHLC) closes what is open at its open.
    const last = n - 1
    if (b.tSize !== 0) b.isCloseQueued = true
    const before = log.count
    b.processOrders(last)
    for (let k = before; k < log.count; k++) {
      if (log.reason[k] === R_SIGNAL && log.exitBar[k] === last) log.reason[k] = R_END
    }
    const c = close[last] as number
    const eq = b.tSize !== 0 ? b.cash + b.tSize * (c - b.tEntry) : b.cash
    equity[last] = eq
    if (eq <= 0) {
      if (b.tSize !== 0) b.closeTrade(c, last, R_OOM)
      equity[last] = 0
    }
  }

  // Bars before the first step carry the first marked value (pandas `bfill`), or the cash.
  const first = start < n ? (equity[start] as number) : cfg.cash
  equity.fill(first, 0, Math.min(start, n))
  return { openSize: b.tSize, openEntryPrice: b.tEntry, openEntryBar: b.tBar, steps }
}
