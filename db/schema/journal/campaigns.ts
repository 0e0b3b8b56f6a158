import { bigint, bigserial, index, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core'
import { createdAt, tstz } from '../columns'
import { tradeFills } from './fills'
import { journal } from './schema'

/**
 * Campaign membership derived from fills by FIFO zero-crossing (seed 001 `campaign_fills`).
 * `group_id` is the campaign's first fill id; a fill that flips the position sits in two groups.
 * Rebuilt from the ledger, never synced.
 */
export const campaignFills = journal.table(
  'campaign_fills',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // The campaign's first fill id (seed: an identifier, not a foreign key); its own row below
    // references that fill through fill_id.
    groupId: uuid('group_id').notNull(),
    fillId: uuid('fill_id')
      .notNull()
      .references(() => tradeFills.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    // A unique index rather than a constraint: same guarantee, and a bulk load can build it by
    // one sort (db/repos/bulk-load.ts) instead of row by row. Its leading column serves lookups
    // by group_id, so no second index on group_id is kept.
    uniqueIndex('uq_campaign_fills_group_fill').on(t.groupId, t.fillId),
    index('ix_campaign_fills_fill_id').on(t.fillId),
  ],
)

/**
 * One stored summary per campaign (local, derived, never synced): what the campaigns list, the
 * statistics and the campaign page read, so no read regroups the ledger. Every write path that
 * changes a series' fills or its decision contexts rewrites the summaries of the part of the
 * series it regrouped, in the same transaction (`electron/core/handlers/campaigns.ts`). Money
 * columns are integer cents in the campaign's currency; `dto` is the campaign as the contract
 * shows it (legs included), as JSON text.
 */
export const campaignSummaries = journal.table(
  'campaign_summaries',
  {
    // The campaign's first fill id, as `campaign_fills.group_id`.
    groupId: uuid('group_id')
      .primaryKey()
      .references(() => tradeFills.id, { onDelete: 'cascade' }),
    account: text('account').notNull(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    currency: varchar('currency', { length: 10 }).notNull(),
    status: varchar('status', { length: 20 }).notNull(),
    openedAt: tstz('opened_at').notNull(),
    closedAt: tstz('closed_at'),
    grossCents: bigint('gross_cents', { mode: 'number' }),
    feesCents: bigint('fees_cents', { mode: 'number' }).notNull(),
    netCents: bigint('net_cents', { mode: 'number' }),
    strategy: text('strategy'),
    dto: text('dto').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('ix_campaign_summaries_opened_at').on(t.openedAt, t.groupId),
    index('ix_campaign_summaries_account_symbol').on(t.account, t.symbol),
  ],
)
