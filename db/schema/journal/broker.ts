import { boolean, jsonb, text, uuid, varchar } from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, updatedAt } from '../columns'
import { userAccounts } from '../core/accounts'
import { journal } from './schema'

/**
 * Link between the local account and a SnapTrade user (seed 001 `snaptrade_users`). The user
 * secret itself lives in the OS secret store; this row keeps only the key it is filed under.
 */
export const snaptradeUsers = journal.table('snaptrade_users', {
  id: clientId(),
  userAccountId: uuid('user_account_id')
    .unique()
    .references(() => userAccounts.id, { onDelete: 'cascade' }),
  snaptradeUserId: varchar('snaptrade_user_id', { length: 255 }).notNull().unique(),
  snaptradeUserSecretRef: text('snaptrade_user_secret_ref'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: deletedAt(),
})

/** A connected brokerage account (seed 001 `broker_connections`). */
export const brokerConnections = journal.table('broker_connections', {
  id: clientId(),
  snaptradeUserId: uuid('snaptrade_user_id').references(() => snaptradeUsers.id, {
    onDelete: 'cascade',
  }),
  brokerageName: varchar('brokerage_name', { length: 100 }),
  brokerageSlug: varchar('brokerage_slug', { length: 50 }),
  authorizationId: varchar('authorization_id', { length: 255 }).unique(),
  meta: jsonb('meta').notNull().default({}),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: deletedAt(),
})
