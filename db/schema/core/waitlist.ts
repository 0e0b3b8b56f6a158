import { serial, text, varchar } from 'drizzle-orm/pg-core'
import { createdAt, updatedAt } from '../columns'
import { core } from './settings'

/** People asking for access to a shared deployment (seed 001 `waitlist`). */
export const waitlist = core.table('waitlist', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 255 }),
  email: varchar('email', { length: 255 }).notNull().unique(),
  status: varchar('status', { length: 20 }).notNull().default('waiting'),
  referralSource: varchar('referral_source', { length: 255 }),
  notes: text('notes'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})
