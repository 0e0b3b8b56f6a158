import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { createdAt } from '../columns'
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
 * One row per campaign with what the journal pages list and sum: derived from the ledger by the
 * same FIFO grouping as `campaign_fills`, written in the same transaction as its membership by
 * every path that regroups (import, undo, rebuild, sync pull), so a read never replays fills.
 * Money is in integer cents of the fills' currency, as the campaign builder sums it. Fields that
 * come from decision contexts (strategy, stop, R) are not stored: contexts change on their own,
 * so reads add them. Rebuilt from the ledger, never synced.
 */
export const campaignSummaries = journal.table(
  'campaign_summaries',
  {
    groupId: uuid('group_id').primaryKey(),
    account: text('account').notNull(),
    symbol: text('symbol').notNull(),
    currency: text('currency').notNull(),
    side: text('side').notNull(),
    status: text('status').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'string' }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
    maxPosition: doublePrecision('max_position').notNull(),
    qty: doublePrecision('qty').notNull(),
    closedQty: doublePrecision('closed_qty').notNull(),
    openQty: doublePrecision('open_qty').notNull(),
    avgEntryPrice: doublePrecision('avg_entry_price'),
    avgExitPrice: doublePrecision('avg_exit_price'),
    grossCents: bigint('gross_cents', { mode: 'number' }),
    feesCents: bigint('fees_cents', { mode: 'number' }).notNull(),
    netCents: bigint('net_cents', { mode: 'number' }),
    fillCount: integer('fill_count').notNull(),
  },
  // No secondary index: a page sorts the table's tens of thousands of rows in a few
  // milliseconds, while each index would slow every import that writes summaries.
)

/**
 * Series (account, exact symbol) whose campaigns must be regrouped before the next campaigns
 * read: rows a sync pull applied, or, with `is_full`, every series when the summaries were first
 * added to a journal that already held fills. Consumed in the transaction that regroups them.
 */
export const campaignStaleSeries = journal.table(
  'campaign_stale_series',
  {
    account: text('account').notNull(),
    symbol: text('symbol').notNull(),
    isFull: boolean('is_full').notNull().default(false),
    markedAt: timestamp('marked_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.account, t.symbol] })],
)
