import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  check,
  doublePrecision,
  foreignKey,
  index,
  jsonb,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import { clientId, createdAt, tstz } from '../columns'
import { userAccounts } from '../core/accounts'
import { brokerConnections } from './broker'
import { journal } from './schema'

/**
 * Executed fills (seed 001 `trade_fills`): an insert-only ledger. A trigger rejects UPDATE and
 * DELETE; a correction is a new row whose `corrects_fill_id` names the fill it replaces.
 * Re-imports are idempotent through the two partial unique indexes per broker account.
 */
export const tradeFills = journal.table(
  'trade_fills',
  {
    id: clientId(),
    brokerConnectionId: uuid('broker_connection_id').references(() => brokerConnections.id),
    accountId: uuid('account_id').references(() => userAccounts.id),
    account: text('account').notNull(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    side: varchar('side', { length: 10 }).notNull().$type<'buy' | 'sell'>(),
    quantity: doublePrecision('quantity').notNull(),
    price: doublePrecision('price').notNull(),
    fees: doublePrecision('fees').notNull().default(0),
    multiplier: doublePrecision('multiplier').notNull().default(1),
    executedAt: tstz('executed_at').notNull(),
    broker: varchar('broker', { length: 100 }),
    assetType: varchar('asset_type', { length: 20 }),
    currency: varchar('currency', { length: 10 }).notNull().default('USD'),
    orderId: varchar('order_id', { length: 255 }),
    venue: varchar('venue', { length: 100 }),
    externalTradeId: varchar('external_trade_id', { length: 255 }),
    contentHash: varchar('content_hash', { length: 128 }),
    source: varchar('source', { length: 20 }),
    // Names its import batch; not a foreign key (the seed has it as an identifier, and a key
    // check per row cost a quarter of a bulk import). Batches are never deleted, only undone.
    importBatchId: uuid('import_batch_id'),
    correctsFillId: uuid('corrects_fill_id'),
    rawData: jsonb('raw_data'),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'trade_fills_corrects_fill_id_fk',
      columns: [t.correctsFillId],
      foreignColumns: [t.id as AnyPgColumn],
    }),
    check('ck_trade_fills_side', sql`${t.side} IN ('buy', 'sell')`),
    check('ck_trade_fills_quantity_positive', sql`${t.quantity} > 0`),
    check('ck_trade_fills_multiplier_positive', sql`${t.multiplier} > 0`),
    uniqueIndex('ux_trade_fills_account_external_trade_id')
      .on(t.account, t.externalTradeId)
      .where(sql`${t.externalTradeId} IS NOT NULL`),
    uniqueIndex('ux_trade_fills_account_content_hash')
      .on(t.account, t.contentHash)
      .where(sql`${t.contentHash} IS NOT NULL`),
    index('ix_trade_fills_account_symbol_executed_at').on(t.account, t.symbol, t.executedAt),
    // A batch's fills are written together, and batch ids are time-ordered: a block-range index
    // finds them at a fraction of a btree's upkeep.
    index('ix_trade_fills_import_batch_id').using('brin', t.importBatchId),
    // Corrections are rare: the index holds only them.
    index('ix_trade_fills_corrects_fill_id')
      .on(t.correctsFillId)
      .where(sql`${t.correctsFillId} IS NOT NULL`),
  ],
)
