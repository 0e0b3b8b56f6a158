import { jsonb, uuid } from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, updatedAt } from '../columns'
import { userAccounts } from './accounts'
import { core } from './settings'

/** Trading, risk and site preferences, one row per account (seed 001 `user_profiles`). */
export const userProfiles = core.table('user_profiles', {
  id: clientId(),
  userAccountId: uuid('user_account_id')
    .notNull()
    .unique()
    .references(() => userAccounts.id, { onDelete: 'cascade' }),
  profile: jsonb('profile').notNull().default({}),
  riskProfile: jsonb('risk_profile').notNull().default({}),
  sitePrefs: jsonb('site_prefs').notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: deletedAt(),
})
