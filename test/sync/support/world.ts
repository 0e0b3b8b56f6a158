import pg from 'pg'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { openRemoteDb } from '../../../db/client'
import { migrateRemote } from '../../../db/migrate'
import { serverSetupSql } from '../../../db/sync/server-sql'
import { uuidv7 } from '../../../db/uuidv7'
import type { SyncResult } from '../../../electron/core/contract/sync'
import { SyncEngine, type SyncEngineOptions } from '../../../electron/core/sync/engine'
import { localSchemaVersion } from '../../../electron/core/sync/schema-version'
import { startPgServer, type PgServer } from '../../support/pg-server'
import { openTestCore, type TestCore } from '../../support/core'

/** A real PostgreSQL server prepared the way `edgebook sync init-server` prepares one. */
export type SyncServer = {
  server: PgServer
  url: string
  /** An admin pool for assertions (UTC, so row images render the same as on devices). */
  admin: pg.Pool
  stop(): Promise<void>
}

/** Starts a server, applies the migrations and the sync setup. */
export async function startSyncServer(): Promise<SyncServer> {
  const server = await startPgServer()
  await initServer(server.url)
  const admin = new pg.Pool({ connectionString: server.url, max: 2, options: '-c TimeZone=UTC' })
  return {
    server,
    url: server.url,
    admin,
    async stop() {
      await admin.end()
      await server.stop()
    },
  }
}

/** Empties the server's log, devices, conflicts and journal tables between tests. */
export async function resetServer(server: SyncServer): Promise<void> {
  await server.admin.query(
    `TRUNCATE sync.sync_changes, sync.sync_devices, sync.sync_conflicts, sync.sync_row_clock,
       journal.decision_contexts, journal.journal_entries, journal.trade_fills
     RESTART IDENTITY CASCADE`,
  )
}

/** Empties a device's journal and sync bookkeeping, as if freshly installed (same device id). */
export async function resetDevice(device: Device): Promise<void> {
  await device.core.pg.exec(`
    SET edgebook.clock_offset_ms = '0';
    DELETE FROM sync.sync_outbox; DELETE FROM sync.sync_conflicts; DELETE FROM sync.sync_row_clock;
    UPDATE sync.sync_state SET pull_cursor = 0, server_id = NULL;
    SET session_replication_role = replica;
    DELETE FROM journal.journal_entries; DELETE FROM journal.decision_contexts;
    DELETE FROM journal.campaign_summaries; DELETE FROM journal.campaign_stale_series;
    DELETE FROM journal.campaign_fills; DELETE FROM journal.trade_fills;
    SET session_replication_role = origin;`)
}

/** What `sync init-server` does. */
export async function initServer(url: string, schemaVersion = localSchemaVersion()): Promise<void> {
  const remote = openRemoteDb(url)
  try {
    await migrateRemote(remote.db)
    await remote.pool.query(serverSetupSql(schemaVersion))
  } finally {
    await remote.close()
  }
}

/** One device: its own database (in memory or a data dir) and its sync engine. */
export type Device = {
  core: TestCore
  engine: SyncEngine
  sync(url: string): Promise<SyncResult>
  close(): Promise<void>
}

/** Small batches and pages, so tests cross batch and page boundaries with few rows. */
export const SMALL: Partial<SyncEngineOptions> = { batchSize: 7, pageSize: 5 }

export async function openDevice(
  options: Partial<SyncEngineOptions> = SMALL,
  dataDir: string | null = null,
): Promise<Device> {
  const core = await openTestCore(dataDir)
  await core.pg.exec(`SET TimeZone = 'UTC'`)
  const engine = new SyncEngine(core.deps, options)
  return {
    core,
    engine,
    sync: (url) => engine.syncNow(url),
    async close() {
      await engine.close()
      await core.close()
    },
  }
}

/** Inserts `n` fills on a device (ids minted here), returning their ids. */
export async function writeFills(device: Device, n: number, account = 'acct-1'): Promise<string[]> {
  const ids = Array.from({ length: n }, () => uuidv7())
  await device.core.pg.query(
    `INSERT INTO journal.trade_fills (id, account, symbol, side, quantity, price, executed_at)
     SELECT id::uuid, $2, 'AAPL', CASE WHEN i % 2 = 0 THEN 'buy' ELSE 'sell' END, 1 + i % 7,
       100 + i * 0.25, timestamptz '2026-01-02 14:30:00+00' + i * interval '1 minute'
     FROM unnest($1::text[]) WITH ORDINALITY u(id, i)`,
    [ids, account],
  )
  return ids
}

