import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'

/**
 * Sync bookkeeping (DESIGN §6). The same tables exist on every device and on the shared server
 * (the same migrations run on both); the capture and apply functions in `sync_capture` use them.
 * None of them is itself synced.
 */
export const sync = pgSchema('sync')

/** This database's sync identity and progress: one row (`id = 1`). */
export const syncState = sync.table(
  'sync_state',
  {
    id: smallint('id').primaryKey().default(1),
    /** Stamped into every HLC; a new one when the data dir is copied or restored. */
    deviceId: text('device_id').notNull(),
    /** Hash of machine and data dir the device id is bound to. */
    fingerprint: text('fingerprint'),
    hlcWallMs: bigint('hlc_wall_ms', { mode: 'number' }).notNull().default(0),
    hlcCounter: integer('hlc_counter').notNull().default(0),
    /** The server this state belongs to; a different one forces a full re-pull. */
    serverId: text('server_id'),
    /** Server sequence of the last change pulled and applied. */
    pullCursor: bigint('pull_cursor', { mode: 'number' }).notNull().default(0),
    lastPushAt: timestamp('last_push_at', { withTimezone: true }),
    lastPullAt: timestamp('last_pull_at', { withTimezone: true }),
    lastError: text('last_error'),
    isPaused: boolean('is_paused').notNull().default(false),
  },
  (t) => [check('ck_sync_state_singleton', sql`${t.id} = 1`)],
)

/** Local writes not yet acknowledged by the server, in commit order (`seq` = device seq). */
export const syncOutbox = sync.table('sync_outbox', {
  seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  schemaName: text('schema_name').notNull(),
  tableName: text('table_name').notNull(),
  /** Primary key as text: the value, or a JSON array for a composite key. */
  pk: text('pk').notNull(),
  hlc: text('hlc').notNull(),
  /** The row's HLC this write was made on top of (null: first write seen here). */
  baseHlc: text('base_hlc'),
  /** `put` (insert or update, `row` is the new image) or `del` (`row` is the old image). */
  op: text('op').notNull(),
  row: jsonb('row').notNull(),
})

/** The HLC of the current version of every `lww` row (tombstones included). */
export const syncRowClock = sync.table(
  'sync_row_clock',
  {
    schemaName: text('schema_name').notNull(),
    tableName: text('table_name').notNull(),
    pk: text('pk').notNull(),
    hlc: text('hlc').notNull(),
    deleted: boolean('deleted').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.schemaName, t.tableName, t.pk] })],
)

/** Versions that lost last-writer-wins, kept for the trader to review (keep mine / theirs). */
export const syncConflicts = sync.table('sync_conflicts', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  schemaName: text('schema_name').notNull(),
  tableName: text('table_name').notNull(),
  pk: text('pk').notNull(),
  winnerHlc: text('winner_hlc').notNull(),
  winnerOp: text('winner_op').notNull().$type<'put' | 'del'>(),
  winnerRow: jsonb('winner_row').$type<Record<string, unknown>>(),
  loserHlc: text('loser_hlc').notNull(),
  loserOp: text('loser_op').notNull().$type<'put' | 'del'>(),
  loserRow: jsonb('loser_row').$type<Record<string, unknown>>(),
  /** Whether the version this database held won (true) or the incoming one did (false). */
  localWon: boolean('local_won').notNull(),
  detectedAt: timestamp('detected_at', { withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  /** `mine` or `theirs`, once the trader decided; `superseded` when a newer version settled it. */
  resolution: text('resolution').$type<'mine' | 'theirs' | 'superseded'>(),
})

/** Which tables sync, with their class and primary-key columns (filled by `enable_capture`). */
export const syncTables = sync.table(
  'sync_tables',
  {
    schemaName: text('schema_name').notNull(),
    tableName: text('table_name').notNull(),
    /** `ledger` or `lww`; `local` tables are simply absent. */
    class: text('class').notNull(),
    pkCols: text('pk_cols').array().notNull(),
    enabledAt: timestamp('enabled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.schemaName, t.tableName] })],
)

/**
 * Changes pulled from the server that this device cannot use (a fill with a NaN price, a clock
 * far in the future, a delete on the ledger, an unknown table): kept here instead of applied,
 * so one bad row never stops sync or breaks campaigns and stats. Shown by `sync status`.
 */
export const syncQuarantine = sync.table('sync_quarantine', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** Server log sequence the change came from (null when unknown). */
  serverSeq: bigint('server_seq', { mode: 'number' }),
  schemaName: text('schema_name').notNull(),
  tableName: text('table_name').notNull(),
  pk: text('pk').notNull(),
  hlc: text('hlc').notNull(),
  op: text('op').notNull(),
  row: jsonb('row'),
  /** Why it was not applied, naming the field. */
  reason: text('reason').notNull(),
  detectedAt: timestamp('detected_at', { withTimezone: true }).notNull().defaultNow(),
})
