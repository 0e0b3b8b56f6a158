import { and, asc, desc, eq, isNull, like, sql } from 'drizzle-orm'
import { rawOf, type Handle } from '../query'
import { BinaryCopyWriter } from '../copy-binary'
import { appSettings, importBatches, tradeFills } from '../schema/index'
import { withBulkIndexes } from './bulk-load'

type FillRecord = typeof tradeFills.$inferSelect
type BatchRecord = typeof importBatches.$inferSelect

/** One ledger row to insert; `contentHash` carries the dedupe key. */
export type FillInsert = Pick<
  FillRecord,
  | 'id'
  | 'account'
  | 'symbol'
  | 'side'
  | 'price'
  | 'multiplier'
  | 'currency'
  | 'orderId'
  | 'externalTradeId'
> & {
  /** Unsigned: the ledger keeps the sign in `side`. */
  quantity: FillRecord['quantity']
  /** Commission and fees together: the ledger keeps costs as one amount. */
  fees: FillRecord['fees']
  executedAt: string
  broker: string
  assetType: string
  /**
   * The dedupe key of a fill without an execution id (or a repeat after an undo); null when
   * `externalTradeId` is the key.
   */
  contentHash: FillRecord['contentHash']
  importBatchId: string
  rawData: Record<string, unknown>
}

/** An import batch as stored. */
export type ImportBatchRow = Pick<
  BatchRecord,
  | 'id'
  | 'fileName'
  | 'format'
  | 'account'
  | 'fileSha256'
  | 'rowCount'
  | 'insertedCount'
  | 'skippedCount'
  | 'errorCount'
> & { createdAt: string; undoneAt: string | null }

/** The ledger columns the fills table shows, by their schema keys. */
const SHOWN_FILL_KEYS = [
  'id',
  'account',
  'symbol',
  'side',
  'quantity',
  'price',
  'fees',
  'multiplier',
  'currency',
  'executedAt',
  'broker',
  'assetType',
  'orderId',
  'externalTradeId',
  'importBatchId',
] as const satisfies readonly (keyof FillRecord)[]

type ShownFill = Pick<FillRecord, (typeof SHOWN_FILL_KEYS)[number]>

/** A stored fill as the fills table shows it: signed `qty`, ISO time, whether it was undone. */
export type StoredFillRow = Omit<ShownFill, 'quantity' | 'executedAt'> & {
  qty: number
  executedAt: string
  isUndone: boolean
}

// Rows per COPY: bounds the encoded buffer (about 300 bytes a fill) and paces progress events.
const CHUNK = 25_000

/** Creates an import batch with zero counts; `finishImportBatch` fills them in. */
export async function insertImportBatch(
  h: Handle,
  batch: Pick<BatchRecord, 'id' | 'fileName' | 'format' | 'account'> & { fileSha256: string },
): Promise<void> {
  await h.insert(importBatches).values(batch)
}

