import { customType, pgSchema } from 'drizzle-orm/pg-core'

/** AI models, their training, signals and analyses (seed 003, plus seeds 000 and 002). Local. */
export const aiTrading = pgSchema('ai_trading')

/** PostgreSQL `daterange`, as text in its canonical form, e.g. `[2024-01-01,2024-07-01)`. */
export const daterange = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'daterange'
  },
})
