import { asc, eq } from 'drizzle-orm'
import { rawOf, type Handle } from '../query'
import { campaignFills, tradeFills } from '../schema/index'
import type { CampaignFill } from '../../electron/core/domain/journal/campaigns/fifo-campaigns'
import { BinaryCopyWriter, type EncodedRows } from '../copy-binary'
import { quietTriggers, withBulkIndexes } from './bulk-load'

/**
 * Which fills to read: every account and symbol when a list is absent; with `afterFillId`, only
 * fills after that one in replay order (the tail of a series past a flat point).
 */
export type SeriesFilter = {
  accounts?: readonly string[]
  symbols?: readonly string[]
  afterFillId?: string
}

/** A stored fill as the journal pages show it. */
export type FillRow = CampaignFill & {
  side: 'buy' | 'sell'
  currency: string
  broker: string | null
  assetType: string | null
  orderId: string | null
  externalTradeId: string | null
  importBatchId: string | null
}

// A fill counts when its import was not undone and no live fill corrects it. Fills of one import
// are minted with increasing UUIDv7 ids in file order, so (created_at, id) is the tie order.
const LIVE = `
    FROM journal.trade_fills f
    LEFT JOIN journal.import_batches b ON b.id = f.import_batch_id
   WHERE b.undone_at IS NULL
     AND NOT EXISTS (
       SELECT 1 FROM journal.trade_fills c
         LEFT JOIN journal.import_batches cb ON cb.id = c.import_batch_id
        WHERE c.corrects_fill_id = f.id AND cb.undone_at IS NULL)`

const ORDER = `f.account, f.symbol, f.executed_at, f.created_at, f.id`

// Rows come back as one delimited text value: PGlite spends most of a wide read turning each
// cell into a JS value, and splitting one string is several times cheaper. The unit and record
// separators (0x1F, 0x1E) do not occur in broker symbols, accounts or ids.
const FIELD = '\x1f'
const RECORD = '\x1e'
const PACKED = `string_agg(concat_ws(E'\\x1f', f.id, f.account, f.symbol, f.side, f.quantity::text,
    f.price::text, f.fees::text, f.multiplier::text,
    ((extract(epoch FROM f.executed_at) * 1000)::float8)::text,
    coalesce(f.raw_data->>'openClose', f.raw_data->>'open_close', ''), f.currency,
    coalesce(f.broker, ''), coalesce(f.asset_type, ''), coalesce(f.order_id, ''),
    coalesce(f.external_trade_id, ''), coalesce(f.import_batch_id::text, '')),
  E'\\x1e' ORDER BY ${ORDER}) AS packed`

function unpack(packed: string | null): FillRow[] {
  if (!packed) return []
  const records = packed.split(RECORD)
  const out = new Array<FillRow>(records.length)
  for (let i = 0; i < records.length; i++) {
    const c = (records[i] ?? '').split(FIELD)
    const side = c[3] === 'sell' ? 'sell' : 'buy'
    const open = c[9]
    const orNull = (v: string | undefined): string | null => (v ? v : null)
    out[i] = {
      id: c[0] ?? '',
      account: c[1] ?? '',
      symbol: c[2] ?? '',
      qty: (side === 'sell' ? -1 : 1) * Math.abs(Number(c[4])),
      price: Number(c[5]),
      multiplier: Number(c[7]),
      // The ledger keeps commission and fees as one amount.
      commission: 0,
      fees: Number(c[6]),
      executedAt: new Date(Number(c[8])).toISOString(),
      seq: i,
      openClose: open === 'open' || open === 'close' ? open : null,
      side,
      currency: c[10] ?? 'USD',
      broker: orNull(c[11]),
      assetType: orNull(c[12]),
      orderId: orNull(c[13]),
      externalTradeId: orNull(c[14]),
      importBatchId: orNull(c[15]),
    }
  }
  return out
}

function seriesWhere(filter: SeriesFilter, params: unknown[]): string {
  let where = ''
  if (filter.accounts) {
    params.push(filter.accounts)
    where += ` AND f.account = ANY($${params.length}::text[])`
  }
  if (filter.symbols) {
    params.push(filter.symbols)
    where += ` AND f.symbol = ANY($${params.length}::text[])`
  }
  if (filter.afterFillId) {
    params.push(filter.afterFillId)
    where += ` AND (f.executed_at, f.created_at, f.id) >
      (SELECT a.executed_at, a.created_at, a.id FROM journal.trade_fills a WHERE a.id = $${params.length})`
  }
  return where
}

