import {
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  primaryKey,
  serial,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz } from '../columns'
import { market } from './schema'

// Gamma exposure (GEX) and options-positioning data (seed 000, market data section). The seed
// names tables, purposes and timestamp columns but no columns: the columns below are the
// fields those purposes need, with the rest of a provider payload kept in `details`.

/** Main GEX history for charts, every 5 minutes (seed 000 `gex_history`). */
export const gexHistory = market.table(
  'gex_history',
  {
    symbol: varchar('symbol', { length: 20 }).notNull(),
    timestamp: tstz('timestamp').notNull(),
    netGex: doublePrecision('net_gex'),
    flipPoint: doublePrecision('flip_point'),
    callWall: doublePrecision('call_wall'),
    putWall: doublePrecision('put_wall'),
    spotPrice: doublePrecision('spot_price'),
    mmState: varchar('mm_state', { length: 50 }),
    regime: varchar('regime', { length: 50 }),
    dataSource: varchar('data_source', { length: 50 }),
    details: jsonb('details'),
  },
  (t) => [primaryKey({ name: 'gex_history_pkey', columns: [t.symbol, t.timestamp] })],
)

/** Extended gamma snapshots (seed 000 `gamma_history`). */
export const gammaHistory = market.table(
  'gamma_history',
  {
    symbol: varchar('symbol', { length: 20 }).notNull(),
    timestamp: tstz('timestamp').notNull(),
    spotPrice: doublePrecision('spot_price'),
    netGex: doublePrecision('net_gex'),
    flipPoint: doublePrecision('flip_point'),
    callWall: doublePrecision('call_wall'),
    putWall: doublePrecision('put_wall'),
    impliedVolatility: doublePrecision('implied_volatility'),
    putCallRatio: doublePrecision('put_call_ratio'),
    distanceToFlipPct: doublePrecision('distance_to_flip_pct'),
    regime: varchar('regime', { length: 50 }),
    details: jsonb('details'),
  },
  (t) => [primaryKey({ name: 'gamma_history_pkey', columns: [t.symbol, t.timestamp] })],
)

/** Daily gamma aggregates (seed 000 `gamma_daily_summary`). */
export const gammaDailySummary = market.table(
  'gamma_daily_summary',
  {
    symbol: varchar('symbol', { length: 20 }).notNull(),
    date: date('date').notNull(),
    openGex: doublePrecision('open_gex'),
    closeGex: doublePrecision('close_gex'),
    highGex: doublePrecision('high_gex'),
    lowGex: doublePrecision('low_gex'),
    gexChangePct: doublePrecision('gex_change_pct'),
    openFlip: doublePrecision('open_flip'),
    closeFlip: doublePrecision('close_flip'),
    openPrice: doublePrecision('open_price'),
    closePrice: doublePrecision('close_price'),
    priceChangePct: doublePrecision('price_change_pct'),
    avgIv: doublePrecision('avg_iv'),
    snapshotsCount: integer('snapshots_count').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'gamma_daily_summary_pkey', columns: [t.symbol, t.date] })],
)

/** GEX strike levels (seed 000 `gex_levels`). */
export const gexLevels = market.table(
  'gex_levels',
  {
    symbol: varchar('symbol', { length: 20 }).notNull(),
    timestamp: tstz('timestamp').notNull(),
    flipPoint: doublePrecision('flip_point'),
    callWall: doublePrecision('call_wall'),
    putWall: doublePrecision('put_wall'),
    levels: jsonb('levels').notNull().default([]),
  },
  (t) => [primaryKey({ name: 'gex_levels_pkey', columns: [t.symbol, t.timestamp] })],
)

