import { desc, eq, isNull, sql } from 'drizzle-orm'
import type { Handle } from '../query'
import { syncConflicts } from '../schema/index'

/** A row of `sync.sync_conflicts`: two versions of one synced row and which one won. */
export type ConflictRow = typeof syncConflicts.$inferSelect

/** The newest 500 conflicts, newest first; open ones only unless `includeResolved`. */
export async function listConflicts(h: Handle, includeResolved: boolean): Promise<ConflictRow[]> {
  return h
    .select()
    .from(syncConflicts)
    .where(includeResolved ? undefined : isNull(syncConflicts.resolvedAt))
    .orderBy(desc(syncConflicts.id))
    .limit(500)
}

/** One conflict, locked for update until the caller's transaction ends; null when absent. */
export async function lockConflict(h: Handle, id: number): Promise<ConflictRow | null> {
  const [row] = await h.select().from(syncConflicts).where(eq(syncConflicts.id, id)).for('update')
  return row ?? null
}

/**
 * Writes a row image again as a new local change of `schema.table` (`sync.write_version`), so it
 * gets a fresh HLC and goes out with the next push.
 */
export async function writeVersion(
  h: Handle,
  schema: string,
  table: string,
  op: 'put' | 'del',
  row: Record<string, unknown> | null,
): Promise<void> {
  await h.execute(
    sql`SELECT sync.write_version(${schema}, ${table}, ${op}, ${JSON.stringify(row ?? {})}::jsonb)`,
  )
}

/** Marks a conflict resolved now with the version kept; null when it is absent. */
export async function markConflictResolved(
  h: Handle,
  id: number,
  keep: 'mine' | 'theirs',
): Promise<ConflictRow | null> {
  const [row] = await h
    .update(syncConflicts)
    .set({ resolvedAt: sql`now()`, resolution: keep })
    .where(eq(syncConflicts.id, id))
    .returning()
  return row ?? null
}
