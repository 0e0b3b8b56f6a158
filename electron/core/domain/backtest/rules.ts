import type { BarColumns } from '../market/bars'
import * as ind from '../indicators'
import { err, ok, type Result } from '../result'
import type { Condition, IndicatorKind, MathOp, Operand, RulesStrategy } from './spec'
import { IndicatorCache, type StrategyPlan } from './strategies'
import { Signal } from './simulate'

// User strategies as JSON rule elements (types in spec.ts, validated at the boundary by
// contract/backtest-spec.ts): compiled here against bars into per-bar signals.

/** One problem in a rule strategy: the path to the element and what is wrong. */
export type RuleIssue = { path: (string | number)[]; message: string }

/** Why a rule strategy does not compile: every issue found, and all of them in one line. */
export type RuleFailure = { message: string; issues: RuleIssue[] }

type Series = Float64Array
type Outputs = Record<string, Series>

const PRICE: Record<string, keyof BarColumns> = {
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
}

// Indicator parameters that take any finite number (all others are whole numbers >= 1).
const FREE_PARAMS = new Set([
  'bollinger.k',
  'keltner.multiplier',
  'psar.step',
  'psar.max',
  'vwap.sessionOffsetMinutes',
  'calendar.offsetMinutes',
])

const DAY_MS = 86_400_000

/**
 * Calendar fields of each bar's opening time, shifted by `offsetMinutes` from UTC: ISO day of
 * week (1 Monday … 7 Sunday), day of month, month (1–12), minutes since midnight, and the bar's
 * number within its month (1 on the month's first bar, so it needs no later bar).
 */
function calendarOf(time: Float64Array, offsetMinutes: number): Outputs {
  const n = time.length
  const dayOfWeek = new Float64Array(n)
  const dayOfMonth = new Float64Array(n)
  const month = new Float64Array(n)
  const minuteOfDay = new Float64Array(n)
  const tradingDayOfMonth = new Float64Array(n)
  let prevKey = -1
  let prevDay = NaN
  let count = 0
  for (let i = 0; i < n; i++) {
    const t = (time[i] as number) + offsetMinutes * 60_000
    const d = new Date(t)
    const dow = d.getUTCDay()
    dayOfWeek[i] = dow === 0 ? 7 : dow
    dayOfMonth[i] = d.getUTCDate()
    month[i] = d.getUTCMonth() + 1
    minuteOfDay[i] = d.getUTCHours() * 60 + d.getUTCMinutes()
    const key = d.getUTCFullYear() * 12 + d.getUTCMonth()
    const day = Math.floor(t / DAY_MS)
    if (key !== prevKey) count = 0
    if (key !== prevKey || day !== prevDay) count++
    prevKey = key
    prevDay = day
    tradingDayOfMonth[i] = count
  }
  return { value: dayOfWeek, dayOfWeek, dayOfMonth, month, minuteOfDay, tradingDayOfMonth }
}

