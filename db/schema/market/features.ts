import { index, numeric, primaryKey, varchar } from 'drizzle-orm/pg-core'
import { tstz } from '../columns'
import { market } from './schema'

/** One named feature value per symbol, timeframe and time (seed 002 `features`). */
export const features = market.table(
  'features',
  {
    timestamp: tstz('timestamp').notNull(),
    symbol: varchar('symbol', { length: 16 }).notNull(),
    featureName: varchar('feature_name', { length: 64 }).notNull(),
    featureValue: numeric('feature_value', { precision: 20, scale: 8 }).notNull(),
    timeframe: varchar('timeframe', { length: 8 }).notNull(),
    featureGroup: varchar('feature_group', { length: 32 }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'features_pkey',
      columns: [t.symbol, t.featureName, t.timestamp, t.timeframe],
    }),
    index('ix_features_group_symbol_ts').on(t.featureGroup, t.symbol, t.timestamp),
  ],
)
