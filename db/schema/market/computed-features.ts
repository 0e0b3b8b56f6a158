import {
  doublePrecision,
  foreignKey,
  integer,
  jsonb,
  primaryKey,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz } from '../columns'
import { ohlcvBars } from './ohlcv-bars'
import { market } from './schema'

/** Indicators, features and HMM regime state per bar (seed 001 `computed_features`). */
export const computedFeatures = market.table(
  'computed_features',
  {
    symbol: varchar('symbol', { length: 20 }).notNull(),
    timeframe: varchar('timeframe', { length: 10 }).notNull(),
    timestamp: tstz('timestamp').notNull(),
    features: jsonb('features').notNull().default({}),
    featureVersion: varchar('feature_version', { length: 20 }),
    modelId: varchar('model_id', { length: 50 }),
    stateId: integer('state_id'),
    stateProb: doublePrecision('state_prob'),
    logLikelihood: doublePrecision('log_likelihood'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'computed_features_pkey', columns: [t.symbol, t.timeframe, t.timestamp] }),
    foreignKey({
      name: 'computed_features_bar_fk',
      columns: [t.symbol, t.timeframe, t.timestamp],
      foreignColumns: [ohlcvBars.symbol, ohlcvBars.timeframe, ohlcvBars.timestamp],
    })
      .onDelete('cascade')
      .onUpdate('cascade'),
  ],
)
