import { rawOf, type Handle } from '../query'
import { BinaryCopyWriter } from '../copy-binary'
import { withBulkIndexes } from './bulk-load'

/** One ledger row to insert; `contentHash` carries the dedupe key. */
export type FillInsert = {
  id: string
  account: string
  symbol: string
  side: 'buy' | 'sell'
  /** Unsigned: the ledger keeps the sign in `side`. */
  quantity: number
  price: number
  /** Commission and fees together: the ledger keeps costs as one amount. */
  fees: number
  multiplier: number
  executedAt: string
  broker: string
  assetType: string
  currency: string
  orderId: string | null
  externalTradeId: string | null
  /**
   * The dedupe key of a fill without an execution id (or a repeat after an undo); null when
   * `externalTradeId` is the key.
   */
  contentHash: string | null
  importBatchId: string
  rawData: Record<string, unknown>
}

/** An import batch as stored. */
export type ImportBatchRow = {
  id: string
  fileName: string
  format: string
  account: string | null
  fileSha256: string | null
  rowCount: number
  insertedCount: number
  skippedCount: number
  errorCount: number
  createdAt: string
  undoneAt: string | null
}

/** A stored fill as the fills table shows it. */
export type StoredFillRow = {
  id: string
  account: string
  symbol: string
  side: 'buy' | 'sell'
  qty: number
  price: number
  fees: number
  multiplier: number
  currency: string
  executedAt: string
  broker: string | null
  assetType: string | null
  orderId: string | null
  externalTradeId: string | null
  importBatchId: string | null
  isUndone: boolean
}

// Rows per COPY: bounds the encoded buffer (about 300 bytes a fill) and paces progress events.
const CHUNK = 25_000

/** Creates an import batch with zero counts; `finishImportBatch` fills them in. */
export async function insertImportBatch(
  h: Handle,
  batch: {
    id: string
    fileName: string
    format: string
    account: string | null
    fileSha256: string
  },
): Promise<void> {
  await rawOf(h).query(
    `INSERT INTO journal.import_batches (id, file_name, format, account, file_sha256)
     VALUES ($1, $2, $3, $4, $5)`,
    [batch.id, batch.fileName, batch.format, batch.account, batch.fileSha256],
  )
}

/** Records what an import read and added. */
export async function finishImportBatch(
  h: Handle,
  id: string,
  counts: { rowCount: number; insertedCount: number; skippedCount: number },
): Promise<void> {
  await rawOf(h).query(
    `UPDATE journal.import_batches
        SET row_count = $2, inserted_count = $3, skipped_count = $4, error_count = 0
      WHERE id = $1`,
    [id, counts.rowCount, counts.insertedCount, counts.skippedCount],
  )
}

/**
 * Which (account, key) pairs already have a fill: `live` when a fill with that key belongs to no
 * batch or to one not undone, `undone` when every such fill belongs to undone batches (the
 * key may then be imported again under a batch-suffixed key). Pairs are joined with NUL.
 */
