import { jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core'

export const core = pgSchema('core')

/** Local app settings: theme, chosen zone, column mappings. Never synced. */
export const appSettings = core.table('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