/**
 * Where each series of `filter` must be regrouped from. A series is `unchanged` when every live
 * fill has its membership and no membership points at a fill that left (undone, corrected).
 * Otherwise `afterFillId` is the last fill before the first new one after which the position was
 * flat (it sits in one campaign and the next stored fill starts another, or it is the last stored
 * fill and its campaign's quantities sum to zero), or null to replay the whole series. Fills before a flat point cannot be affected by later ones: FIFO restarts there.
 */
export type ReplayPoint = {
  account: string
  symbol: string
  isUnchanged: boolean
  afterFillId: string | null
}

/** The replay point of every series of `filter` that has live fills or stored memberships. */
export async function replayPoints(h: Handle, filter: SeriesFilter): Promise<ReplayPoint[]> {
  const params: unknown[] = []
  const where = seriesWhere(
    {
      ...(filter.accounts ? { accounts: filter.accounts } : {}),
      ...(filter.symbols ? { symbols: filter.symbols } : {}),
    },
    params,
  )
  // Right after an import the planner has no statistics for the new rows, guesses one row per
  // scan and nests loops over the CTEs: quadratic. Hash joins are right at every size here, so
  // nested loops are switched off for this one statement and restored after it.
  const setting = await rawOf(h).query<{ v: string }>(
    `SELECT current_setting('enable_nestloop') AS v`,
  )
  const nestloop = setting.rows[0]?.v ?? 'on'
  await rawOf(h).query(`SELECT set_config('enable_nestloop', 'off', true)`)
  const result = await rawOf(h).query<{
    account: string
    symbol: string
    first_new: number | null
    after_id: string | null
    has_stale: boolean
  }>(
    `WITH lf AS (
       SELECT f.id, f.account, f.symbol, f.executed_at, f.created_at,
              row_number() OVER (PARTITION BY f.account, f.symbol
                                 ORDER BY f.executed_at, f.created_at, f.id) AS rn
       ${LIVE}${where}),
     mem AS (
       SELECT cf.fill_id, count(*) AS n, min(cf.group_id::text) AS g1, max(cf.group_id::text) AS g2
         FROM journal.campaign_fills cf JOIN journal.trade_fills f ON f.id = cf.fill_id
        WHERE true${where}
        GROUP BY cf.fill_id),
     grp AS (
       SELECT cf.group_id::text AS g,
              sum(CASE WHEN f.side = 'sell' THEN -f.quantity::numeric ELSE f.quantity::numeric END)
                AS qty_sum
         FROM journal.campaign_fills cf JOIN journal.trade_fills f ON f.id = cf.fill_id
        WHERE true${where}
        GROUP BY cf.group_id),
     old AS (
       SELECT lf.id, lf.account, lf.symbol, lf.rn, mem.n, mem.g1,
              lead(mem.g1) OVER w AS next_g1, lead(mem.g2) OVER w AS next_g2,
              grp.qty_sum, head.n AS head_n
         FROM lf
         JOIN mem ON mem.fill_id = lf.id
         LEFT JOIN grp ON grp.g = mem.g1
         LEFT JOIN mem head ON head.fill_id::text = mem.g1
       WINDOW w AS (PARTITION BY lf.account, lf.symbol ORDER BY lf.rn)),
     news AS (
       SELECT lf.account, lf.symbol, min(lf.rn) AS first_new
         FROM lf LEFT JOIN mem ON mem.fill_id = lf.id
        WHERE mem.fill_id IS NULL
        GROUP BY lf.account, lf.symbol),
     flat AS (
       SELECT DISTINCT ON (o.account, o.symbol) o.account, o.symbol, o.id
         FROM old o JOIN news n ON n.account = o.account AND n.symbol = o.symbol
        WHERE o.rn < n.first_new AND o.n = 1
          AND CASE WHEN o.next_g1 IS NOT NULL
                THEN o.next_g1 <> o.g1 AND o.next_g2 <> o.g1
                -- The last stored fill: flat when its campaign's quantities sum to zero and the
                -- campaign did not start with the remainder of a crossing fill.
                ELSE o.qty_sum = 0 AND o.head_n = 1
              END
        ORDER BY o.account, o.symbol, o.rn DESC),
     stale AS (
       SELECT DISTINCT f.account, f.symbol
         FROM journal.campaign_fills cf JOIN journal.trade_fills f ON f.id = cf.fill_id
         LEFT JOIN lf ON lf.id = cf.fill_id
        WHERE lf.id IS NULL${where}),
     series AS (
       SELECT account, symbol FROM lf UNION SELECT account, symbol FROM stale)
     SELECT s.account, s.symbol, n.first_new, fl.id AS after_id,
            (st.account IS NOT NULL) AS has_stale
       FROM series s
       LEFT JOIN news n ON n.account = s.account AND n.symbol = s.symbol
       LEFT JOIN flat fl ON fl.account = s.account AND fl.symbol = s.symbol
       LEFT JOIN stale st ON st.account = s.account AND st.symbol = s.symbol
      ORDER BY s.account, s.symbol`,
    params,
  )
  await rawOf(h).query(`SELECT set_config('enable_nestloop', $1, true)`, [nestloop])
  return result.rows.map((r) => ({
    account: r.account,
    symbol: r.symbol,
    isUnchanged: r.first_new === null && !r.has_stale,
    afterFillId: r.has_stale ? null : r.after_id,
  }))
}

