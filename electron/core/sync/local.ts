import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { DataDomain } from '../contract/events'
import { domainsOfChanges } from './domains'
import { markPulledPage } from '../../../db/repos/campaign-summary-repo'
import { handleOf } from '../../../db/query'

/** The sync bookkeeping row of this database. */
export type LocalState = {
  deviceId: string
  serverId: string | null
  cursor: number
  isPaused: boolean
  lastPushAt: string | null
  lastPullAt: string | null
  lastError: string | null
}

type StateRow = {
  device_id: string
  server_id: string | null
  pull_cursor: string
  is_paused: boolean
  last_push_at: string | Date | null
  last_pull_at: string | Date | null
  last_error: string | null
}

function iso(value: string | Date | null): string | null {
  if (value === null) return null
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString()
}

/** Reads the sync state row. */
export async function readLocalState(pg: PGlite | Transaction): Promise<LocalState> {
  const res = await pg.query<StateRow>(
    `SELECT device_id, server_id, pull_cursor::text AS pull_cursor, is_paused, last_push_at,
       last_pull_at, last_error FROM sync.sync_state WHERE id = 1`,
  )
  const row = res.rows[0]
  if (!row) throw new Error('sync.sync_state has no row: the sync migration did not run')
  return {
    deviceId: row.device_id,
    serverId: row.server_id,
    cursor: Number(row.pull_cursor),
    isPaused: row.is_paused,
    lastPushAt: iso(row.last_push_at),
    lastPullAt: iso(row.last_pull_at),
    lastError: row.last_error,
  }
}

/**
 * The oldest outbox rows as a JSON array for `sync_push` (ledger references resolved to row
 * images); null when the outbox is empty. `maxSeq` is the end of the range read, `batchMaxSeq`
 * the highest seq actually in the array (what the server will acknowledge).
 */
export async function readOutboxBatch(
  pg: PGlite,
  limit: number,
): Promise<{ json: string; maxSeq: number; batchMaxSeq: number; count: number } | null> {
  const res = await pg.query<{ n: number; m: string | null; bm: string | null; j: string }>(
    `SELECT n, max_seq::text AS m, batch_max_seq::text AS bm, batch AS j
     FROM sync.outbox_batch($1)`,
    [limit],
  )
  const row = res.rows[0]
  if (!row || row.n === 0 || row.m === null) return null
  return {
    json: row.j,
    maxSeq: Number(row.m),
    batchMaxSeq: row.bm === null ? 0 : Number(row.bm),
    count: row.n,
  }
}

/** Drops outbox rows the server has acknowledged (seq ≤ `acked`). */
export async function trimOutbox(pg: PGlite, acked: number): Promise<void> {
  await pg.query('DELETE FROM sync.sync_outbox WHERE seq <= $1', [acked])
}

/** Changes waiting in the outbox (a 'refs' row holds one per key). */
export async function pendingCount(pg: PGlite): Promise<number> {
  const res = await pg.query<{ n: number }>('SELECT sync.pending_changes() AS n')
  return res.rows[0]?.n ?? 0
}

/** The highest device seq this database ever allocated (0 when none). */
export async function lastAllocatedSeq(pg: PGlite): Promise<number> {
  const res = await pg.query<{ v: string | null }>(
    `SELECT CASE WHEN s.is_called THEN s.last_value::text ELSE '0' END AS v
     FROM sync.sync_outbox_seq_seq s`,
  )
  return Number(res.rows[0]?.v ?? 0)
}

async function quietly(tx: Transaction): Promise<void> {
  // Remote changes are not captured again, and FKs and table triggers stay quiet so rows land
  // exactly as their writer stored them, whatever order parents and children arrive in.
  await tx.query(
    `SELECT set_config('edgebook.applying', 'on', true),
            set_config('session_replication_role', 'replica', true)`,
  )
}

/**
 * Applies one pulled page and advances the cursor in the same transaction, so a crash leaves
 * either both or neither. A change this device cannot use (malformed, a clock beyond the drift
 * bound, a row that fails the import rules or fails to apply) is kept in `sync.sync_quarantine`
 * instead (`sync.apply_pulled`): visible, never applied, never fatal. Refuses (returns false)
 * when the cursor moved meanwhile.
 */
export async function applyPage(
  pg: PGlite,
  page: { changesJson: string; seqsJson: string; lastSeq: number; maxHlc: string | null },
  expectedCursor: number,
): Promise<
  { applied: number; conflicts: number; quarantined: number; domains: DataDomain[] } | false
