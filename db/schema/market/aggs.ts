import { sql } from 'drizzle-orm'
import {
  bigserial,
  bigint,
  boolean,
  char,
  date,
  index,
  integer,
  numeric,
  primaryKey,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core'
import { tstz } from '../columns'
import { market } from './schema'

// Polygon-style market data (seed 002). TimescaleDB hypertables become plain tables: bars are
// keyed by (symbol, timeframe, timestamp); ticks and flow alerts, which have no natural key,
// get a bigserial id.

/** Crypto aggregates, e.g. X:BTCUSD (seed 002 `crypto_aggs`). */
export const cryptoAggs = market.table(
  'crypto_aggs',
  {
    timestamp: tstz('timestamp').notNull(),
    symbol: varchar('symbol', { length: 16 }).notNull(),
    open: numeric('open', { precision: 20, scale: 8 }).notNull(),
    high: numeric('high', { precision: 20, scale: 8 }).notNull(),
    low: numeric('low', { precision: 20, scale: 8 }).notNull(),
    close: numeric('close', { precision: 20, scale: 8 }).notNull(),
    volume: numeric('volume', { precision: 24, scale: 8 }).notNull(),
    vwap: numeric('vwap', { precision: 20, scale: 8 }),
    transactions: integer('transactions'),
    timeframe: varchar('timeframe', { length: 8 }).notNull(),
    source: varchar('source', { length: 32 }).default('polygon'),
    multiplier: integer('multiplier').default(1),
    timespanUnit: varchar('timespan_unit', { length: 16 }).default('minute'),
    exchange: varchar('exchange', { length: 16 }),
  },
  (t) => [
    primaryKey({ name: 'crypto_aggs_pkey', columns: [t.symbol, t.timeframe, t.timestamp] }),
    index('ix_crypto_aggs_symbol_ts_timeframe').on(t.symbol, t.timestamp, t.timeframe),
    index('ix_crypto_aggs_exchange_symbol_ts').on(t.exchange, t.symbol, t.timestamp),
  ],
)

/** Option contract aggregates, OCC symbols (seed 002 `options_aggs`). */
export const optionsAggs = market.table(
  'options_aggs',
  {
    timestamp: tstz('timestamp').notNull(),
    symbol: varchar('symbol', { length: 32 }).notNull(),
    underlying: varchar('underlying', { length: 16 }).notNull(),
    expiration: date('expiration').notNull(),
    strike: numeric('strike', { precision: 16, scale: 6 }).notNull(),
    optionType: char('option_type', { length: 1 }).notNull(),
    open: numeric('open', { precision: 16, scale: 6 }),
    high: numeric('high', { precision: 16, scale: 6 }),
    low: numeric('low', { precision: 16, scale: 6 }),
    close: numeric('close', { precision: 16, scale: 6 }),
    volume: integer('volume'),
    openInterest: integer('open_interest'),
    timeframe: varchar('timeframe', { length: 8 }).notNull(),
    multiplier: integer('multiplier').default(1),
    timespanUnit: varchar('timespan_unit', { length: 16 }).default('minute'),
    source: varchar('source', { length: 32 }).default('polygon'),
  },
  (t) => [
    primaryKey({ name: 'options_aggs_pkey', columns: [t.symbol, t.timeframe, t.timestamp] }),
    index('ix_options_aggs_contract').on(t.underlying, t.expiration, t.strike, t.optionType),
    index('ix_options_aggs_symbol_ts').on(t.symbol, t.timestamp),
  ],
)

/** Top-of-book quotes (seed 002 `quotes`). */
export const quotes = market.table(
  'quotes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    timestamp: tstz('timestamp').notNull(),
    symbol: varchar('symbol', { length: 16 }).notNull(),
    bidPrice: numeric('bid_price', { precision: 16, scale: 6 }).notNull(),
    askPrice: numeric('ask_price', { precision: 16, scale: 6 }).notNull(),
    bidSize: integer('bid_size').notNull(),
    askSize: integer('ask_size').notNull(),
    exchange: varchar('exchange', { length: 8 }),
    conditions: varchar('conditions').array(),
    sequenceNumber: bigint('sequence_number', { mode: 'number' }),
    tape: char('tape', { length: 1 }),
    source: varchar('source', { length: 32 }).default('polygon'),
  },
  (t) => [index('ix_quotes_symbol_ts').on(t.symbol, t.timestamp)],
)

/** Trade prints (seed 002 `trades`, renamed: `trades` of seed 000 is a different thing). */
export const tradeTicks = market.table(
  'trade_ticks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    timestamp: tstz('timestamp').notNull(),
    symbol: varchar('symbol', { length: 16 }).notNull(),
    price: numeric('price', { precision: 16, scale: 6 }).notNull(),
    size: integer('size').notNull(),
    exchange: varchar('exchange', { length: 8 }).notNull(),
    conditions: varchar('conditions').array(),
    tape: char('tape', { length: 1 }),
    sequenceNumber: bigint('sequence_number', { mode: 'number' }),
    tradeId: varchar('trade_id', { length: 32 }),
    source: varchar('source', { length: 32 }).default('polygon'),
  },
  (t) => [
    index('ix_trade_ticks_symbol_ts').on(t.symbol, t.timestamp),
    index('ix_trade_ticks_exchange_ts').on(t.exchange, t.timestamp),
  ],
)

/** Unusual Whales options-flow alerts (seed 002 `unusual_whales_options`). */
export const unusualWhalesOptions = market.table(
  'unusual_whales_options',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    timestamp: tstz('timestamp').notNull(),
    symbol: varchar('symbol', { length: 32 }).notNull(),
    underlying: varchar('underlying', { length: 16 }).notNull(),
    underlyingPrice: numeric('underlying_price', { precision: 16, scale: 6 }),
    expiration: date('expiration').notNull(),
    strike: numeric('strike', { precision: 16, scale: 6 }).notNull(),
    optionType: char('option_type', { length: 1 }).notNull(),
    premium: numeric('premium', { precision: 16, scale: 6 }).notNull(),
    premiumType: varchar('premium_type', { length: 8 }).notNull(),
    sentiment: varchar('sentiment', { length: 8 }).notNull(),
    unusualScore: integer('unusual_score'),
    volume: integer('volume').notNull(),
    openInterest: integer('open_interest'),
    volumeOiRatio: numeric('volume_oi_ratio', { precision: 10, scale: 6 }),
    impliedVolatility: numeric('implied_volatility', { precision: 10, scale: 6 }),
    daysToExpiration: integer('days_to_expiration').notNull(),
    tradeType: varchar('trade_type', { length: 16 }),
    sizeNotation: varchar('size_notation', { length: 16 }),
    alertId: varchar('alert_id', { length: 64 }),
    sector: varchar('sector', { length: 32 }),
    isHistorical: boolean('is_historical').notNull().default(false),
    source: varchar('source', { length: 32 }).default('unusual_whales'),
  },
  (t) => [
    uniqueIndex('ux_unusual_whales_options_alert_id')
      .on(t.alertId)
      .where(sql`${t.alertId} IS NOT NULL`),
    index('ix_unusual_whales_options_contract').on(
      t.underlying,
      t.expiration,
      t.strike,
      t.optionType,
    ),
    index('ix_unusual_whales_options_symbol_ts').on(t.symbol, t.timestamp),
    index('ix_unusual_whales_options_score')
      .on(t.unusualScore)
      .where(sql`${t.unusualScore} IS NOT NULL`),
  ],
)
