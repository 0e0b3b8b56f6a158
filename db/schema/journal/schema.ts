import { pgSchema } from 'drizzle-orm/pg-core'

/** The trade journal: fills (ledger), the trader's notes on them (lww), derived campaigns. */
export const journal = pgSchema('journal')
