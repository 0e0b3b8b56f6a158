import { timestamp, uuid } from 'drizzle-orm/pg-core'
import { uuidv7 } from '../uuidv7'

// Shared column builders. Every seed table has created/updated timestamps; `lww` tables add a
// tombstone so a delete can travel through sync like any other write.

/** Client-minted UUIDv7 primary key for rows that sync (two devices never mint the same id). */
export function clientId(name = 'id') {
  return uuid(name)
    .primaryKey()
    .$defaultFn(() => uuidv7())
}

/** A timestamptz column (the seeds' TIMESTAMP columns are normalised to timestamptz). */
export function tstz(name: string) {
  return timestamp(name, { withTimezone: true })
}

/** `created_at timestamptz NOT NULL DEFAULT now()`. */
export function createdAt() {
  return tstz('created_at').notNull().defaultNow()
}

/** `updated_at timestamptz NOT NULL DEFAULT now()`, kept current by the `updated_at` trigger. */
export function updatedAt() {
  return tstz('updated_at').notNull().defaultNow()
}

/** Tombstone of an `lww` row: set instead of deleting, so the delete syncs. */
export function deletedAt() {
  return tstz('deleted_at')
}
