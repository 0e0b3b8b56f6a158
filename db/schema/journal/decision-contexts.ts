import { sql } from 'drizzle-orm'
import { boolean, check, index, jsonb, text, uuid, varchar } from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, tstz, updatedAt } from '../columns'
import { userAccounts } from '../core/accounts'
import { strategies } from '../strategy/strategies'
import { tradeFills } from './fills'
import { journal } from './schema'

/** One feeling with its intensity (1 mild … 5 overwhelming): an element of `feelings_*`. */
export type Feeling = { feeling: string; intensity: number }

/** A planned exit (`exit_intent`): price target, stop price, and a time to be out by (ISO). */
export type ExitIntent = { target: number | null; stop: number | null; time: string | null }

/** The trader's reasoning and feelings, one-to-one with a fill (seed 001 `decision_contexts`). */
export const decisionContexts = journal.table(
  'decision_contexts',
  {
    id: clientId(),
    accountId: uuid('account_id').references(() => userAccounts.id, { onDelete: 'cascade' }),
    fillId: uuid('fill_id')
      .notNull()
      .unique()
      .references(() => tradeFills.id, { onDelete: 'cascade' }),
    contextType: varchar('context_type', { length: 30 }).notNull(),
    strategyId: uuid('strategy_id').references(() => strategies.id, { onDelete: 'set null' }),
    hypothesis: text('hypothesis'),
    exitIntent: jsonb('exit_intent').$type<ExitIntent>(),
    feelingsThen: jsonb('feelings_then').$type<Feeling[]>(),
    feelingsNow: jsonb('feelings_now').$type<Feeling[]>(),
    notes: text('notes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    index('ix_decision_contexts_account_fill').on(t.accountId, t.fillId),
    index('ix_decision_contexts_strategy_id').on(t.strategyId),
    check(
      'ck_decision_contexts_context_type',
      sql`${t.contextType} IN ('entry', 'add', 'reduce', 'exit', 'idea', 'post_trade_reflection')`,
    ),
  ],
)

/** Behavioural nudges raised against a decision context (seed 001 `campaign_checks`). */
export const campaignChecks = journal.table(
  'campaign_checks',
  {
    id: clientId(),
    decisionContextId: uuid('decision_context_id')
      .notNull()
      .references(() => decisionContexts.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').references(() => userAccounts.id, { onDelete: 'cascade' }),
    checkType: varchar('check_type', { length: 50 }).notNull(),
    severity: varchar('severity', { length: 10 }).$type<'info' | 'warn' | 'critical'>().notNull(),
    passed: boolean('passed').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>(),
    nudgeText: text('nudge_text'),
    acknowledged: boolean('acknowledged').notNull().default(false),
    traderAction: varchar('trader_action', { length: 20 }).$type<
      'proceeded' | 'modified' | 'cancelled'
    >(),
    checkedAt: tstz('checked_at').notNull().defaultNow(),
    checkPhase: varchar('check_phase', { length: 20 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    index('ix_campaign_checks_decision_context').on(t.decisionContextId),
    check('ck_campaign_checks_severity', sql`${t.severity} IN ('info', 'warn', 'critical')`),
    check(
      'ck_campaign_checks_check_phase',
      sql`${t.checkPhase} IN ('pre_trade', 'at_entry', 'during', 'at_exit', 'post_trade')`,
    ),
  ],
)