function computeIndicator(
  bars: BarColumns,
  kind: IndicatorKind,
  source: Series,
  p: (name: string, dflt: number) => number,
  cache: IndicatorCache,
  sourceName: string,
): Outputs {
  const key = (parts: (string | number)[]): string => [kind, sourceName, ...parts].join(':')
  const one = (n: number, f: () => Series): Outputs => ({ value: cache.get(key([n]), f) })
  switch (kind) {
    case 'sma': {
      const n = p('period', 20)
      return one(n, () => ind.sma(source, n))
    }
    case 'ema': {
      const n = p('period', 20)
      return one(n, () => ind.ema(source, n))
    }
    case 'wma': {
      const n = p('period', 20)
      return one(n, () => ind.wma(source, n))
    }
    case 'dema': {
      const n = p('period', 20)
      return one(n, () => ind.dema(source, n))
    }
    case 'tema': {
      const n = p('period', 20)
      return one(n, () => ind.tema(source, n))
    }
    case 'smma': {
      const n = p('period', 14)
      return one(n, () => ind.smma(source, n))
    }
    case 'kama': {
      const n = p('period', 10)
      const f = p('fast', 2)
      const sl = p('slow', 30)
      return { value: cache.get(key([n, f, sl]), () => ind.kama(source, n, f, sl)) }
    }
    case 'rsi': {
      const n = p('period', 14)
      return one(n, () => ind.rsi(source, n))
    }
    case 'roc': {
      const n = p('period', 10)
      return one(n, () => ind.roc(source, n))
    }
    case 'momentum': {
      const n = p('period', 10)
      return one(n, () => ind.momentum(source, n))
    }
    case 'trix': {
      const n = p('period', 15)
      return one(n, () => ind.trix(source, n))
    }
    case 'zscore': {
      const n = p('period', 20)
      return one(n, () => ind.zscore(source, n))
    }
    case 'stddev': {
      const n = p('period', 20)
      return one(n, () => ind.rollingStd(source, n))
    }
    case 'highest': {
      const n = p('period', 20)
      return one(n, () => ind.rollingMax(source, n))
    }
    case 'lowest': {
      const n = p('period', 20)
      return one(n, () => ind.rollingMin(source, n))
    }
    case 'stochRsi': {
      const n = p('rsiPeriod', 14)
      const m = p('stochPeriod', 14)
      return { value: cache.get(key([n, m]), () => ind.stochRsi(source, n, m)) }
    }
    case 'macd': {
      const f = p('fast', 12)
      const s = p('slow', 26)
      const g = p('signal', 9)
      const m = ind.macd(source, f, s, g)
      return { value: m.macd, macd: m.macd, signal: m.signal, histogram: m.histogram }
    }
    case 'bollinger': {
      const b = ind.bollinger(source, p('period', 20), p('k', 2))
      return { value: b.middle, upper: b.upper, middle: b.middle, lower: b.lower }
    }
    case 'keltner': {
      const b = ind.keltner(bars, p('period', 20), p('multiplier', 2), p('atrPeriod', 10))
      return { value: b.middle, upper: b.upper, middle: b.middle, lower: b.lower }
    }
    case 'donchian': {
      const b = ind.donchian(bars, p('period', 20))
      return { value: b.middle, upper: b.upper, middle: b.middle, lower: b.lower }
    }
    case 'atr': {
      const n = p('period', 14)
      return { value: cache.get(`atr:${n}`, () => ind.atr(bars, n)) }
    }
    case 'stochastic': {
      const s = ind.stochastic(bars, p('k', 14), p('d', 3), p('slowing', 1))
      return { value: s.k, k: s.k, d: s.d }
    }
    case 'adx': {
      const a = ind.adx(bars, p('period', 14))
      return { value: a.adx, adx: a.adx, adxr: a.adxr, plusDi: a.plusDi, minusDi: a.minusDi }
    }
    case 'psar': {
      const st = p('step', 0.02)
      const mx = p('max', 0.2)
      return { value: cache.get(`psar:${st}:${mx}`, () => ind.psar(bars, st, mx)) }
    }
    case 'cci': {
      const n = p('period', 20)
      return { value: cache.get(`cci:${n}`, () => ind.cci(bars, n)) }
    }
    case 'williamsR': {
      const n = p('period', 14)
      return { value: cache.get(`williamsR:${n}`, () => ind.williamsR(bars, n)) }
    }
    case 'mfi': {
      const n = p('period', 14)
      return { value: cache.get(`mfi:${n}`, () => ind.mfi(bars, n)) }
    }
    case 'aroon': {
      const a = ind.aroon(bars, p('period', 25))
      return { value: a.oscillator, up: a.up, down: a.down, oscillator: a.oscillator }
    }
    case 'ichimoku': {
      // The lagging span (`chikou`) reads later closes, so the rule language leaves it out.
      const m = ind.ichimoku(
        bars,
        p('tenkan', 9),
        p('kijun', 26),
        p('senkou', 52),
        p('displacement', 26),
      )
      return {
        value: m.tenkan,
        tenkan: m.tenkan,
        kijun: m.kijun,
        senkouA: m.senkouA,
        senkouB: m.senkouB,
      }
    }
    case 'obv':
      return { value: ind.obv(bars) }
    case 'adLine':
      return { value: ind.adLine(bars) }
    case 'vwap':
      return { value: ind.vwap(bars, p('sessionOffsetMinutes', 0)) }
    case 'calendar':
      return calendarOf(bars.time, p('offsetMinutes', 0))
    case 'range': {
      const out = new Float64Array(bars.close.length)
      for (let i = 0; i < out.length; i++) {
        out[i] = (bars.high[i] as number) - (bars.low[i] as number)
      }
      return { value: out }
    }
    case 'trueRange':
      return { value: cache.get('trueRange', () => ind.trueRange(bars)) }
  }
}

// The kinds that may read an earlier indicator (`input`): they carry leading NaNs through.
const INPUT_KINDS = new Set<IndicatorKind>([
  'sma',
  'ema',
  'wma',
  'dema',
  'tema',
  'smma',
  'highest',
  'lowest',
  'roc',
  'momentum',
  'zscore',
  'stddev',
  'macd',
  'bollinger',
  'trix',
])

// Outputs that are not indicator columns for the warm-up (the calendar is known from bar one).
const NO_WARMUP = new Set<IndicatorKind>(['calendar'])