export async function findExistingKeys(
  h: Handle,
  pairs: readonly { account: string; key: string }[],
): Promise<{ live: Set<string>; undone: Set<string> }> {
  const live = new Set<string>()
  const undone = new Set<string>()
  if (pairs.length === 0) return { live, undone }
  // Only accounts that already have fills can hold a key: a first import skips the lookup.
  const withFills = await accountsWithFills(h, [...new Set(pairs.map((p) => p.account))])
  const probe = pairs.filter((p) => withFills.has(p.account))
  if (probe.length === 0) return { live, undone }
  const accounts = probe.map((p) => p.account)
  const keys = probe.map((p) => p.key)
  // Exact keys first, each through a partial unique index: `id:<execution id>` keys by the
  // execution id column (where fills keyed by it keep their key), every key by content_hash
  // (other keys, repeats, and rows stored before execution ids stopped being copied there).
  const exact = await rawOf(h).query<{ account: string; key: string; is_live: boolean }>(
    `SELECT f.account, c.key, (b.undone_at IS NULL) AS is_live
       FROM unnest($1::text[], $2::text[]) AS c(account, key)
       JOIN journal.trade_fills f ON f.account = c.account AND f.content_hash = c.key
       LEFT JOIN journal.import_batches b ON b.id = f.import_batch_id
     UNION ALL
     SELECT f.account, c.key, (b.undone_at IS NULL) AS is_live
       FROM unnest($1::text[], $2::text[]) AS c(account, key)
       JOIN journal.trade_fills f
         ON f.account = c.account AND f.external_trade_id = substr(c.key, 4)
       LEFT JOIN journal.import_batches b ON b.id = f.import_batch_id
      WHERE left(c.key, 3) = 'id:'`,
    [accounts, keys],
  )
  const gone: { account: string; key: string }[] = []
  for (const row of exact.rows) {
    const id = `${row.account}\u0000${row.key}`
    if (row.is_live) live.add(id)
    else gone.push({ account: row.account, key: row.key })
  }
  if (gone.length > 0) {
    // Keys whose first fill was undone may live on in a later import, suffixed `~<batch>`.
    const later = await rawOf(h).query<{ account: string; key: string }>(
      `SELECT DISTINCT c.account, c.key
         FROM unnest($1::text[], $2::text[]) AS c(account, key)
         JOIN journal.trade_fills f
           ON f.account = c.account AND left(f.content_hash, length(c.key) + 1) = c.key || '~'
         JOIN journal.import_batches b ON b.id = f.import_batch_id AND b.undone_at IS NULL`,
      [gone.map((g) => g.account), gone.map((g) => g.key)],
    )
    for (const row of later.rows) live.add(`${row.account}\u0000${row.key}`)
    for (const g of gone) {
      const id = `${g.account}\u0000${g.key}`
      if (!live.has(id)) undone.add(id)
    }
  }
  return { live, undone }
}

/**
 * Appends fills to the ledger in chunks, skipping any that collide with a unique key (execution
 * id or content hash per account) of a stored fill or of an earlier row of `rows`. Returns the
 * ids actually inserted, in input order. `onChunk` runs after each chunk with the number of
 * input rows handled so far; it may yield, or throw to abort the caller's transaction.
 *
 * Rows go in by binary COPY: at 100k fills it is about half the cost of a multi-row INSERT,
 * because PGlite no longer parses every cell from text. COPY has no ON CONFLICT, so collisions
 * are found first: in memory within `rows`, and in the ledger only for accounts that already
 * have fills (a first import of an account has nothing to collide with). A bulk load into a
 * smaller table builds the secondary indexes afterwards (`withBulkIndexes`).
 */
export async function insertFills(
  h: Handle,
  rows: readonly FillInsert[],
  onChunk?: (done: number) => void | Promise<void>,
): Promise<string[]> {
  const fresh = await withoutCollisions(h, rows)
  const skipped = rows.length - fresh.length
  const inserted: string[] = []
  // The COPY leaves broker_connection_id, account_id and corrects_fill_id NULL, so their
  // foreign-key checks cannot fail; a bulk load skips them (a sixth of the write at 100k).
  const bulk = { quietForeignKeys: true }
  await withBulkIndexes(h, 'journal.trade_fills', fresh.length, bulk, async () => {
    for (let start = 0; start < fresh.length; start += CHUNK) {
      const chunk = fresh.slice(start, start + CHUNK)
      await rawOf(h).query(
        `COPY journal.trade_fills
           (id, account, symbol, side, quantity, price, fees, multiplier, executed_at, broker,
            asset_type, currency, order_id, external_trade_id, content_hash, source,
            import_batch_id, raw_data)
         FROM '/dev/blob' WITH (FORMAT binary)`,
        [],
        { blob: new Blob([encodeFills(chunk)]) },
      )
      for (const r of chunk) inserted.push(r.id)
      await onChunk?.(skipped + Math.min(start + CHUNK, fresh.length))
    }
  })
  if (fresh.length === 0) await onChunk?.(rows.length)
  return inserted
}