/**
 * Live fills (not undone, not corrected) of the chosen accounts and symbols, in replay order:
 * account, symbol, execution time, then import order.
 */
export async function loadFills(h: Handle, filter: SeriesFilter = {}): Promise<FillRow[]> {
  const params: unknown[] = []
  const where = seriesWhere(filter, params)
  const result = await rawOf(h).query<{ packed: string | null }>(
    `SELECT ${PACKED} ${LIVE}${where}`,
    params,
  )
  return unpack(result.rows[0]?.packed ?? null)
}

/** Live fills by id, in replay order. */
export async function loadFillsByIds(h: Handle, ids: readonly string[]): Promise<FillRow[]> {
  if (ids.length === 0) return []
  const result = await rawOf(h).query<{ packed: string | null }>(
    `SELECT ${PACKED} ${LIVE} AND f.id = ANY($1::uuid[])`,
    [ids],
  )
  return unpack(result.rows[0]?.packed ?? null)
}

/** One stored fill, live or not; null when the id is unknown. */
export async function findFill(
  h: Handle,
  id: string,
): Promise<Pick<typeof tradeFills.$inferSelect, 'id' | 'account' | 'symbol'> | null> {
  const [row] = await h
    .select({ id: tradeFills.id, account: tradeFills.account, symbol: tradeFills.symbol })
    .from(tradeFills)
    .where(eq(tradeFills.id, id))
  return row ?? null
}

/** The distinct accounts that have fills. */
export async function listAccounts(h: Handle): Promise<string[]> {
  const rows = await h
    .selectDistinct({ account: tradeFills.account })
    .from(tradeFills)
    .orderBy(asc(tradeFills.account))
  return rows.map((r) => r.account)
}

/** What a membership write changed; `previousGroups` held the replayed fills before it. */
export type MembershipWrite = {
  rows: number
  inserted: number
  deleted: number
  previousGroups: string[]
}

/**
 * Makes the stored campaign membership (`campaign_fills`) of the given series equal `groups`.
 * `filter` names the series that were rebuilt. Only the difference is written: after an import
 * most memberships are unchanged, and rewriting them would cost more than the grouping itself.
 */
export async function replaceCampaignFills(
  h: Handle,
  filter: SeriesFilter,
  groups: readonly { groupId: string; fillIds: readonly string[] }[],
): Promise<MembershipWrite> {
  const params: unknown[] = []
  const where = seriesWhere(filter, params)
  const stored = await rawOf(h).query<{ packed: string | null }>(
    `SELECT string_agg(cf.group_id::text || cf.fill_id::text, '') AS packed
       FROM journal.campaign_fills cf JOIN journal.trade_fills f ON f.id = cf.fill_id
      WHERE true${where}`,
    params,
  )
  // Two 36-character UUIDs per pair, packed back to back.
  const existing = new Set<string>()
  const packed = stored.rows[0]?.packed ?? ''
  for (let i = 0; i + 72 <= packed.length; i += 72) existing.add(packed.slice(i, i + 72))

  const insertGroups: string[] = []
  const insertFills: string[] = []
  let rows = 0
  const wanted = new Set<string>()
  for (const group of groups) {
    for (const fillId of group.fillIds) {
      const key = group.groupId + fillId
      if (wanted.has(key)) continue
      wanted.add(key)
      rows += 1
      if (existing.has(key)) continue
      insertGroups.push(group.groupId)
      insertFills.push(fillId)
    }
  }
  const deleteGroups: string[] = []
  const deleteFills: string[] = []
  for (const key of existing) {
    if (wanted.has(key)) continue
    deleteGroups.push(key.slice(0, 36))
    deleteFills.push(key.slice(36))
  }
  const CHUNK = 50_000
  for (let i = 0; i < deleteGroups.length; i += CHUNK) {
    await rawOf(h).query(
      `DELETE FROM journal.campaign_fills cf
        USING unnest($1::uuid[], $2::uuid[]) AS t(g, f)
        WHERE cf.group_id = t.g AND cf.fill_id = t.f`,
      [deleteGroups.slice(i, i + CHUNK), deleteFills.slice(i, i + CHUNK)],
    )
  }
  // `wanted` holds each pair once and none of them is stored: nothing to conflict with.
  await insertMemberships(
    h,
    insertGroups.map((groupId, i) => ({ groupId, fillId: insertFills[i] ?? '' })),
  )
  const previousGroups = new Set<string>()
  for (const key of existing) previousGroups.add(key.slice(0, 36))
  return {
    rows,
    inserted: insertGroups.length,
    deleted: deleteGroups.length,
    previousGroups: [...previousGroups],
  }
}