/** GEX snapshots with per-strike data (seed 000 `gex_snapshots_detailed`). */
export const gexSnapshotsDetailed = market.table(
  'gex_snapshots_detailed',
  {
    id: serial('id').primaryKey(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    timestamp: tstz('timestamp').notNull(),
    spotPrice: doublePrecision('spot_price'),
    netGex: doublePrecision('net_gex'),
    strikeData: jsonb('strike_data').notNull().default([]),
    details: jsonb('details'),
  },
  (t) => [index('ix_gex_snapshots_detailed_symbol_ts').on(t.symbol, t.timestamp)],
)

/** Gamma per strike over time (seed 000 `gamma_strike_history`). */
export const gammaStrikeHistory = market.table(
  'gamma_strike_history',
  {
    symbol: varchar('symbol', { length: 20 }).notNull(),
    timestamp: tstz('timestamp').notNull(),
    strike: doublePrecision('strike').notNull(),
    callGamma: doublePrecision('call_gamma'),
    putGamma: doublePrecision('put_gamma'),
    totalGamma: doublePrecision('total_gamma'),
    callOi: integer('call_oi'),
    putOi: integer('put_oi'),
  },
  (t) => [
    primaryKey({ name: 'gamma_strike_history_pkey', columns: [t.symbol, t.timestamp, t.strike] }),
  ],
)

/** Spot, VIX and volume snapshots (seed 000 `market_data`). */
export const marketData = market.table(
  'market_data',
  {
    symbol: varchar('symbol', { length: 20 }).notNull(),
    timestamp: tstz('timestamp').notNull(),
    spotPrice: doublePrecision('spot_price'),
    vix: doublePrecision('vix'),
    volume: doublePrecision('volume'),
    dataSource: varchar('data_source', { length: 50 }),
    details: jsonb('details'),
  },
  (t) => [primaryKey({ name: 'market_data_pkey', columns: [t.symbol, t.timestamp] })],
)

/** Daily open interest per strike and expiry (seed 000 `historical_open_interest`). */
export const historicalOpenInterest = market.table(
  'historical_open_interest',
  {
    symbol: varchar('symbol', { length: 20 }).notNull(),
    date: date('date').notNull(),
    expiration: date('expiration').notNull(),
    strike: doublePrecision('strike').notNull(),
    callOi: integer('call_oi'),
    putOi: integer('put_oi'),
    callVolume: integer('call_volume'),
    putVolume: integer('put_volume'),
  },
  (t) => [
    primaryKey({
      name: 'historical_open_interest_pkey',
      columns: [t.symbol, t.date, t.expiration, t.strike],
    }),
  ],
)

/** Psychology regime signals (seed 000 `regime_signals`). */
export const regimeSignals = market.table(
  'regime_signals',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull(),
    symbol: varchar('symbol', { length: 20 }).notNull().default('SPY'),
    primaryRegimeType: varchar('primary_regime_type', { length: 50 }),
    confidenceScore: doublePrecision('confidence_score'),
    tradeDirection: varchar('trade_direction', { length: 20 }),
    riskLevel: varchar('risk_level', { length: 20 }),
    description: varchar('description', { length: 1000 }),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [index('ix_regime_signals_symbol_ts').on(t.symbol, t.timestamp)],
)

/** Market regime classifications (seed 000 `regime_classifications`). */
export const regimeClassifications = market.table(
  'regime_classifications',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    regime: varchar('regime', { length: 50 }).notNull(),
    confidence: doublePrecision('confidence'),
    vix: doublePrecision('vix'),
    netGex: doublePrecision('net_gex'),
    details: jsonb('details'),
  },
  (t) => [index('ix_regime_classifications_symbol_ts').on(t.symbol, t.timestamp)],
)

/** Daily SPY correlation tracking (seed 000 `spy_correlation`). */
export const spyCorrelation = market.table('spy_correlation', {
  date: date('date').primaryKey(),
  spyClose: doublePrecision('spy_close'),
  spyChangePct: doublePrecision('spy_change_pct'),
  netGex: doublePrecision('net_gex'),
  gexChangePct: doublePrecision('gex_change_pct'),
  correlation20d: doublePrecision('correlation_20d'),
  details: jsonb('details'),
})

/** Gamma correlation across symbols (seed 000 `gamma_correlation`). */
export const gammaCorrelation = market.table(
  'gamma_correlation',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull(),
    symbols: varchar('symbols', { length: 20 }).array().notNull(),
    windowDays: integer('window_days').notNull(),
    correlationMatrix: jsonb('correlation_matrix').notNull(),
  },
  (t) => [index('ix_gamma_correlation_ts').on(t.timestamp)],
)

/** Option greeks snapshots (seed 000 `greeks_snapshots`). */
export const greeksSnapshots = market.table(
  'greeks_snapshots',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    optionSymbol: varchar('option_symbol', { length: 32 }),
    strike: doublePrecision('strike'),
    expiration: date('expiration'),
    optionType: varchar('option_type', { length: 4 }),
    delta: doublePrecision('delta'),
    gamma: doublePrecision('gamma'),
    theta: doublePrecision('theta'),
    vega: doublePrecision('vega'),
    impliedVolatility: doublePrecision('implied_volatility'),
  },
  (t) => [index('ix_greeks_snapshots_symbol_ts').on(t.symbol, t.timestamp)],
)

/** VIX futures term structure (seed 000 `vix_term_structure`). */
export const vixTermStructure = market.table('vix_term_structure', {
  timestamp: tstz('timestamp').primaryKey(),
  vixSpot: doublePrecision('vix_spot'),
  vix9d: doublePrecision('vix9d'),
  vix3m: doublePrecision('vix3m'),
  vix6m: doublePrecision('vix6m'),
  frontMonth: doublePrecision('front_month'),
  secondMonth: doublePrecision('second_month'),
  contangoPct: doublePrecision('contango_pct'),
  structure: varchar('structure', { length: 20 }),
})

/** Aggregated options flow per symbol (seed 000 `options_flow`). */
export const optionsFlow = market.table(
  'options_flow',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    totalCallVolume: integer('total_call_volume'),
    totalPutVolume: integer('total_put_volume'),
    putCallRatio: doublePrecision('put_call_ratio'),
    netPremium: doublePrecision('net_premium'),
    unusualStrikes: jsonb('unusual_strikes'),
    details: jsonb('details'),
  },
  (t) => [index('ix_options_flow_symbol_ts').on(t.symbol, t.timestamp)],
)

/** Whole-market snapshots (seed 000 `market_snapshots`). */
export const marketSnapshots = market.table(
  'market_snapshots',
  {
    symbol: varchar('symbol', { length: 20 }).notNull(),
    timestamp: tstz('timestamp').notNull(),
    spotPrice: doublePrecision('spot_price'),
    vix: doublePrecision('vix'),
    netGex: doublePrecision('net_gex'),
    regime: varchar('regime', { length: 50 }),
    snapshot: jsonb('snapshot'),
  },
  (t) => [primaryKey({ name: 'market_snapshots_pkey', columns: [t.symbol, t.timestamp] })],
)