function encodeFills(rows: readonly FillInsert[]): Uint8Array<ArrayBuffer> {
  const w = new BinaryCopyWriter(rows.length * 320)
  for (const r of rows) {
    const at = Date.parse(r.executedAt)
    if (Number.isNaN(at)) throw new Error(`fill ${r.id}: executed_at ${r.executedAt} is not a time`)
    w.row(18)
      .uuid(r.id)
      .text(r.account)
      .text(r.symbol)
      .text(r.side)
      .float8(r.quantity)
      .float8(r.price)
      .float8(r.fees)
      .float8(r.multiplier)
      .timestamptz(at)
      .text(r.broker)
      .text(r.assetType)
      .text(r.currency)
      .text(r.orderId)
      .text(r.externalTradeId)
      .text(r.contentHash)
      .text('import')
      .uuid(r.importBatchId)
      .jsonb(JSON.stringify(r.rawData))
  }
  return w.finish()
}

/**
 * Which of the given contracts have a live fill (its import not undone) executed before `at`,
 * other than lot openings rebuilt from a statement. One index range probe each.
 */
export async function contractsWithLiveFillsBefore(
  h: Handle,
  probes: readonly { account: string; symbol: string; at: string }[],
): Promise<{ account: string; symbol: string }[]> {
  if (probes.length === 0) return []
  const result = await rawOf(h).query<{ account: string; symbol: string }>(
    `SELECT p.account, p.symbol
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS p(account, symbol, at)
      WHERE EXISTS (
        SELECT 1 FROM journal.trade_fills f
          LEFT JOIN journal.import_batches b ON b.id = f.import_batch_id
         WHERE f.account = p.account AND f.symbol = p.symbol AND f.executed_at < p.at
           AND b.undone_at IS NULL
           AND coalesce(f.raw_data->>'origin', 'execution') <> 'closed-lot')`,
    [probes.map((p) => p.account), probes.map((p) => p.symbol), probes.map((p) => p.at)],
  )
  return result.rows
}

/** Which of `accounts` have at least one stored fill, live or not: one index probe each. */
async function accountsWithFills(h: Handle, accounts: readonly string[]): Promise<Set<string>> {
  if (accounts.length === 0) return new Set()
  const known = await rawOf(h).query<{ account: string }>(
    `SELECT a AS account FROM unnest($1::text[]) AS a
      WHERE EXISTS (SELECT 1 FROM journal.trade_fills f WHERE f.account = a)`,
    [accounts],
  )
  return new Set(known.rows.map((r) => r.account))
}

/** `rows` less those whose execution id or content hash is taken, earlier rows winning. */
async function withoutCollisions(h: Handle, rows: readonly FillInsert[]): Promise<FillInsert[]> {
  const taken = new Set<string>()
  const fresh: FillInsert[] = []
  for (const r of rows) {
    const ext = r.externalTradeId === null ? null : `e\u0000${r.account}\u0000${r.externalTradeId}`
    const hash = r.contentHash === null ? null : `h\u0000${r.account}\u0000${r.contentHash}`
    if ((hash !== null && taken.has(hash)) || (ext !== null && taken.has(ext))) continue
    if (hash !== null) taken.add(hash)
    if (ext !== null) taken.add(ext)
    fresh.push(r)
  }
  const withFills = await accountsWithFills(h, [...new Set(fresh.map((r) => r.account))])
  if (withFills.size === 0) return fresh
  const probe = fresh.filter((r) => withFills.has(r.account))
  const stored = await rawOf(h).query<{ kind: string; account: string; key: string }>(
    `SELECT 'h' AS kind, f.account, f.content_hash AS key
       FROM unnest($1::text[], $2::text[]) AS c(account, key)
       JOIN journal.trade_fills f ON f.account = c.account AND f.content_hash = c.key
     UNION ALL
     SELECT 'e', f.account, f.external_trade_id
       FROM unnest($3::text[], $4::text[]) AS c(account, key)
       JOIN journal.trade_fills f ON f.account = c.account AND f.external_trade_id = c.key`,
    [
      probe.filter((r) => r.contentHash !== null).map((r) => r.account),
      probe.filter((r) => r.contentHash !== null).map((r) => r.contentHash),
      probe.filter((r) => r.externalTradeId !== null).map((r) => r.account),
      probe.filter((r) => r.externalTradeId !== null).map((r) => r.externalTradeId),
    ],
  )
  if (stored.rows.length === 0) return fresh
  const clash = new Set(stored.rows.map((r) => `${r.kind}\u0000${r.account}\u0000${r.key}`))
  return fresh.filter(
    (r) =>
      (r.contentHash === null || !clash.has(`h\u0000${r.account}\u0000${r.contentHash}`)) &&
      (r.externalTradeId === null || !clash.has(`e\u0000${r.account}\u0000${r.externalTradeId}`)),
  )
}

