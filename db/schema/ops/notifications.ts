import { jsonb, serial, text } from 'drizzle-orm/pg-core'
import { createdAt, updatedAt } from '../columns'
import { ops } from './schema'

/**
 * Web-push subscriptions (seed 000 `push_subscriptions`). The subscription's auth secret is
 * kept by the OS secret store; `keys_ref` names it.
 */
export const pushSubscriptions = ops.table('push_subscriptions', {
  id: serial('id').primaryKey(),
  endpoint: text('endpoint').notNull().unique(),
  keysRef: text('keys_ref'),
  preferences: jsonb('preferences').notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})
