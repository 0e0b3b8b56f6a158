import { index, jsonb, uuid, varchar } from 'drizzle-orm/pg-core'
import { tstz } from '../columns'
import { aiTrading } from './schema'

/** Feature vectors extracted for ML models; 90-day retention (seed 003 `feature_data`). */
export const featureData = aiTrading.table(
  'feature_data',
  {
    featureId: uuid('feature_id').primaryKey().defaultRandom(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    timestamp: tstz('timestamp').notNull(),
    featureSetName: varchar('feature_set_name', { length: 50 }).notNull(),
    features: jsonb('features').notNull(),
    rawDataHash: varchar('raw_data_hash', { length: 64 }),
    extractionMethod: varchar('extraction_method', { length: 50 }),
  },
  (t) => [
    index('idx_feature_data_symbol_time').on(t.symbol, t.timestamp.desc()),
    index('idx_feature_data_set_time').on(t.featureSetName, t.timestamp),
  ],
)