type RawBatch = {
  id: string
  file_name: string
  format: string
  account: string | null
  file_sha256: string | null
  row_count: number
  inserted_count: number
  skipped_count: number
  error_count: number
  created_at: Date
  undone_at: Date | null
}

function toBatch(r: RawBatch): ImportBatchRow {
  return {
    id: r.id,
    fileName: r.file_name,
    format: r.format,
    account: r.account,
    fileSha256: r.file_sha256,
    rowCount: r.row_count,
    insertedCount: r.inserted_count,
    skippedCount: r.skipped_count,
    errorCount: r.error_count,
    createdAt: r.created_at.toISOString(),
    undoneAt: r.undone_at ? r.undone_at.toISOString() : null,
  }
}

const BATCH_COLUMNS = `id, file_name, format, account, file_sha256, row_count, inserted_count,
  skipped_count, error_count, created_at, undone_at`

/** Import batches, newest first. */
export async function listImportBatches(h: Handle, limit = 100): Promise<ImportBatchRow[]> {
  const result = await rawOf(h).query<RawBatch>(
    `SELECT ${BATCH_COLUMNS} FROM journal.import_batches
      WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $1`,
    [limit],
  )
  return result.rows.map(toBatch)
}

/** One import batch, or null. */
export async function getImportBatch(h: Handle, id: string): Promise<ImportBatchRow | null> {
  const result = await rawOf(h).query<RawBatch>(
    `SELECT ${BATCH_COLUMNS} FROM journal.import_batches WHERE id = $1`,
    [id],
  )
  const row = result.rows[0]
  return row ? toBatch(row) : null
}

/**
 * Stamps a batch undone. Its fills stay in the ledger (no UPDATE or DELETE) and every read of
 * live fills leaves them out. Returns false when the batch was already undone.
 */
export async function markImportBatchUndone(h: Handle, id: string): Promise<boolean> {
  const result = await rawOf(h).query<{ id: string }>(
    `UPDATE journal.import_batches SET undone_at = now()
      WHERE id = $1 AND undone_at IS NULL RETURNING id`,
    [id],
  )
  return result.rows.length > 0
}

/** Accounts and symbols a batch touched, to regroup their campaigns. */
export async function batchSeries(
  h: Handle,
  id: string,
): Promise<{ fills: number; accounts: string[]; symbols: string[] }> {
  const result = await rawOf(h).query<{ account: string; symbol: string; n: number }>(
    `SELECT account, symbol, count(*)::int AS n FROM journal.trade_fills
      WHERE import_batch_id = $1 GROUP BY account, symbol`,
    [id],
  )
  return {
    fills: result.rows.reduce((s, r) => s + r.n, 0),
    accounts: [...new Set(result.rows.map((r) => r.account))],
    symbols: [...new Set(result.rows.map((r) => r.symbol))],
  }
}

/** Filter, order and page of `listStoredFills`. */
export type FillsFilter = {
  /** Case-insensitive text anywhere in the account, symbol or broker. */
  account?: string
  symbol?: string
  broker?: string
  batchId?: string
  includeUndone?: boolean
  sort?: FillSortColumn
  direction?: 'asc' | 'desc'
  offset: number
  limit: number
}

/** Columns `listStoredFills` orders by. */
export type FillSortColumn =
  'time' | 'account' | 'symbol' | 'side' | 'qty' | 'price' | 'fees' | 'broker'

// The first key of each order; ties fall to execution time then id, in the same direction, so
// one direction is exactly the other reversed and paging never repeats or skips a row.
const SORT_KEYS: Record<FillSortColumn, string | null> = {
  time: null,
  account: 'f.account',
  symbol: 'f.symbol',
  side: 'f.side',
  qty: `(CASE WHEN f.side = 'sell' THEN -abs(f.quantity) ELSE abs(f.quantity) END)`,
  price: 'f.price',
  fees: 'f.fees',
  broker: 'f.broker',
}

