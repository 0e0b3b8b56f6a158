import { pgSchema } from 'drizzle-orm/pg-core'

/** Market data: natural keys (symbol, timeframe, timestamp), never synced. */
export const market = pgSchema('market')
