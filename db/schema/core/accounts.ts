import { boolean, date, jsonb, text, varchar } from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, tstz, updatedAt } from '../columns'
import { core } from './settings'

/**
 * The trader's account: seed 001 `user_accounts` merged with seed 004 `users`. Broker API keys
 * are never stored here, only a reference to the secret kept by the OS (safeStorage).
 */
export const userAccounts = core.table('user_accounts', {
  id: clientId(),
  externalUserId: varchar('external_user_id', { length: 100 }).unique(),
  name: varchar('name', { length: 255 }),
  email: varchar('email', { length: 255 }).unique(),
  googleId: varchar('google_id', { length: 255 }).unique(),
  authProvider: varchar('auth_provider', { length: 50 }),
  profilePictureUrl: varchar('profile_picture_url', { length: 1024 }),
  phone: varchar('phone', { length: 50 }),
  address: text('address'),
  dateOfBirth: date('date_of_birth'),
  gender: varchar('gender', { length: 20 }),
  isActive: boolean('is_active').notNull().default(true),
  discordId: varchar('discord_id', { length: 255 }).unique(),
  username: varchar('username', { length: 255 }),
  discriminator: varchar('discriminator', { length: 10 }),
  avatarUrl: text('avatar_url'),
  alpacaApiKeyRef: text('alpaca_api_key_ref'),
  alpacaApiSecretRef: text('alpaca_api_secret_ref'),
  preferences: jsonb('preferences').notNull().default({}),
  lastLoginAt: tstz('last_login_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: deletedAt(),
})