/**
 * The stored (account, symbol) pairs, one index probe each: a loose scan of the
 * (account, symbol, executed_at) index, so it costs the few distinct pairs, not the 100k fills.
 */
async function storedSeries(h: Handle): Promise<{ account: string; symbol: string }[]> {
  const result = await rawOf(h).query<{ account: string; symbol: string }>(
    `WITH RECURSIVE s AS (
       (SELECT account, symbol FROM journal.trade_fills ORDER BY account, symbol LIMIT 1)
       UNION ALL
       SELECT n.account, n.symbol FROM s, LATERAL (
         SELECT t.account, t.symbol FROM journal.trade_fills t
          WHERE (t.account, t.symbol) > (s.account, s.symbol)
          ORDER BY t.account, t.symbol LIMIT 1) n)
     SELECT account, symbol FROM s`,
  )
  return result.rows
}

function contains(value: string, part: string): boolean {
  return value.toLowerCase().includes(part.toLowerCase())
}

type Nullable<T> = { [K in keyof T]: T[K] | null }

type RawStoredFill = {
  id: string
  account: string
  symbol: string
  side: 'buy' | 'sell'
  quantity: number
  price: number
  fees: number
  multiplier: number
  currency: string
  executed_at: Date
  broker: string | null
  asset_type: string | null
  order_id: string | null
  external_trade_id: string | null
  import_batch_id: string | null
}

/**
 * A page of stored fills in the filter's order (newest execution first by default), with the
 * total count of the filter.
 *
 * Shaped for 100k fills without an index per filter: account and symbol text is matched against
 * the few distinct stored (account, symbol) pairs, and the fills then selected by `= ANY(...)` on
 * both columns through the (account, symbol, executed_at) index (a contains match on the fills
 * would read every row); undone imports are the few batches stamped undone, left out by id
 * rather than by a join on every row; and the order is found on (key, time, id) alone before the
 * page's full rows are read by id.
 */