> {
  return pg.transaction(async (tx) => {
    const moved = await tx.query<{ c: string }>(
      'SELECT pull_cursor::text AS c FROM sync.sync_state WHERE id = 1 FOR UPDATE',
    )
    if (Number(moved.rows[0]?.c ?? -1) !== expectedCursor) return false
    await quietly(tx)
    const before = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync.sync_conflicts',
    )
    const res = await tx.query<{ applied: number; quarantined: number }>(
      `SELECT applied, quarantined
       FROM sync.apply_pulled($1::jsonb, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)::bigint))`,
      [page.changesJson, page.seqsJson],
    )
    const after = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync.sync_conflicts',
    )
    await settleSuperseded(tx)
    // Pulled fills (and undone imports) change campaigns: their series are regrouped before the
    // next campaigns read, and the mark commits with the rows it stands for.
    const tables = await markPulledPage(handleOf(tx), page.changesJson)
    // hlc_receive never moves the clock past now + the drift bound, whatever the page says.
    if (page.maxHlc !== null) await tx.query('SELECT sync.hlc_receive($1)', [page.maxHlc])
    await tx.query(
      'UPDATE sync.sync_state SET pull_cursor = $1, last_pull_at = now() WHERE id = 1',
      [page.lastSeq],
    )
    return {
      applied: res.rows[0]?.applied ?? 0,
      conflicts: (after.rows[0]?.n ?? 0) - (before.rows[0]?.n ?? 0),
      quarantined: res.rows[0]?.quarantined ?? 0,
      domains: domainsOfChanges(tables.map((t) => ({ sc: t.schema, t: t.table }))),
    }
  })
}

/**
 * Marks open conflicts settled (`resolution = 'superseded'`) once their row holds a version newer
 * than both conflicting ones. A resolution made on another device is such a version (it writes
 * the kept version again with a fresh clock), so resolving on one device clears the conflict on
 * every other after sync; so does any later edit, which under last-writer-wins replaces both.
 */
export async function settleSuperseded(tx: PGlite | Transaction): Promise<number> {
  const res = await tx.query(
    `UPDATE sync.sync_conflicts c
        SET resolved_at = now(), resolution = 'superseded'
       FROM sync.sync_row_clock r
      WHERE c.resolved_at IS NULL
        AND r.schema_name = c.schema_name AND r.table_name = c.table_name AND r.pk = c.pk
        AND r.hlc COLLATE "C" > c.winner_hlc COLLATE "C"
        AND r.hlc COLLATE "C" > c.loser_hlc COLLATE "C"`,
  )
  return res.affectedRows ?? 0
}

/** Pulled changes kept aside because this device cannot use them (`sync.sync_quarantine`). */
export async function quarantineCount(pg: PGlite | Transaction): Promise<number> {
  const res = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM sync.sync_quarantine')
  return res.rows[0]?.n ?? 0
}

/** Records what this state now belongs to and the outcome of the last attempt. */
export async function updateLocalState(
  pg: PGlite,
  patch: {
    serverId?: string
    cursor?: number
    lastError?: string | null
    isPaused?: boolean
    pushedNow?: boolean
  },
): Promise<void> {
  const sets: string[] = []
  const params: unknown[] = []
  const add = (sqlText: string, value: unknown) => {
    params.push(value)
    sets.push(`${sqlText} = $${params.length}`)
  }
  if (patch.serverId !== undefined) add('server_id', patch.serverId)
  if (patch.cursor !== undefined) add('pull_cursor', patch.cursor)
  if (patch.lastError !== undefined) add('last_error', patch.lastError)
  if (patch.isPaused !== undefined) add('is_paused', patch.isPaused)
  if (patch.pushedNow) sets.push('last_push_at = now()')
  if (sets.length === 0) return
  await pg.query(`UPDATE sync.sync_state SET ${sets.join(', ')} WHERE id = 1`, params)
}

/**
 * A different server than the one this state came from: start over from its first change and
 * queue every synced row again so the new server receives them too.
 */
export async function adoptNewServer(pg: PGlite, serverId: string): Promise<number> {
  return pg.transaction(async (tx) => {
    const res = await tx.query<{ n: string }>('SELECT sync.enqueue_all()::text AS n')
    await tx.query('UPDATE sync.sync_state SET server_id = $1, pull_cursor = 0 WHERE id = 1', [
      serverId,
    ])
    return Number(res.rows[0]?.n ?? 0)
  })
}
