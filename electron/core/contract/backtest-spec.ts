import { z } from 'zod'
import type {
  Condition,
  ConditionInput,
  BacktestSpec,
  Operand,
  OperandInput,
  ParsedBacktestSpec,
  RulesStrategy,
  RulesStrategyInput,
} from '../domain/backtest/spec'
import type { Same } from './types'

// The schemas of what a backtest runs. The domain declares the types (domain/backtest/spec.ts);
// these schemas parse to exactly them (`SpecMirrors` below fails the typecheck on any drift), at
// the boundary only: the channel's parse is the one parse of a request.

const paramRef = z
  .string()
  .regex(/^\$[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter reference looks like "$name"')
const num = z.union([z.number(), paramRef])

const indicatorElement = z
  .object({
    type: z.literal('indicator'),
    id: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an id is a letter followed by letters, digits or _'),
    indicator: z.enum([
      'sma',
      'ema',
      'wma',
      'rsi',
      'macd',
      'bollinger',
      'atr',
      'stochastic',
      'adx',
      'donchian',
      'roc',
      'obv',
      'vwap',
      'zscore',
      'psar',
      'keltner',
      'cci',
      'ichimoku',
      'aroon',
      'mfi',
      'williamsR',
      'highest',
      'lowest',
      'momentum',
      'trix',
      'kama',
      'dema',
      'tema',
      'smma',
      'stddev',
      'stochRsi',
      'adLine',
      'calendar',
      'range',
      'trueRange',
    ]),
    source: z.enum(['open', 'high', 'low', 'close', 'volume']).default('close'),
    input: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/,
        'an indicator id, or "id.output"',
      )
      .optional(),
    params: z.record(z.string(), num).default({}),
  })
  .strict()

const paramElement = z
  .object({
    type: z.literal('param'),
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    default: z.number(),
    min: z.number().optional(),
    max: z.number().optional(),
    step: z.number().positive().optional(),
  })
  .strict()

/**
 * An operand: a number, a price field, an indicator id (`"bb.upper"` for one output), a ref some
 * bars back, or arithmetic over operands.
 */
const operand: z.ZodType<Operand, OperandInput> = z.lazy(() =>
  z.union([
    num,
    z.string().min(1),
    z.object({ ref: z.string().min(1), offset: z.int().min(0).max(10_000).default(0) }).strict(),
    z
      .object({
        math: z.enum(['+', '-', '*', '/', 'min', 'max', 'abs']),
        args: z.array(operand).min(1).max(16),
      })
      .strict(),
  ]),
)

const condition: z.ZodType<Condition, ConditionInput> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z
      .object({
        type: z.literal('compare'),
        left: operand,
        op: z.enum(['>', '<', '>=', '<=', '==']),
        right: operand,
      })
      .strict(),
    z
      .object({
        type: z.literal('cross'),
        left: operand,
        direction: z.enum(['above', 'below']),
        right: operand,
      })
      .strict(),
    z.object({ type: z.literal('and'), conditions: z.array(condition).min(1) }).strict(),
    z.object({ type: z.literal('or'), conditions: z.array(condition).min(1) }).strict(),
    z.object({ type: z.literal('not'), condition }).strict(),
  ]),
)

const ruleElement = z
  .object({ type: z.enum(['entry', 'exit']), side: z.enum(['long', 'short']), when: condition })
  .strict()

/** Position sizing of each entry. */
export const sizingSchema = z.discriminatedUnion('type', [
  /** All available cash (the reference default `size = 1 − ε`). */
  z.object({ type: z.literal('all') }).strict(),
  /** A fraction of available cash (reference relative size). */
  z.object({ type: z.literal('fraction'), value: z.number().gt(0).lt(1) }).strict(),
  /** A fixed number of units. */
  z.object({ type: z.literal('units'), value: z.number().positive() }).strict(),
  /** Risk this fraction of equity between entry and stop-loss (needs `orders.stopLossPct`). */
  z.object({ type: z.literal('risk'), value: z.number().gt(0).lt(1) }).strict(),
])

