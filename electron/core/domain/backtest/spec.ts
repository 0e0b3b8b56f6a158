// eslint-disable-next-line no-restricted-imports -- TODO(#11): the spec schema still validates in the domain (engine workers parse with it); it moves to contract/ once the domain declares the spec types itself.
import { z } from 'zod'
import { rulesStrategySchema } from './rules'

const timeBound = z.union([z.iso.datetime({ offset: true }), z.iso.date(), z.number()])

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

/** Order types and exits attached to every entry. Percentages are in percent units. */
export const ordersSchema = z
  .object({
    entry: z.enum(['market', 'limit', 'stop']).default('market'),
    /** Limit below / stop above the signal close for longs (mirrored for shorts), in %. */
    entryOffsetPct: z.number().min(0).max(50).default(0),
    stopLossPct: z.number().gt(0).lt(100).optional(),
    takeProfitPct: z.number().gt(0).max(10_000).optional(),
    trailingStopPct: z.number().gt(0).lt(100).optional(),
    trailingAtr: z
      .object({ period: z.int().min(1).max(1000), multiple: z.number().positive() })
      .strict()
      .optional(),
  })
  .strict()

/**
 * What to run: a built-in strategy name (see `strategyCatalogue`) or a rule strategy, its
 * parameters, account and costs. Defaults reproduce backtesting.py 0.6.6 with
 * `finalize_trades=True`: cash 10 000, no costs, whole units, all cash per entry.
 */
export const backtestSpecSchema = z
  .object({
    strategy: z.union([z.string().min(1), rulesStrategySchema]),
    params: z.record(z.string(), z.number()).default({}),
    cash: z.number().positive().default(10_000),
    commission: commissionSchema.default(0),
    /** Bid-ask spread as a fraction of price, paid on entry (reference `spread`). */
    spread: z.number().min(0).lt(0.5).default(0),
    /** Extra adverse fill as a fraction of price on entries and exits (not in the reference). */
    slippage: z.number().min(0).lt(0.5).default(0),
    /** Margin ratio (1 = no leverage). */
    margin: z.number().gt(0).max(1).default(1),
    sizing: sizingSchema.default({ type: 'all' }),
    units: z.enum(['whole', 'fractional']).default('whole'),
    orders: ordersSchema.default({ entry: 'market', entryOffsetPct: 0 }),
    /** Close trades still open at the end on the last bar, counting them in the stats. */
    finalizeTrades: z.boolean().default(true),
    mode: z.literal('reference').default('reference'),
    /**
     * The backtesting.py release whose statistics definitions apply: `0.6.6` as released, or
     * `0.6.5` to reproduce figures published with the release before it (see `StatsConvention`).
     */
    statsConvention: z.enum(['0.6.6', '0.6.5']).default('0.6.6'),
    from: timeBound.optional(),
    to: timeBound.optional(),
  })
  .strict()

/** A backtest request as written by a caller (defaults may be omitted). */
export type BacktestSpec = z.input<typeof backtestSpecSchema>
/** A backtest request with defaults applied. */
export type ParsedBacktestSpec = z.output<typeof backtestSpecSchema>
