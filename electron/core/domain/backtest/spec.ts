// What a backtest runs, as plain types. The contract's zod schemas (contract/backtest-spec.ts)
// validate a request at the boundary and parse to exactly these types (checked at compile time);
// the domain and the engine workers receive the parsed value and never validate it again.

import type { StatsConvention } from './stats'

/** A time bound: an ISO date-time with offset, an ISO date, or epoch milliseconds. */
export type TimeBound = string | number

/** Commission: a rate of traded value, or any mix of rate, per-unit and fixed cash per order. */
export type Commission = number | { rate: number; perUnit: number; fixed: number }

/** Position sizing of each entry. */
export type Sizing =
  /** All available cash (the reference default `size = 1 − ε`). */
  | { type: 'all' }
  /** A fraction of available cash (reference relative size), 0 < value < 1. */
  | { type: 'fraction'; value: number }
  /** A fixed number of units. */
  | { type: 'units'; value: number }
  /** Risk this fraction of equity between entry and stop-loss (needs `orders.stopLossPct`). */
  | { type: 'risk'; value: number }

/** Order types and exits attached to every entry. Percentages are in percent units. */
export type Orders = {
  entry: 'market' | 'limit' | 'stop'
  /** Limit below / stop above the signal close for longs (mirrored for shorts), in %. */
  entryOffsetPct: number
  stopLossPct?: number | undefined
  takeProfitPct?: number | undefined
  trailingStopPct?: number | undefined
  trailingAtr?: { period: number; multiple: number } | undefined
  /** Stop-loss `multiple` ATRs(`period`) of the signal bar from the entry reference (when no %). */
  stopLossAtr?: { period: number; multiple: number } | undefined
  /** Close at the open after the trade has been held this many bars (a time exit). */
  exitAfterBars?: number | undefined
}

/** The indicators a rule strategy can declare. */
export type IndicatorKind =
  | 'sma'
  | 'ema'
  | 'wma'
  | 'rsi'
  | 'macd'
  | 'bollinger'
  | 'atr'
  | 'stochastic'
  | 'adx'
  | 'donchian'
  | 'roc'
  | 'obv'
  | 'vwap'
  | 'zscore'
  | 'psar'
  | 'keltner'
  | 'cci'
  | 'ichimoku'
  | 'aroon'
  | 'mfi'
  | 'williamsR'
  | 'highest'
  | 'lowest'
  | 'momentum'
  | 'trix'
  | 'kama'
  | 'dema'
  | 'tema'
  | 'smma'
  | 'stddev'
  | 'stochRsi'
  | 'adLine'
  | 'calendar'
  | 'range'
  | 'trueRange'

/** The bar fields an indicator can read. */
export type PriceSource = 'open' | 'high' | 'low' | 'close' | 'volume'

/** A number, or `"$name"` to refer to a declared parameter. */
export type RuleNumber = number | string

/** Arithmetic over operands, bar by bar: `+ - * /` fold left over `args`, `abs` takes one. */
export type MathOp = '+' | '-' | '*' | '/' | 'min' | 'max' | 'abs'

/**
 * An operand: a number or parameter reference, a price field, an indicator id (`"bb.upper"` for
 * one output), a reference to one of those some bars back, or arithmetic over operands
 * (`{ math: '*', args: [{ ref: 'close', offset: 1 }, 1.01] }`: yesterday's close plus 1 %).
 */
export type Operand =
  RuleNumber | { ref: string; offset: number } | { math: MathOp; args: Operand[] }

/** A condition tree node. */
export type Condition =
  | { type: 'compare'; left: Operand; op: '>' | '<' | '>=' | '<=' | '=='; right: Operand }
  | { type: 'cross'; left: Operand; direction: 'above' | 'below'; right: Operand }
  | { type: 'and' | 'or'; conditions: Condition[] }
  | { type: 'not'; condition: Condition }

/** A condition as written: a reference's `offset` may be omitted (0). */
export type ConditionInput =
  | {
      type: 'compare'
      left: OperandInput
      op: '>' | '<' | '>=' | '<=' | '=='
      right: OperandInput
    }
  | { type: 'cross'; left: OperandInput; direction: 'above' | 'below'; right: OperandInput }
  | { type: 'and' | 'or'; conditions: ConditionInput[] }
  | { type: 'not'; condition: ConditionInput }

/** An operand as written. */
export type OperandInput =
  RuleNumber | { ref: string; offset?: number | undefined } | { math: MathOp; args: OperandInput[] }