/** The campaign group ids a fill belongs to (two when it crossed zero). */
export async function groupsOfFill(h: Handle, fillId: string): Promise<string[]> {
  const rows = await h
    .select({ groupId: campaignFills.groupId })
    .from(campaignFills)
    .where(eq(campaignFills.fillId, fillId))
    .orderBy(asc(campaignFills.groupId))
  return rows.map((r) => r.groupId)
}

/** Fill ids stored for one campaign group. */
export async function fillsOfGroup(h: Handle, groupId: string): Promise<string[]> {
  const rows = await h
    .select({ fillId: campaignFills.fillId })
    .from(campaignFills)
    .where(eq(campaignFills.groupId, groupId))
  return rows.map((r) => r.fillId)
}

/** Campaign memberships as binary COPY streams for `copyMemberships` (pure: runs on any thread). */
export function encodeMemberships(
  pairs: readonly { groupId: string; fillId: string }[],
): EncodedRows {
  const CHUNK = 100_000
  const chunks: Uint8Array<ArrayBuffer>[] = []
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const end = Math.min(pairs.length, i + CHUNK)
    const w = new BinaryCopyWriter((end - i) * 42)
    for (let k = i; k < end; k++) {
      const p = pairs[k]
      if (p) w.row(2).uuid(p.groupId).uuid(p.fillId)
    }
    chunks.push(w.finish())
  }
  return { rows: pairs.length, chunks }
}

/**
 * Appends campaign memberships by binary COPY. The caller guarantees the pairs are new and
 * distinct (the unique constraint would otherwise abort its transaction) and that every fill id
 * is a ledger row it read or wrote in this transaction.
 *
 * That guarantee makes the per-row check of the `fill_id` foreign key redundant: the ledger
 * rejects DELETE, so the referenced rows cannot go away. The check is skipped for this one
 * statement the way a bulk restore skips it (session_replication_role = replica, transaction
 * local, restored right after), which halves the write at 100k rows. The constraint stays in
 * force for every other writer.
 */
export async function insertMemberships(
  h: Handle,
  pairs: readonly { groupId: string; fillId: string }[],
): Promise<void> {
  await copyMemberships(h, encodeMemberships(pairs))
}

/** `insertMemberships` of rows already encoded by `encodeMemberships`, with its guarantees. */
export async function copyMemberships(h: Handle, encoded: EncodedRows): Promise<void> {
  if (encoded.rows === 0) return
  const quiet = await quietTriggers(h)
  await withBulkIndexes(h, 'journal.campaign_fills', encoded.rows, {}, async () => {
    for (const chunk of encoded.chunks) {
      await rawOf(h).query(
        `COPY journal.campaign_fills (group_id, fill_id) FROM '/dev/blob' WITH (FORMAT binary)`,
        [],
        { blob: new Blob([chunk]) },
      )
    }
  })
  await quiet?.restore()
}

/**
 * The (account, symbol) series among `pairs` with no stored fill at all, live or not, as
 * `seriesKey` strings (`account NUL symbol`, spelt out here: a repo imports domain types only). Such a series has no campaign history: once the new fills are in, it can
 * be grouped from them alone. One index probe per pair.
 */
export async function seriesWithoutFills(
  h: Handle,
  pairs: readonly { account: string; symbol: string }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set()
  const result = await rawOf(h).query<{ account: string; symbol: string }>(
    `SELECT p.account, p.symbol FROM unnest($1::text[], $2::text[]) AS p(account, symbol)
      WHERE NOT EXISTS (
        SELECT 1 FROM journal.trade_fills f WHERE f.account = p.account AND f.symbol = p.symbol)`,
    [pairs.map((p) => p.account), pairs.map((p) => p.symbol)],
  )
  return new Set(result.rows.map((r) => `${r.account}\u0000${r.symbol}`))
}
