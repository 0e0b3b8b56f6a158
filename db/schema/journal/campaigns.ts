import { bigserial, index, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
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
