import { sql } from 'drizzle-orm'
import {
  boolean,
  date,
  doublePrecision,
  index,
  jsonb,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, updatedAt } from '../columns'
import { userAccounts } from '../core/accounts'
import { strategy } from './schema'

/**
 * User-defined and benchmark strategies: seed 001 `strategies` (rules, risk, family) merged
 * with seed 004 `strategies` (element list, backtest window, tags, sharing).
 */
export const strategies = strategy.table(
  'strategies',
  {
    id: clientId(),
    accountId: uuid('account_id').references(() => userAccounts.id, { onDelete: 'set null' }),
    name: varchar('name', { length: 500 }).notNull(),
    description: text('description'),
    direction: varchar('direction', { length: 10 }),
    timeframes: jsonb('timeframes').notNull().default([]),
    entryCriteria: text('entry_criteria'),
    exitCriteria: text('exit_criteria'),
    maxRiskPct: doublePrecision('max_risk_pct'),
    minRiskReward: doublePrecision('min_risk_reward'),
    isActive: boolean('is_active').notNull().default(true),
    riskProfile: jsonb('risk_profile'),
    impliedStrategyFamily: varchar('implied_strategy_family', { length: 50 }),
    elements: jsonb('elements').notNull().default([]),
    benchmarkSymbol: varchar('benchmark_symbol', { length: 50 }).default('SPY'),
    startDate: date('start_date'),
    endDate: date('end_date'),
    tags: varchar('tags', { length: 255 }).array(),
    isPublic: boolean('is_public').notNull().default(false),
    isArchived: boolean('is_archived').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    uniqueIndex('ux_strategies_account_name')
      .on(t.accountId, t.name)
      .where(sql`${t.deletedAt} IS NULL`),
    index('ix_strategies_account_id').on(t.accountId),
    index('idx_strategies_created_at').on(t.createdAt.desc()),
    index('idx_strategies_is_public')
      .on(t.isPublic)
      .where(sql`${t.isPublic} = TRUE`),
    index('idx_strategies_tags').using('gin', t.tags),
  ],
)