/** Creates or edits a journal entry on a device. */
export async function upsertEntry(device: Device, id: string, content: string): Promise<void> {
  await device.core.pg.query(
    `INSERT INTO journal.journal_entries (id, date, entry_type, content)
     VALUES ($1, '2026-01-02', 'general', $2)
     ON CONFLICT (id) DO UPDATE SET content = excluded.content`,
    [id, content],
  )
}

/** Adds a decision context to a fill. */
export async function addContext(device: Device, fillId: string, notes: string): Promise<string> {
  const id = uuidv7()
  await device.core.pg.query(
    `INSERT INTO journal.decision_contexts (id, fill_id, context_type, notes)
     VALUES ($1, $2, 'entry', $3)`,
    [id, fillId, notes],
  )
  return id
}

const DIGEST_TABLES = ['trade_fills', 'decision_contexts', 'journal_entries'] as const
export type Digest = Record<(typeof DIGEST_TABLES)[number], string[]>

function digestSql(table: string): string {
  return `SELECT id::text || ':' || md5(to_jsonb(t)::text) AS d FROM journal.${table} t ORDER BY 1`
}

/** Every synced journal row of a device as `id:checksum`, sorted. */
export async function deviceDigest(device: Device): Promise<Digest> {
  const out = {} as Digest
  for (const table of DIGEST_TABLES) {
    const res = await device.core.pg.query<{ d: string }>(digestSql(table))
    out[table] = res.rows.map((r) => r.d)
  }
  return out
}

/** The same digest of the server's copy of the tables. */
export async function serverDigest(server: SyncServer): Promise<Digest> {
  const out = {} as Digest
  for (const table of DIGEST_TABLES) {
    const res = await server.admin.query<{ d: string }>(digestSql(table))
    out[table] = res.rows.map((r) => r.d)
  }
  return out
}

/** Syncs every device in turn until a full pass moves nothing. */
export async function settle(url: string, devices: Device[]): Promise<void> {
  for (let pass = 0; pass < 10; pass++) {
    let moved = 0
    for (const d of devices) {
      const r = await d.sync(url)
      moved += r.pushed + r.pulled
    }
    if (moved === 0) return
  }
  throw new Error('sync did not settle in 10 passes')
}

/** A server and two devices that live for a whole test file; `reset` empties all three. */
export type TwoDevices = { server: SyncServer; a: Device; b: Device; reset: () => Promise<void> }

/**
 * Registers the file's hooks that start a sync server and open two devices before its tests and
 * close them after. The server and devices are the same objects for the whole file, filled in
 * by `beforeAll`, so a test file may destructure them at once (`const { server, a, b, reset } =
 * twoDevices()`) and use them inside its tests.
 */
export function twoDevices(
  options?: Partial<SyncEngineOptions>,
  lifetime: { isResetEach?: boolean } = {},
): TwoDevices {
  const world: TwoDevices = {
    server: {} as SyncServer,
    a: {} as Device,
    b: {} as Device,
    reset: () => resetWorld(world),
  }
  // What opened, last first: a failed open still closes what came before it.
  const closers: (() => Promise<void>)[] = []
  beforeAll(async () => {
    const server = await startSyncServer()
    closers.unshift(() => server.stop())
    Object.assign(world.server, server)
    for (const device of [world.a, world.b]) {
      const opened = await openDevice(options)
      closers.unshift(() => opened.close())
      Object.assign(device, opened)
    }
  })
  afterAll(async () => {
    for (const close of closers.splice(0)) await close()
  })
  // Opening a device applies every migration, so the devices live for the whole file and, with
  // `isResetEach`, are emptied (with the server) after each test instead.
  if (lifetime.isResetEach) afterEach(() => world.reset())
  return world
}

/** Empties the server and both devices of `world`, as if freshly set up. */
export async function resetWorld(world: TwoDevices): Promise<void> {
  await resetServer(world.server)
  for (const d of [world.a, world.b]) await resetDevice(d)
}
