// The conflicts sync recorded: listing them as DTOs and settling one by writing the kept version
// again as a new local change.
import {
  listConflicts,
  lockConflict,
  markConflictResolved,
  writeVersion,
  type ConflictRow,
} from '../../../db/repos/sync-conflict-repo'
import type { DataDomain } from '../contract/events'
import type { SyncConflict, SyncVersion } from '../contract/sync'
import { AppError } from '../errors'
import { domainsOfTable } from './domains'
import type { Handle } from '../../../db/query'

function iso(value: string | Date | null): string | null {
  if (value === null) return null
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString()
}

/** A stored conflict as the channels show it: mine and theirs, whichever won. */
export function toConflict(row: ConflictRow): SyncConflict {
  const winner: SyncVersion = { hlc: row.winner_hlc, op: row.winner_op, row: row.winner_row }
  const loser: SyncVersion = { hlc: row.loser_hlc, op: row.loser_op, row: row.loser_row }
  return {
    id: Number(row.id),
    schema: row.schema_name,
    table: row.table_name,
    pk: row.pk,
    mine: row.local_won ? winner : loser,
    theirs: row.local_won ? loser : winner,
    current: row.local_won ? 'mine' : 'theirs',
    detectedAt: iso(row.detected_at) ?? '',
    resolvedAt: iso(row.resolved_at),
    resolution: row.resolution,
  }
}

/** The newest 500 conflicts, newest first; open ones only unless `includeResolved`. */
export async function syncConflicts(pg: Handle, includeResolved: boolean): Promise<SyncConflict[]> {
  return (await listConflicts(pg, includeResolved)).map(toConflict)
}

/**
 * Settles conflict `id` keeping `keep`: `not-found` when unknown, `conflict` when already
 * resolved or when the kept version has no row image. Answers the resolved conflict and the data
 * domains of its table, whose views must refetch the row written again.
 */
export async function resolveConflict(
  pg: Handle,
  id: number,
  keep: 'mine' | 'theirs',
): Promise<{ conflict: SyncConflict; domains: DataDomain[] }> {
  const resolved = await pg.transaction(async (tx) => {
    const row = await lockConflict(tx, id)
    if (!row) throw new AppError('not-found', `No sync conflict ${id}.`)
    if (row.resolved_at !== null)
      throw new AppError('conflict', `Conflict ${id} is already resolved.`)
    const conflict = toConflict(row)
    // Write the kept version again as a new local change, even when it is current here: its
    // fresh HLC makes it win on every device once pushed, and a version newer than both
    // conflicting ones settles the same conflict on the other devices (`settleSuperseded`).
    const kept = keep === 'mine' ? conflict.mine : conflict.theirs
    if (kept.row === null && kept.op === 'put')
      throw new AppError('conflict', 'That version has no row image to restore.')
    await writeVersion(tx, row.schema_name, row.table_name, kept.op, kept.row)
    const updated = await markConflictResolved(tx, id, keep)
    if (!updated) throw new AppError('not-found', `No sync conflict ${id}.`)
    return { conflict: toConflict(updated), schema: row.schema_name, table: row.table_name }
  })
  return { conflict: resolved.conflict, domains: domainsOfTable(resolved.schema, resolved.table) }
}