/** Records what an import read and added. */
export async function finishImportBatch(
  h: Handle,
  id: string,
  counts: Pick<BatchRecord, 'rowCount' | 'insertedCount' | 'skippedCount'>,
): Promise<void> {
  await h
    .update(importBatches)
    .set({ ...counts, errorCount: 0 })
    .where(eq(importBatches.id, id))
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

const BATCH_COLUMNS = {
  id: importBatches.id,
  fileName: importBatches.fileName,
  format: importBatches.format,
  account: importBatches.account,
  fileSha256: importBatches.fileSha256,
  rowCount: importBatches.rowCount,
  insertedCount: importBatches.insertedCount,
  skippedCount: importBatches.skippedCount,
  errorCount: importBatches.errorCount,
  createdAt: importBatches.createdAt,
  undoneAt: importBatches.undoneAt,
}

function toBatch(r: Pick<BatchRecord, keyof typeof BATCH_COLUMNS>): ImportBatchRow {
  return {
    ...r,
    createdAt: r.createdAt.toISOString(),
    undoneAt: r.undoneAt?.toISOString() ?? null,
  }
}

/** Import batches, newest first. */
export async function listImportBatches(h: Handle, limit = 100): Promise<ImportBatchRow[]> {
  const rows = await h
    .select(BATCH_COLUMNS)
    .from(importBatches)
    .where(isNull(importBatches.deletedAt))
    .orderBy(desc(importBatches.createdAt), desc(importBatches.id))
    .limit(limit)
  return rows.map(toBatch)
}

/** One import batch, or null. */
export async function getImportBatch(h: Handle, id: string): Promise<ImportBatchRow | null> {
  const [row] = await h.select(BATCH_COLUMNS).from(importBatches).where(eq(importBatches.id, id))
  return row ? toBatch(row) : null
}

/**
 * Stamps a batch undone. Its fills stay in the ledger (no UPDATE or DELETE) and every read of
 * live fills leaves them out. Returns false when the batch was already undone.
 */
export async function markImportBatchUndone(h: Handle, id: string): Promise<boolean> {
  const rows = await h
    .update(importBatches)
    .set({ undoneAt: sql`now()` })
    .where(and(eq(importBatches.id, id), isNull(importBatches.undoneAt)))
    .returning({ id: importBatches.id })
  return rows.length > 0
}

/** Accounts and symbols a batch touched, to regroup their campaigns. */
export async function batchSeries(
  h: Handle,
  id: string,
): Promise<{ fills: number; accounts: string[]; symbols: string[] }> {
  const rows = await h
    .select({
      account: tradeFills.account,
      symbol: tradeFills.symbol,
      n: sql`count(*)::int`.mapWith(Number),
    })
    .from(tradeFills)
    .where(eq(tradeFills.importBatchId, id))
    .groupBy(tradeFills.account, tradeFills.symbol)
  return {
    fills: rows.reduce((s, r) => s + r.n, 0),
    accounts: [...new Set(rows.map((r) => r.account))],
    symbols: [...new Set(rows.map((r) => r.symbol))],
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

// The page's columns named by their schema keys (`f.executed_at AS "executedAt"`), so the rows
// the driver returns are `ShownFill`s without a mapper.
const SHOWN_FILL_COLUMNS = SHOWN_FILL_KEYS.map((k) => `f.${tradeFills[k].name} AS "${k}"`).join(
  ', ',
)

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
  const columns = SHOWN_FILL_COLUMNS
  let total: number
  let rows: ShownFill[]
  if (isIndexed) {
    // A set the index narrowed is read once, then counted and ordered from memory.
    const result = await rawOf(h).query<Nullable<ShownFill> & { total: number }>(
      `WITH m AS MATERIALIZED (${narrow}),
            p AS (SELECT * FROM m ORDER BY ${order('m.k', 'm')} ${limit})
       SELECT t.total, ${columns}
         FROM (SELECT count(*)::int AS total FROM m) t
         LEFT JOIN (p JOIN journal.trade_fills f ON f.id = p.id) ON true
        ORDER BY ${order('p.k', 'p')}`,
      params,
    )
    total = result.rows[0]?.total ?? 0
    rows = result.rows.filter((r): r is ShownFill & { total: number } => r.id !== null)
  } else {
    // Possibly every fill: held in memory that many would spill, so counted and ordered apart.
    const counted = await rawOf(h).query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.trade_fills f ${whereSql}`,
      whereParams,
    )
    total = counted.rows[0]?.n ?? 0
    const page = await rawOf(h).query<ShownFill>(
      `WITH p AS (${narrow} ORDER BY ${order('k', 'f')} ${limit})
       SELECT ${columns} FROM p JOIN journal.trade_fills f ON f.id = p.id
        ORDER BY ${order('p.k', 'p')}`,
      params,
    )
    rows = page.rows
  }
  return {
    total,
    rows: rows.map(({ quantity, executedAt, ...r }) => ({
      ...r,
      qty: r.side === 'sell' ? -Math.abs(quantity) : Math.abs(quantity),
      executedAt: executedAt.toISOString(),
      isUndone: r.importBatchId !== null && undone.has(r.importBatchId),
    })),
  }
}

/** Live accounts a broker's importer has written, for files that name none. */
export async function liveAccountsOfBroker(h: Handle, broker: string): Promise<string[]> {
  const rows = await h
    .selectDistinct({ account: tradeFills.account })
    .from(tradeFills)
    .leftJoin(importBatches, eq(importBatches.id, tradeFills.importBatchId))
    .where(and(eq(tradeFills.broker, broker), isNull(importBatches.undoneAt)))
    .orderBy(asc(tradeFills.account))
  return rows.map((r) => r.account)
}

const MAPPING_PREFIX = 'import-mapping:'

/** Saves a generic column mapping under a broker name (local setting, never synced). */
export async function saveMapping(h: Handle, name: string, mapping: unknown): Promise<void> {
  await h
    .insert(appSettings)
    .values({ key: MAPPING_PREFIX + name, value: mapping })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: mapping } })
}

/** A saved mapping, or null. */
export async function loadMapping(h: Handle, name: string): Promise<unknown> {
  const [row] = await h
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, MAPPING_PREFIX + name))
  return row?.value ?? null
}

/** Names of saved mappings, sorted. */
export async function listMappingNames(h: Handle): Promise<string[]> {
  const rows = await h
    .select({ key: appSettings.key })
    .from(appSettings)
    .where(like(appSettings.key, `${MAPPING_PREFIX}%`))
    .orderBy(asc(appSettings.key))
  return rows.map((r) => r.key.slice(MAPPING_PREFIX.length))
}
