import { index, integer, serial, uuid, varchar } from 'drizzle-orm/pg-core'
import { createdAt } from '../columns'
import { userAccounts } from '../core/accounts'
import { ops } from './schema'

/** API calls for rate limiting and analytics (seed 004 `api_usage_logs`). */
export const apiUsageLogs = ops.table(
  'api_usage_logs',
  {
    id: serial('id').primaryKey(),
    userId: uuid('user_id').references(() => userAccounts.id, { onDelete: 'set null' }),
    endpoint: varchar('endpoint', { length: 255 }).notNull(),
    method: varchar('method', { length: 10 }).notNull(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms'),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_api_usage_logs_user_id').on(t.userId),
    index('idx_api_usage_logs_created_at').on(t.createdAt.desc()),
  ],
)
