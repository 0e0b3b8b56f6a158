import pg from 'pg'
import type { SyncFailureReason } from '../contract/sync'
import {
  FOREIGN_DEVICE_SQLSTATE,
  FORBIDDEN_SQLSTATE,
  INVALID_BATCH_SQLSTATE,
  SCHEMA_MISMATCH_SQLSTATE,
} from '../../../db/sync/server-sql'

/** What `sync_hello` answers. */
export type HelloAnswer = {
  schemaVersion: string
  serverId: string
  acked: number
  head: number
  /** Another install greeted under this device id first: this one must take a new id. */
  deviceTaken?: boolean
}

/** What `sync_push` answers: `acked` is the highest device seq the server now holds. */
export type PushAnswer = { acked: number; applied: number; conflicts: number; duplicates: number }

/** One page of the server log past a cursor, already shaped for `sync.apply_changes`. */
export type PullPage = {
  /** Entries read (own ones included); 0 means the log is exhausted. */
  count: number
  /** Sequence of the last entry read: the new cursor. */
  lastSeq: number
  /** JSON array of other devices' changes, in log order. */
  changesJson: string
  /** Server seq of each change in `changesJson`, in the same order (JSON array). */
  seqsJson: string
  /** Highest HLC among them, to advance the local clock; null when none. */
  maxHlc: string | null
}

export type RemoteOptions = { connectTimeoutMs?: number; queryTimeoutMs?: number }

/**
 * Opens one connection to the sync server. The URL is parsed by `pg` (so `sslmode`,
 * `sslrootcert` and friends in the connection string are honoured).
 */
export async function connectRemote(url: string, options: RemoteOptions = {}): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    query_timeout: options.queryTimeoutMs ?? 120_000,
    keepAlive: true,
    application_name: 'edgebook-sync',
  })
  // A connection lost between queries is reported on the next query; do not crash on it here.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (err) {
    await client.end().catch(() => undefined)
    throw err
  }
  return client
}

/** Greets the server, registering this device under this install (`installKey`, 64 hex). */
export async function hello(
  client: pg.Client,
  deviceId: string,
  installKey: string,
): Promise<HelloAnswer> {
  const res = await client.query<{ a: HelloAnswer }>('SELECT sync.sync_hello($1, $2) AS a', [
    deviceId,
    installKey,
  ])
  const a = res.rows[0]?.a
  if (!a) throw new Error('sync_hello returned nothing')
  return { ...a, acked: Number(a.acked), head: Number(a.head) }
}

/** Sends one outbox batch (a JSON array) to `sync_push`. */
export async function pushBatch(
  client: pg.Client,
  deviceId: string,
  schemaVersion: string,
  batchJson: string,
): Promise<PushAnswer> {
  const res = await client.query<{ a: PushAnswer }>(
    'SELECT sync.sync_push($1, $2, $3::jsonb) AS a',
    [deviceId, schemaVersion, batchJson],
  )
  const a = res.rows[0]?.a
  if (!a) throw new Error('sync_push returned nothing')
  return {
    acked: Number(a.acked),
    applied: Number(a.applied),
    conflicts: Number(a.conflicts),
    duplicates: Number(a.duplicates),
  }
}

/** Reads up to `limit` log entries after `cursor`, leaving out this device's own changes. */
export async function pullPage(
  client: pg.Client,
  cursor: number,
  limit: number,
  deviceId: string,
): Promise<PullPage> {
  const res = await client.query<{
    n: number
    last: string | null
    j: string
    q: string
    h: string | null
  }>(
    `SELECT count(*)::int AS n, max(seq)::text AS last,
       coalesce(json_agg(json_build_object('sc', schema_name, 't', table_name, 'k', pk,
         'h', hlc, 'b', base_hlc, 'o', op, 'r', row::json) ORDER BY seq)
         FILTER (WHERE device <> $3)::text, '[]') AS j,
       coalesce(json_agg(seq ORDER BY seq) FILTER (WHERE device <> $3)::text, '[]') AS q,
       max(hlc COLLATE "C") FILTER (WHERE device <> $3) AS h
     FROM (SELECT * FROM sync.sync_changes WHERE seq > $1 ORDER BY seq LIMIT $2) c`,
    [cursor, limit, deviceId],
  )
  const row = res.rows[0]
  if (!row) throw new Error('pull returned nothing')
  return {
    count: row.n,
    lastSeq: row.last === null ? cursor : Number(row.last),
    changesJson: row.j,
    seqsJson: row.q,
    maxHlc: row.h,
  }
}

/** A failure sorted into the reasons sync reports (STYLE §7.7). */
export type ClassifiedFailure = { reason: SyncFailureReason; message: string }

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
])

/** Sorts an error from `pg` or the network into a sync failure reason. */
export function classifyRemoteError(err: unknown): ClassifiedFailure {
  const e = err as { code?: unknown; message?: unknown }
  const code = typeof e.code === 'string' ? e.code : ''
  const message = typeof e.message === 'string' ? e.message : String(err)
  if (code === '28P01' || code === '28000')
    return { reason: 'auth-expired', message: `The server refused the credentials: ${message}` }
  if (code === SCHEMA_MISMATCH_SQLSTATE) return { reason: 'schema-too-old', message }
  if (
    code === FORBIDDEN_SQLSTATE ||
    code === FOREIGN_DEVICE_SQLSTATE ||
    code === INVALID_BATCH_SQLSTATE ||
    code === '42501'
  )
    return { reason: 'forbidden', message: `The server refused: ${message}` }
  if (UNREACHABLE_CODES.has(code) || code.startsWith('08'))
    return { reason: 'remote-unreachable', message }
  // Errors without a SQLSTATE come from the socket: a dropped or timed-out connection.
  if (!/^[0-9A-Z]{5}$/.test(code)) return { reason: 'remote-unreachable', message }
  return { reason: 'error', message }
}
