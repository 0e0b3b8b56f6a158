import { integer, serial, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core'
import { tstz } from '../columns'
import { market } from './schema'
import { tickers } from './tickers'

/** How far bars for a symbol and timeframe have been fetched (seed 001 `data_sync_log`). */
export const dataSyncLog = market.table(
  'data_sync_log',
  {
    id: serial('id').primaryKey(),
    symbol: varchar('symbol', { length: 20 })
      .notNull()
      .references(() => tickers.symbol, { onDelete: 'cascade', onUpdate: 'cascade' }),
    timeframe: varchar('timeframe', { length: 10 }).notNull(),
    lastSyncedTimestamp: tstz('last_synced_timestamp'),
    firstSyncedTimestamp: tstz('first_synced_timestamp'),
    lastSyncAt: tstz('last_sync_at').notNull().defaultNow(),
    barsFetched: integer('bars_fetched').notNull().default(0),
    totalBars: integer('total_bars').notNull().default(0),
    status: varchar('status', { length: 20 }).notNull(),
    errorMessage: text('error_message'),
  },
  (t) => [uniqueIndex('ux_data_sync_log_symbol_timeframe').on(t.symbol, t.timeframe)],
)
