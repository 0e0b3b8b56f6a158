import { rawOf, type Handle } from '../query'

/** A row of `sync.sync_conflicts`: two versions of one synced row and which one won. */
export type ConflictRow = {
  id: number
  schema_name: string
  table_name: string
  pk: string
  winner_hlc: string
  winner_op: 'put' | 'del'
  winner_row: Record<string, unknown> | null
  loser_hlc: string
  loser_op: 'put' | 'del'
  loser_row: Record<string, unknown> | null
  local_won: boolean
  detected_at: string | Date
  resolved_at: string | Date | null
  resolution: 'mine' | 'theirs' | 'superseded' | null
}

/** The newest 500 conflicts, newest first; open ones only unless `includeResolved`. */
export async function listConflicts(h: Handle, includeResolved: boolean): Promise<ConflictRow[]> {
  const res = await rawOf(h).query<ConflictRow>(
    `SELECT * FROM sync.sync_conflicts ${includeResolved ? '' : 'WHERE resolved_at IS NULL'}
     ORDER BY id DESC LIMIT 500`,
  )
  return res.rows
}

/** One conflict, locked for update until the transaction `q` ends; null when absent. */
export async function lockConflict(h: Handle, id: number): Promise<ConflictRow | null> {
  const res = await rawOf(h).query<ConflictRow>(
    'SELECT * FROM sync.sync_conflicts WHERE id = $1 FOR UPDATE',
    [id],
  )
  return res.rows[0] ?? null
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
  await rawOf(h).query('SELECT sync.write_version($1, $2, $3, $4::jsonb)', [
    schema,
    table,
    op,
    JSON.stringify(row ?? {}),
  ])
}

/** Marks a conflict resolved now with the version kept; null when it is absent. */
export async function markConflictResolved(
  h: Handle,
  id: number,
  keep: 'mine' | 'theirs',
): Promise<ConflictRow | null> {
  const res = await rawOf(h).query<ConflictRow>(
    `UPDATE sync.sync_conflicts SET resolved_at = now(), resolution = $2 WHERE id = $1
     RETURNING *`,
    [id, keep],
  )
  return res.rows[0] ?? null
}