const sizingElement = z.object({ type: z.literal('sizing'), sizing: sizingSchema }).strict()

const element = z.discriminatedUnion('type', [
  indicatorElement,
  paramElement,
  ruleElement.extend({ type: z.literal('entry') }),
  ruleElement.extend({ type: z.literal('exit') }),
  sizingElement,
])

/** A user strategy: named rule elements (see `RulesStrategy`). */
export const rulesStrategySchema = z
  .object({
    name: z.string().min(1).max(200).default('custom'),
    description: z.string().max(2000).optional(),
    reverse: z.boolean().default(false),
    elements: z.array(element).min(1),
  })
  .strict()

/** Commission: a rate of traded value, or any mix of rate, per-unit and fixed cash per order. */
export const commissionSchema = z.union([
  z.number().min(-0.1).lt(0.1),
  z
    .object({
      rate: z.number().min(-0.1).lt(0.1).default(0),
      perUnit: z.number().min(0).default(0),
      fixed: z.number().min(0).default(0),
    })
    .strict(),
])

/** Order types and exits attached to every entry. Percentages are in percent units. */
export const ordersSchema = z
  .object({
    entry: z.enum(['market', 'limit', 'stop']).default('market'),
    entryOffsetPct: z.number().min(0).max(50).default(0),
    stopLossPct: z.number().gt(0).lt(100).optional(),
    takeProfitPct: z.number().gt(0).max(10_000).optional(),
    trailingStopPct: z.number().gt(0).lt(100).optional(),
    trailingAtr: z
      .object({ period: z.int().min(1).max(1000), multiple: z.number().positive() })
      .strict()
      .optional(),
    stopLossAtr: z
      .object({ period: z.int().min(1).max(1000), multiple: z.number().positive() })
      .strict()
      .optional(),
    exitAfterBars: z.int().min(1).max(100_000).optional(),
  })
  .strict()

const timeBound = z.union([z.iso.datetime({ offset: true }), z.iso.date(), z.number()])

/**
 * The fields of a backtest request that the engine runs, with their defaults (see
 * `ParsedBacktestSpec`); a channel spreads them beside its own fields. `strategy` is a built-in
 * name, `user:<uuid>` of a saved strategy (resolved by the core), or a rule strategy.
 */
export const backtestSpecFields = {
  strategy: z.union([z.string().min(1), rulesStrategySchema]),
  params: z.record(z.string(), z.number()).default({}),
  cash: z.number().positive().default(10_000),
  commission: commissionSchema.default(0),
  spread: z.number().min(0).lt(0.5).default(0),
  slippage: z.number().min(0).lt(0.5).default(0),
  margin: z.number().gt(0).max(1).default(1),
  sizing: sizingSchema.default({ type: 'all' }),
  units: z.enum(['whole', 'fractional']).default('whole'),
  orders: ordersSchema.default({ entry: 'market', entryOffsetPct: 0 }),
  finalizeTrades: z.boolean().default(true),
  statsConvention: z.enum(['0.6.6', '0.6.5']).default('0.6.6'),
  from: timeBound.optional(),
  to: timeBound.optional(),
}

/** A whole backtest spec (what `runBacktest` takes once parsed). */
export const backtestSpecSchema = z.object(backtestSpecFields).strict()

/**
 * Compile-time proof that the schemas parse to the domain's types and accept exactly what the
 * domain calls written input: `npm run typecheck` fails on the line of any drift.
 */
export const SPEC_MIRRORS = {
  parsed: true satisfies Same<z.output<typeof backtestSpecSchema>, ParsedBacktestSpec>,
  written: true satisfies Same<z.input<typeof backtestSpecSchema>, BacktestSpec>,
  rules: true satisfies Same<z.output<typeof rulesStrategySchema>, RulesStrategy>,
  rulesWritten: true satisfies Same<z.input<typeof rulesStrategySchema>, RulesStrategyInput>,
}