export async function listStoredFills(
  h: Handle,
  filter: FillsFilter,
): Promise<{ total: number; rows: StoredFillRow[] }> {
  const params: unknown[] = []
  const where: string[] = []
  const param = (value: unknown): string => {
    params.push(value)
    return `$${params.length}`
  }
  // Whether the index narrows the set (an account or symbol filter, or one import).
  let isIndexed = filter.batchId !== undefined
  if (filter.account !== undefined || filter.symbol !== undefined) {
    const series = (await storedSeries(h)).filter(
      (s) =>
        (filter.account === undefined || contains(s.account, filter.account)) &&
        (filter.symbol === undefined || contains(s.symbol, filter.symbol)),
    )
    if (series.length === 0) return { total: 0, rows: [] }
    // Both columns, even for one filter: the index leads with the account. The product of the
    // two sets holds no pair that fails a filter, since each filter tests one column.
    isIndexed = true
    where.push(`f.account = ANY(${param([...new Set(series.map((s) => s.account))])}::text[])`)
    where.push(`f.symbol = ANY(${param([...new Set(series.map((s) => s.symbol))])}::text[])`)
  }
  if (filter.broker !== undefined) {
    // strpos, not ILIKE: a trader's "_" or "%" is text, not a wildcard.
    where.push(`strpos(lower(f.broker), ${param(filter.broker.toLowerCase())}) > 0`)
  }
  if (filter.batchId !== undefined) where.push(`f.import_batch_id = ${param(filter.batchId)}`)
  const undone = new Set(
    (
      await rawOf(h).query<{ id: string }>(
        `SELECT id FROM journal.import_batches WHERE undone_at IS NOT NULL`,
      )
    ).rows.map((r) => r.id),
  )
  if (!filter.includeUndone && undone.size > 0) {
    where.push(
      `(f.import_batch_id IS NULL OR f.import_batch_id <> ALL(${param([...undone])}::uuid[]))`,
    )
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
  const whereParams = [...params]
  const dir = filter.direction === 'asc' ? 'ASC' : 'DESC'
  const key = SORT_KEYS[filter.sort ?? 'time']
  const order = (sortKey: string, alias: string) =>
    [...(key ? [sortKey] : []), `${alias}.executed_at`, `${alias}.id`]
      .map((column) => `${column} ${dir}`)
      .join(', ')
  const narrow = `SELECT f.id, f.executed_at${key ? `, ${key} AS k` : ''}
    FROM journal.trade_fills f ${whereSql}`
  const limit = `LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`
  const columns = `f.id, f.account, f.symbol, f.side, f.quantity, f.price, f.fees, f.multiplier,
    f.currency, f.executed_at, f.broker, f.asset_type, f.order_id, f.external_trade_id,
    f.import_batch_id`
  let total: number
  let rows: RawStoredFill[]
  if (isIndexed) {
    // A set the index narrowed is read once, then counted and ordered from memory.
    const result = await rawOf(h).query<Nullable<RawStoredFill> & { total: number }>(
      `WITH m AS MATERIALIZED (${narrow}),
            p AS (SELECT * FROM m ORDER BY ${order('m.k', 'm')} ${limit})
       SELECT t.total, ${columns}
         FROM (SELECT count(*)::int AS total FROM m) t
         LEFT JOIN (p JOIN journal.trade_fills f ON f.id = p.id) ON true
        ORDER BY ${order('p.k', 'p')}`,
      params,
    )
    total = result.rows[0]?.total ?? 0
    rows = result.rows.filter((r): r is RawStoredFill & { total: number } => r.id !== null)
  } else {
    // Possibly every fill: held in memory that many would spill, so counted and ordered apart.
    const counted = await rawOf(h).query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.trade_fills f ${whereSql}`,
      whereParams,
    )
    total = counted.rows[0]?.n ?? 0
    const page = await rawOf(h).query<RawStoredFill>(
      `WITH p AS (${narrow} ORDER BY ${order('k', 'f')} ${limit})
       SELECT ${columns} FROM p JOIN journal.trade_fills f ON f.id = p.id
        ORDER BY ${order('p.k', 'p')}`,
      params,
    )
    rows = page.rows
  }
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      account: r.account,
      symbol: r.symbol,
      side: r.side,
      qty: r.side === 'sell' ? -Math.abs(r.quantity) : Math.abs(r.quantity),
      price: r.price,
      fees: r.fees,
      multiplier: r.multiplier,
      currency: r.currency,
      executedAt: r.executed_at.toISOString(),
      broker: r.broker,
      assetType: r.asset_type,
      orderId: r.order_id,
      externalTradeId: r.external_trade_id,
      importBatchId: r.import_batch_id,
      isUndone: r.import_batch_id !== null && undone.has(r.import_batch_id),
    })),
  }
}

/** Live accounts a broker's importer has written, for files that name none. */
export async function liveAccountsOfBroker(h: Handle, broker: string): Promise<string[]> {
  const result = await rawOf(h).query<{ account: string }>(
    `SELECT DISTINCT f.account FROM journal.trade_fills f
       LEFT JOIN journal.import_batches b ON b.id = f.import_batch_id
      WHERE f.broker = $1 AND b.undone_at IS NULL ORDER BY f.account`,
    [broker],
  )
  return result.rows.map((r) => r.account)
}

const MAPPING_PREFIX = 'import-mapping:'

/** Saves a generic column mapping under a broker name (local setting, never synced). */
export async function saveMapping(h: Handle, name: string, mapping: unknown): Promise<void> {
  await rawOf(h).query(
    `INSERT INTO core.app_settings (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [MAPPING_PREFIX + name, JSON.stringify(mapping)],
  )
}

/** A saved mapping, or null. */
export async function loadMapping(h: Handle, name: string): Promise<unknown> {
  const result = await rawOf(h).query<{ value: unknown }>(
    `SELECT value FROM core.app_settings WHERE key = $1`,
    [MAPPING_PREFIX + name],
  )
  return result.rows[0]?.value ?? null
}

/** Names of saved mappings, sorted. */
export async function listMappingNames(h: Handle): Promise<string[]> {
  const result = await rawOf(h).query<{ key: string }>(
    `SELECT key FROM core.app_settings WHERE key LIKE 'import-mapping:%' ORDER BY key`,
  )
  return result.rows.map((r) => r.key.slice(MAPPING_PREFIX.length))
}
