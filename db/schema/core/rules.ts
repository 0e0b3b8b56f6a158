import { boolean, index, jsonb, text, uuid, varchar } from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, updatedAt } from '../columns'
import { userAccounts } from './accounts'
import { core } from './settings'

/** The trader's own evaluation rules: thresholds and severities per evaluator (seed 001). */
export const userRules = core.table(
  'user_rules',
  {
    id: clientId(),
    accountId: uuid('account_id').references(() => userAccounts.id, { onDelete: 'cascade' }),
    ruleCode: varchar('rule_code', { length: 50 }).notNull(),
    evaluator: varchar('evaluator', { length: 100 }),
    parameters: jsonb('parameters').notNull().default({}),
    isEnabled: boolean('is_enabled').notNull().default(true),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index('ix_user_rules_account_id').on(t.accountId)],
)
