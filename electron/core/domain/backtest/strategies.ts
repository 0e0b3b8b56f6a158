import type { BarColumns } from '../market/bars'
import { bollinger, donchian, ema, macd, rsi, sma } from '../indicators'
import { Signal } from './simulate'

/** One tunable parameter of a strategy, for forms, grids and the CLI. */
export type ParamSpec = {
  name: string
  default: number
  min: number
  max: number
  step: number
  description: string
}

/** A catalogue entry. */
export type StrategyInfo = {
  name: string
  description: string
  params: ParamSpec[]
}

/** Position sizing a strategy may impose (rule strategies' `sizing` element). */
export type PlanSizing =
  | { type: 'all' }
  | { type: 'fraction'; value: number }
  | { type: 'units'; value: number }
  | { type: 'risk'; value: number }

/**
 * A strategy compiled against bars: per-bar signals (each depends only on data up to its bar),
 * the indicator columns it declared (their warm-up delays the first trading bar, as the reference
 * engine's `Strategy.I`), and whether an entry reverses an open position.
 */
export type StrategyPlan = {
  signals: Int8Array
  indicators: Float64Array[]
  isReversing: boolean
  sizing?: PlanSizing
}

/**
 * Indicator columns computed once per distinct key for one bar set; a grid over periods reuses
 * them across runs.
 */
export class IndicatorCache {
  private readonly map = new Map<string, Float64Array>()
  get(key: string, compute: () => Float64Array): Float64Array {
    let v = this.map.get(key)
    if (!v) {
      v = compute()
      this.map.set(key, v)
    }
    return v
  }
  get size(): number {
    return this.map.size
  }
}

type Builtin = StrategyInfo & {
  plan(bars: BarColumns, p: Record<string, number>, cache: IndicatorCache): StrategyPlan
}

const param = (
  name: string,
  dflt: number,
  min: number,
  max: number,
  step: number,
  description: string,
): ParamSpec => ({ name, default: dflt, min, max, step, description })

function crossSignals(a: Float64Array, b: Float64Array, up: number, down: number): Int8Array {
  const n = a.length
  const s = new Int8Array(n)
  for (let i = 1; i < n; i++) {
    const a0 = a[i - 1] as number
    const b0 = b[i - 1] as number
    const a1 = a[i] as number
    const b1 = b[i] as number
    if (a0 < b0 && a1 > b1) s[i] = up
    else if (a0 > b0 && a1 < b1) s[i] = down
  }
  return s
}