/** Parameter specs declared by a rule strategy's `param` elements. */
export function ruleParams(
  rules: RulesStrategy,
): { name: string; default: number; min?: number; max?: number; step?: number }[] {
  return rules.elements.flatMap((e) => (e.type === 'param' ? [e] : []))
}

/**
 * Compiles a rule strategy to per-bar signals, or fails naming the path of each bad element
 * (unknown id, undeclared parameter, an output the indicator does not have).
 */
export function planRules(
  bars: BarColumns,
  rules: RulesStrategy,
  params: Record<string, number>,
  cache: IndicatorCache,
): Result<StrategyPlan, RuleFailure> {
  const issues: RuleIssue[] = []
  const declared = new Map<string, number>()
  rules.elements.forEach((e) => {
    if (e.type === 'param') declared.set(e.name, e.default)
  })
  for (const k of Object.keys(params)) {
    if (!declared.has(k)) issues.push({ path: ['params', k], message: `unknown parameter "${k}"` })
  }
  const resolveNum = (v: number | string, path: (string | number)[]): number => {
    if (typeof v === 'number') return v
    const name = v.slice(1)
    const given = params[name]
    if (given !== undefined) return given
    const d = declared.get(name)
    if (d === undefined) {
      issues.push({ path, message: `parameter "${name}" is not declared by a param element` })
      return NaN
    }
    return d
  }

  const n = bars.close.length
  const series = new Map<string, Outputs>()
  const declaredSeries: Series[] = []
  rules.elements.forEach((e, idx) => {
    if (e.type !== 'indicator') return
    const path = ['elements', idx]
    if (series.has(e.id) || e.id in PRICE) {
      issues.push({ path: [...path, 'id'], message: `id "${e.id}" is already used` })
      return
    }
    const used = new Set<string>()
    const p = (name: string, dflt: number): number => {
      used.add(name)
      const raw = e.params[name]
      const v = raw === undefined ? dflt : resolveNum(raw, [...path, 'params', name])
      if (!Number.isFinite(v)) return dflt
      const isFree = FREE_PARAMS.has(`${e.indicator}.${name}`)
      if (!isFree && (!Number.isInteger(v) || v < 1)) {
        issues.push({
          path: [...path, 'params', name],
          message: `${name} must be a whole number >= 1`,
        })
        return dflt
      }
      return v
    }
    let src = bars[PRICE[e.source] ?? 'close']
    let srcCache = cache
    if (e.input !== undefined) {
      const [inId = '', inOut = 'value'] = e.input.split('.')
      const from = series.get(inId)?.[inOut]
      if (!INPUT_KINDS.has(e.indicator)) {
        issues.push({ path: [...path, 'input'], message: `${e.indicator} cannot read an input` })
        return
      }
      if (!from) {
        issues.push({
          path: [...path, 'input'],
          message: `input "${e.input}" is not an output of an earlier indicator`,
        })
        return
      }
      src = from
      // A derived column's key would depend on the input's own parameters: compute it afresh.
      srcCache = new IndicatorCache()
    }
    try {
      const out = computeIndicator(bars, e.indicator, src, p, srcCache, e.source)
      series.set(e.id, out)
      if (!NO_WARMUP.has(e.indicator)) for (const s of Object.values(out)) declaredSeries.push(s)
    } catch (thrown) {
      issues.push({ path, message: thrown instanceof Error ? thrown.message : String(thrown) })
    }
    for (const name of Object.keys(e.params)) {
      if (!used.has(name)) {
        issues.push({
          path: [...path, 'params', name],
          message: `${e.indicator} has no parameter "${name}" (has: ${[...used].join(', ') || 'none'})`,
        })
      }
    }
  })

  type Resolved = { s: Series | null; c: number; offset: number }
  const resolveOperand = (o: Operand, path: (string | number)[]): Resolved => {
    if (typeof o === 'number') return { s: null, c: o, offset: 0 }
    let ref: string
    let offset = 0
    if (typeof o === 'object' && 'math' in o) return resolveMath(o.math, o.args, path)
    if (typeof o === 'string') {
      if (o.startsWith('$')) return { s: null, c: resolveNum(o, path), offset: 0 }
      ref = o
    } else {
      ref = o.ref
      offset = o.offset
      path = [...path, 'ref']
    }
    const [id = '', output] = ref.split('.')
    const price = PRICE[id]
    if (price && output === undefined) return { s: bars[price], c: NaN, offset }
    const outs = series.get(id)
    if (!outs) {
      issues.push({ path, message: `unknown operand "${ref}" (not a price field or indicator id)` })
      return { s: null, c: NaN, offset }
    }
    const s = outs[output ?? 'value']
    if (!s) {
      const names = Object.keys(outs).filter((k) => k !== 'value')
      issues.push({
        path,
        message: `indicator "${id}" has no output "${output}" (has: ${names.join(', ')})`,
      })
      return { s: null, c: NaN, offset }
    }
    return { s, c: NaN, offset }
  }

  // Arithmetic is evaluated once into a column, so conditions read it like any indicator.
  const resolveMath = (op: MathOp, args: Operand[], path: (string | number)[]): Resolved => {
    const parts = args.map((a, k) => resolveOperand(a, [...path, 'args', k]))
    const arity = op === 'abs' ? parts.length === 1 : parts.length >= 2
    if (!arity) {
      issues.push({
        path: [...path, 'args'],
        message: op === 'abs' ? 'abs takes one operand' : `${op} takes two or more operands`,
      })
      return { s: null, c: NaN, offset: 0 }
    }
    const out = new Float64Array(n)
    const first = parts[0] as Resolved
    for (let i = 0; i < n; i++) {
      let acc = at(first, i)
      if (op === 'abs') acc = Math.abs(acc)
      for (let k = 1; k < parts.length; k++) {
        const v = at(parts[k] as Resolved, i)
        if (op === '+') acc += v
        else if (op === '-') acc -= v
        else if (op === '*') acc *= v
        else if (op === '/') acc /= v
        else if (op === 'min') acc = v !== v || acc !== acc ? NaN : Math.min(acc, v)
        else acc = v !== v || acc !== acc ? NaN : Math.max(acc, v)
      }
      out[i] = acc
    }
    return { s: out, c: NaN, offset: 0 }
  }

  type Fn = (i: number) => boolean
  function at(r: Resolved, i: number): number {
    if (!r.s) return r.c
    const k = i - r.offset
    return k >= 0 ? (r.s[k] as number) : NaN
  }
  const compile = (c: Condition, path: (string | number)[]): Fn => {
    switch (c.type) {
      case 'compare': {
        const l = resolveOperand(c.left, [...path, 'left'])
        const r = resolveOperand(c.right, [...path, 'right'])
        switch (c.op) {
          case '>':
            return (i) => at(l, i) > at(r, i)
          case '<':
            return (i) => at(l, i) < at(r, i)
          case '>=':
            return (i) => at(l, i) >= at(r, i)
          case '<=':
            return (i) => at(l, i) <= at(r, i)
          case '==':
            return (i) => at(l, i) === at(r, i)
        }
        break
      }
      case 'cross': {
        const l = resolveOperand(c.left, [...path, 'left'])
        const r = resolveOperand(c.right, [...path, 'right'])
        // Strict on both bars, like the reference `crossover`.
        return c.direction === 'above'
          ? (i) => i > 0 && at(l, i - 1) < at(r, i - 1) && at(l, i) > at(r, i)
          : (i) => i > 0 && at(l, i - 1) > at(r, i - 1) && at(l, i) < at(r, i)
      }
      case 'and': {
        const fs = c.conditions.map((x, k) => compile(x, [...path, 'conditions', k]))
        return (i) => fs.every((f) => f(i))
      }
      case 'or': {
        const fs = c.conditions.map((x, k) => compile(x, [...path, 'conditions', k]))
        return (i) => fs.some((f) => f(i))
      }
      case 'not': {
        const f = compile(c.condition, [...path, 'condition'])
        return (i) => !f(i)
      }
    }
  }

  const rulesOut: { flag: number; fn: Fn }[] = []
  let hasEntry = false
  rules.elements.forEach((e, idx) => {
    if (e.type !== 'entry' && e.type !== 'exit') return
    const flag =
      e.type === 'entry'
        ? e.side === 'long'
          ? Signal.EnterLong
          : Signal.EnterShort
        : e.side === 'long'
          ? Signal.ExitLong
          : Signal.ExitShort
    if (e.type === 'entry') hasEntry = true
    rulesOut.push({ flag, fn: compile(e.when, ['elements', idx, 'when']) })
  })
  if (!hasEntry)
    issues.push({ path: ['elements'], message: 'a strategy needs at least one entry element' })
  if (issues.length) {
    return err({
      message: issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      issues,
    })
  }

  const signals = new Int8Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (const r of rulesOut) if (r.fn(i)) s |= r.flag
    signals[i] = s
  }
  const sizing = rules.elements.find((e) => e.type === 'sizing')
  return ok({
    signals,
    indicators: declaredSeries,
    isReversing: rules.reverse,
    ...(sizing && sizing.type === 'sizing' ? { sizing: sizing.sizing } : {}),
  })
}
