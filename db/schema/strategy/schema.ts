import { pgSchema } from 'drizzle-orm/pg-core'

/** Strategies the trader writes (lww) and the shipped probe catalogue (local). */
export const strategy = pgSchema('strategy')