const builtins: Builtin[] = [
  {
    name: 'sma-cross',
    description:
      'Fast SMA crossing strictly above the slow SMA closes any position and buys; the opposite cross closes and sells short (the reference engine’s SmaCross).',
    params: [
      param('fast', 10, 2, 200, 1, 'fast SMA period (bars)'),
      param('slow', 30, 3, 400, 1, 'slow SMA period (bars)'),
    ],
    plan(bars, p, cache) {
      const f = p.fast as number
      const s = p.slow as number
      const a = cache.get(`sma:close:${f}`, () => sma(bars.close, f))
      const b = cache.get(`sma:close:${s}`, () => sma(bars.close, s))
      return {
        signals: crossSignals(a, b, Signal.EnterLong, Signal.EnterShort),
        indicators: [a, b],
        isReversing: true,
      }
    },
  },
  {
    name: 'ema-cross',
    description:
      'Fast EMA crossing above the slow EMA closes any position and buys; crossing below closes and sells short.',
    params: [
      param('fast', 12, 2, 200, 1, 'fast EMA period (bars)'),
      param('slow', 26, 3, 400, 1, 'slow EMA period (bars)'),
    ],
    plan(bars, p, cache) {
      const f = p.fast as number
      const s = p.slow as number
      const a = cache.get(`ema:close:${f}`, () => ema(bars.close, f))
      const b = cache.get(`ema:close:${s}`, () => ema(bars.close, s))
      return {
        signals: crossSignals(a, b, Signal.EnterLong, Signal.EnterShort),
        indicators: [a, b],
        isReversing: true,
      }
    },
  },
  {
    name: 'rsi-reversion',
    description:
      'Long only: buys when Wilder RSI closes below `lower` while flat, sells when it closes above `upper`.',
    params: [
      param('period', 14, 2, 100, 1, 'RSI period (bars)'),
      param('lower', 30, 1, 50, 1, 'oversold level'),
      param('upper', 70, 50, 99, 1, 'overbought level'),
    ],
    plan(bars, p, cache) {
      const n = p.period as number
      const r = cache.get(`rsi:close:${n}`, () => rsi(bars.close, n))
      const s = new Int8Array(r.length)
      for (let i = 0; i < r.length; i++) {
        const v = r[i] as number
        if (v < (p.lower as number)) s[i] = Signal.EnterLong
        else if (v > (p.upper as number)) s[i] = Signal.ExitLong
      }
      return { signals: s, indicators: [r], isReversing: false }
    },
  },
  {
    name: 'bollinger-reversion',
    description:
      'Long only: buys when the close falls below the lower Bollinger band while flat, exits when it closes above the middle band.',
    params: [
      param('period', 20, 2, 200, 1, 'band period (bars)'),
      param('k', 2, 0.5, 4, 0.1, 'band width in standard deviations'),
    ],
    plan(bars, p) {
      const b = bollinger(bars.close, p.period as number, p.k as number)
      const c = bars.close
      const s = new Int8Array(c.length)
      for (let i = 0; i < c.length; i++) {
        const v = c[i] as number
        if (v < (b.lower[i] as number)) s[i] = Signal.EnterLong
        else if (v > (b.middle[i] as number)) s[i] = Signal.ExitLong
      }
      return { signals: s, indicators: [b.middle, b.upper, b.lower], isReversing: false }
    },
  },
  {
    name: 'donchian-breakout',
    description:
      'Long only: buys when the close breaks above the highest high of the previous `entry` bars, exits below the lowest low of the previous `exit` bars.',
    params: [
      param('entry', 20, 2, 200, 1, 'breakout channel (bars)'),
      param('exit', 10, 2, 200, 1, 'exit channel (bars)'),
    ],
    plan(bars, p) {
      const up = donchian(bars, p.entry as number).upper
      const lo = donchian(bars, p.exit as number).lower
      const c = bars.close
      const s = new Int8Array(c.length)
      for (let i = 1; i < c.length; i++) {
        const v = c[i] as number
        if (v > (up[i - 1] as number)) s[i] = Signal.EnterLong
        else if (v < (lo[i - 1] as number)) s[i] = Signal.ExitLong
      }
      return { signals: s, indicators: [up, lo], isReversing: false }
    },
  },
  {
    name: 'macd-trend',
    description:
      'Long only: buys when the MACD line crosses above its signal line, exits when it crosses below.',
    params: [
      param('fast', 12, 2, 100, 1, 'fast EMA (bars)'),
      param('slow', 26, 3, 200, 1, 'slow EMA (bars)'),
      param('signal', 9, 2, 100, 1, 'signal EMA (bars)'),
    ],
    plan(bars, p) {
      const m = macd(bars.close, p.fast as number, p.slow as number, p.signal as number)
      return {
        signals: crossSignals(m.macd, m.signal, Signal.EnterLong, Signal.ExitLong),
        indicators: [m.macd, m.signal],
        isReversing: false,
      }
    },
  },
  {
    name: 'buy-hold',
    description: 'Buys on the first trading bar and holds to the end.',
    params: [],
    plan(bars) {
      return {
        signals: new Int8Array(bars.close.length).fill(Signal.EnterLong),
        indicators: [],
        isReversing: false,
      }
    },
  },
]

const byName = new Map(builtins.map((b) => [b.name, b]))

/** The built-in strategies with their parameter specs, for the UI and the CLI. */
export const strategyCatalogue: StrategyInfo[] = builtins.map(({ name, description, params }) => ({
  name,
  description,
  params,
}))

/** Looks up a built-in strategy. */
export function findBuiltin(name: string): Builtin | undefined {
  return byName.get(name)
}

/**
 * The reference engine's warm-up: the largest index of the first non-NaN value over the declared
 * indicators (an all-NaN column counts 0, as `argmin` of an all-true mask does).
 */
export function warmupBars(indicators: Float64Array[]): number {
  let w = 0
  for (const col of indicators) {
    let k = 0
    while (k < col.length && Number.isNaN(col[k])) k++
    if (k === col.length) k = 0
    if (k > w) w = k
  }
  return w
}
