import { pgSchema } from 'drizzle-orm/pg-core'

/** Results of probes, backtests and batch runs: derived, rebuilt on demand, never synced. */
export const backtest = pgSchema('backtest')
