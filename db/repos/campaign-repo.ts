import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { CampaignFill } from '../../electron/core/domain/journal/campaigns/fifo-campaigns'

/** The raw embedded client or one of its transactions. */
export type Queryable = PGlite | Transaction

/** Which fills to read: every account and symbol when a list is absent. */
export type SeriesFilter = { accounts?: readonly string[]; symbols?: readonly string[] }

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

type RawFill = {
  id: string
  account: string
  symbol: string
  side: 'buy' | 'sell'
  quantity: number
  price: number
  fees: number
  multiplier: number
  ms: number
  open_close: string | null
  currency: string
  broker: string | null
  asset_type: string | null
  order_id: string | null
  external_trade_id: string | null
  import_batch_id: string | null
}

// A fill counts when its import was not undone and no live fill corrects it. Fills of one import
// are minted with increasing UUIDv7 ids in file order, so (created_at, id) is the tie order.
const LIVE_FILLS = `
  SELECT f.id, f.account, f.symbol, f.side, f.quantity, f.price, f.fees, f.multiplier,
         (extract(epoch FROM f.executed_at) * 1000)::float8 AS ms,
         COALESCE(f.raw_data->>'openClose', f.raw_data->>'open_close') AS open_close,
         f.currency, f.broker, f.asset_type, f.order_id, f.external_trade_id, f.import_batch_id
    FROM journal.trade_fills f
    LEFT JOIN journal.import_batches b ON b.id = f.import_batch_id
   WHERE b.undone_at IS NULL
     AND NOT EXISTS (
       SELECT 1 FROM journal.trade_fills c
         LEFT JOIN journal.import_batches cb ON cb.id = c.import_batch_id
        WHERE c.corrects_fill_id = f.id AND cb.undone_at IS NULL)`

function toFill(row: RawFill, seq: number): FillRow {
  const sign = row.side === 'sell' ? -1 : 1
  const openClose = row.open_close === 'open' || row.open_close === 'close' ? row.open_close : null
  return {
    id: row.id,
    account: row.account,
    symbol: row.symbol,
    qty: sign * Math.abs(row.quantity),
    price: row.price,
    multiplier: row.multiplier,
    // The ledger keeps commission and fees as one amount.
    commission: 0,
    fees: row.fees,
    executedAt: new Date(row.ms).toISOString(),
    seq,
    openClose,
    side: row.side,
    currency: row.currency,
    broker: row.broker,
    assetType: row.asset_type,
    orderId: row.order_id,
    externalTradeId: row.external_trade_id,
    importBatchId: row.import_batch_id,
  }
}

/**
 * Live fills (not undone, not corrected) of the chosen accounts and symbols, in replay order:
 * account, symbol, execution time, then import order.
 */
export async function loadFills(q: Queryable, filter: SeriesFilter = {}): Promise<FillRow[]> {
  const params: unknown[] = []
  let where = ''
  if (filter.accounts) {
    params.push(filter.accounts)
    where += ` AND f.account = ANY($${params.length}::text[])`
  }
  if (filter.symbols) {
    params.push(filter.symbols)
    where += ` AND f.symbol = ANY($${params.length}::text[])`
  }
  const result = await q.query<RawFill>(
    `${LIVE_FILLS}${where} ORDER BY f.account, f.symbol, f.executed_at, f.created_at, f.id`,
    params,
  )
  return result.rows.map((row, i) => toFill(row, i))
}

/** Live fills by id, in replay order. */
export async function loadFillsByIds(q: Queryable, ids: readonly string[]): Promise<FillRow[]> {
  if (ids.length === 0) return []
  const result = await q.query<RawFill>(
    `${LIVE_FILLS} AND f.id = ANY($1::uuid[]) ORDER BY f.account, f.symbol, f.executed_at, f.created_at, f.id`,
    [ids],
  )
  return result.rows.map((row, i) => toFill(row, i))
}

/** One stored fill, live or not; null when the id is unknown. */
export async function findFill(
  q: Queryable,
  id: string,
): Promise<{ id: string; account: string; symbol: string } | null> {
  const result = await q.query<{ id: string; account: string; symbol: string }>(
    `SELECT id, account, symbol FROM journal.trade_fills WHERE id = $1`,
    [id],
  )
  return result.rows[0] ?? null
}

/** The distinct accounts that have fills. */
export async function listAccounts(q: Queryable): Promise<string[]> {
  const result = await q.query<{ account: string }>(
    `SELECT DISTINCT account FROM journal.trade_fills ORDER BY account`,
  )
  return result.rows.map((r) => r.account)
}

/**
 * Replaces the stored campaign membership (`campaign_fills`) of the given series with `groups`.
 * `filter` names the series that were rebuilt; their old rows go, whatever fills they point at.
 */
export async function replaceCampaignFills(
  q: Queryable,
  filter: SeriesFilter,
  groups: readonly { groupId: string; fillIds: readonly string[] }[],
): Promise<number> {
  if (!filter.accounts && !filter.symbols) {
    await q.query(`DELETE FROM journal.campaign_fills`)
  } else {
    const params: unknown[] = []
    let where = ''
    if (filter.accounts) {
      params.push(filter.accounts)
      where += ` AND f.account = ANY($${params.length}::text[])`
    }
    if (filter.symbols) {
      params.push(filter.symbols)
      where += ` AND f.symbol = ANY($${params.length}::text[])`
    }
    await q.query(
      `DELETE FROM journal.campaign_fills cf USING journal.trade_fills f
        WHERE f.id = cf.fill_id${where}`,
      params,
    )
  }
  const groupIds: string[] = []
  const fillIds: string[] = []
  for (const group of groups) {
    for (const fillId of group.fillIds) {
      groupIds.push(group.groupId)
      fillIds.push(fillId)
    }
  }
  // One statement per chunk: arrays keep the parameter count at two whatever the size.
  const CHUNK = 50_000
  for (let i = 0; i < groupIds.length; i += CHUNK) {
    await q.query(
      `INSERT INTO journal.campaign_fills (group_id, fill_id)
       SELECT g, f FROM unnest($1::uuid[], $2::uuid[]) AS t(g, f)
       ON CONFLICT (group_id, fill_id) DO NOTHING`,
      [groupIds.slice(i, i + CHUNK), fillIds.slice(i, i + CHUNK)],
    )
  }
  return groupIds.length
}

/** The campaign group ids a fill belongs to (two when it crossed zero). */
export async function groupsOfFill(q: Queryable, fillId: string): Promise<string[]> {
  const result = await q.query<{ group_id: string }>(
    `SELECT group_id FROM journal.campaign_fills WHERE fill_id = $1 ORDER BY group_id`,
    [fillId],
  )
  return result.rows.map((r) => r.group_id)
}

/** Fill ids stored for one campaign group. */
export async function fillsOfGroup(q: Queryable, groupId: string): Promise<string[]> {
  const result = await q.query<{ fill_id: string }>(
    `SELECT fill_id FROM journal.campaign_fills WHERE group_id = $1`,
    [groupId],
  )
  return result.rows.map((r) => r.fill_id)
}
