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

/** A stored conflict as the channels show it: mine and theirs, whichever won. */
export function toConflict(row: ConflictRow): SyncConflict {
  const winner: SyncVersion = { hlc: row.winnerHlc, op: row.winnerOp, row: row.winnerRow }
  const loser: SyncVersion = { hlc: row.loserHlc, op: row.loserOp, row: row.loserRow }
  return {
    id: row.id,
    schema: row.schemaName,
    table: row.tableName,
    pk: row.pk,
    mine: row.localWon ? winner : loser,
    theirs: row.localWon ? loser : winner,
    current: row.localWon ? 'mine' : 'theirs',
    detectedAt: row.detectedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
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
    if (row.resolvedAt !== null)
      throw new AppError('conflict', `Conflict ${id} is already resolved.`)
    const conflict = toConflict(row)
    // Write the kept version again as a new local change, even when it is current here: its
    // fresh HLC makes it win on every device once pushed, and a version newer than both
    // conflicting ones settles the same conflict on the other devices (`settleSuperseded`).
    const kept = keep === 'mine' ? conflict.mine : conflict.theirs
    if (kept.row === null && kept.op === 'put')
      throw new AppError('conflict', 'That version has no row image to restore.')
    await writeVersion(tx, row.schemaName, row.tableName, kept.op, kept.row)
    const updated = await markConflictResolved(tx, id, keep)
    if (!updated) throw new AppError('not-found', `No sync conflict ${id}.`)
    return { conflict: toConflict(updated), schema: row.schemaName, table: row.tableName }
  })
  return { conflict: resolved.conflict, domains: domainsOfTable(resolved.schema, resolved.table) }
}
