import { pgSchema } from 'drizzle-orm/pg-core'

/** Paper and live execution on this machine: active strategies, orders, positions. Local. */
export const execution = pgSchema('execution')