/** A `param` element: a parameter a grid can vary, with its default and bounds. */
export type ParamElement = {
  type: 'param'
  name: string
  default: number
  min?: number | undefined
  max?: number | undefined
  step?: number | undefined
}

/** An `indicator` element: a named series computed from a price field. */
export type IndicatorElement = {
  type: 'indicator'
  id: string
  indicator: IndicatorKind
  source: PriceSource
  /**
   * An earlier indicator's id (`"o"`, or `"m.signal"` for one output) read instead of `source`,
   * e.g. a moving average of on-balance volume; for the kinds that smooth one series only.
   */
  input?: string | undefined
  params: Record<string, RuleNumber>
}

/** An `indicator` element as written: `source` defaults to `close`, `params` to none. */
export type IndicatorElementInput = {
  type: 'indicator'
  id: string
  indicator: IndicatorKind
  source?: PriceSource | undefined
  input?: string | undefined
  params?: Record<string, RuleNumber> | undefined
}

/** An `entry` or `exit` element: a side and the condition that signals it. */
export type RuleElement<C = Condition> =
  | { type: 'entry'; side: 'long' | 'short'; when: C }
  | { type: 'exit'; side: 'long' | 'short'; when: C }

/** A `sizing` element: the sizing the strategy imposes on every entry. */
export type SizingElement = { type: 'sizing'; sizing: Sizing }

/**
 * A user strategy as JSON rule elements (the `elements` array of a stored strategy): parameter
 * declarations, indicators, entry and exit conditions built from comparisons, crosses and
 * and/or/not. Numbers may be written as `"$name"` to refer to a declared parameter, so a rule
 * strategy can be run over a grid like a built-in one.
 */
export type RulesStrategy = {
  name: string
  description?: string | undefined
  /** `true`: an entry signal also reverses an open opposite position (like `sma-cross`). */
  reverse: boolean
  elements: (ParamElement | IndicatorElement | RuleElement | SizingElement)[]
}

/** A user strategy as written: `name`, `reverse`, an indicator's `source` and `params` default. */
export type RulesStrategyInput = {
  name?: string | undefined
  description?: string | undefined
  reverse?: boolean | undefined
  elements: (ParamElement | IndicatorElementInput | RuleElement<ConditionInput> | SizingElement)[]
}

/**
 * What to run with every default applied: a built-in strategy name (see `strategyCatalogue`) or
 * a rule strategy, its parameters, account and costs. The defaults reproduce backtesting.py
 * 0.6.6 with `finalize_trades=True`: cash 10 000, no costs, whole units, all cash per entry.
 */
export type ParsedBacktestSpec = {
  strategy: string | RulesStrategy
  params: Record<string, number>
  cash: number
  commission: Commission
  /** Bid-ask spread as a fraction of price, paid on entry (reference `spread`). */
  spread: number
  /** Extra adverse fill as a fraction of price on entries and exits (not in the reference). */
  slippage: number
  /** Margin ratio (1 = no leverage). */
  margin: number
  sizing: Sizing
  units: 'whole' | 'fractional'
  orders: Orders
  /** Close trades still open at the end on the last bar, counting them in the stats. */
  finalizeTrades: boolean
  /**
   * The backtesting.py release whose statistics definitions apply: `0.6.6` as released, or
   * `0.6.5` to reproduce figures published with the release before it.
   */
  statsConvention: StatsConvention
  from?: TimeBound | undefined
  to?: TimeBound | undefined
}

/** A backtest request as written by a caller: every field but `strategy` may be omitted. */
export type BacktestSpec = {
  strategy: string | RulesStrategyInput
  params?: Record<string, number> | undefined
  cash?: number | undefined
  commission?:
    | number
    | { rate?: number | undefined; perUnit?: number | undefined; fixed?: number | undefined }
    | undefined
  spread?: number | undefined
  slippage?: number | undefined
  margin?: number | undefined
  sizing?: Sizing | undefined
  units?: 'whole' | 'fractional' | undefined
  orders?:
    | {
        entry?: 'market' | 'limit' | 'stop' | undefined
        entryOffsetPct?: number | undefined
        stopLossPct?: number | undefined
        takeProfitPct?: number | undefined
        trailingStopPct?: number | undefined
        trailingAtr?: { period: number; multiple: number } | undefined
        stopLossAtr?: { period: number; multiple: number } | undefined
        exitAfterBars?: number | undefined
      }
    | undefined
  finalizeTrades?: boolean | undefined
  statsConvention?: StatsConvention | undefined
  from?: TimeBound | undefined
  to?: TimeBound | undefined
}
