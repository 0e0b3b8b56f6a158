import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  primaryKey,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz } from '../columns'
import { market } from './schema'
import { tickers } from './tickers'

/**
 * Price bars: seed 001 `ohlcv_bars` merged with seed 002 `stock_aggs` (Polygon aggregates).
 * One row per (symbol, timeframe, timestamp); prices and volume are doubles because the
 * backtest engine reads them into Float64Arrays and crypto volume is fractional.
 */
export const ohlcvBars = market.table(
  'ohlcv_bars',
  {
    symbol: varchar('symbol', { length: 20 })
      .notNull()
      .references(() => tickers.symbol, { onDelete: 'cascade', onUpdate: 'cascade' }),
    timeframe: varchar('timeframe', { length: 10 }).notNull(),
    timestamp: tstz('timestamp').notNull(),
    open: doublePrecision('open').notNull(),
    high: doublePrecision('high').notNull(),
    low: doublePrecision('low').notNull(),
    close: doublePrecision('close').notNull(),
    volume: doublePrecision('volume').notNull().default(0),
    tradeCount: integer('trade_count'),
    vwap: doublePrecision('vwap'),
    source: varchar('source', { length: 32 }),
    multiplier: integer('multiplier').default(1),
    timespanUnit: varchar('timespan_unit', { length: 16 }),
    adjusted: boolean('adjusted').notNull().default(false),
    otc: boolean('otc').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'ohlcv_bars_pkey', columns: [t.symbol, t.timeframe, t.timestamp] }),
    index('ix_ohlcv_timestamp').on(t.timestamp),
    index('ix_ohlcv_adjusted_symbol_ts').on(t.adjusted, t.symbol, t.timestamp),
    check('ck_ohlcv_high_low', sql`${t.high} >= ${t.low}`),
    check('ck_ohlcv_high_open_close', sql`${t.high} >= ${t.open} AND ${t.high} >= ${t.close}`),
    check('ck_ohlcv_low_open_close', sql`${t.low} <= ${t.open} AND ${t.low} <= ${t.close}`),
    check(
      'ck_ohlcv_prices_positive',
      sql`${t.open} > 0 AND ${t.high} > 0 AND ${t.low} > 0 AND ${t.close} > 0`,
    ),
    check('ck_ohlcv_volume_nonnegative', sql`${t.volume} >= 0`),
  ],
)
