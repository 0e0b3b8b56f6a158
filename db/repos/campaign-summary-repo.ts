import { asc } from 'drizzle-orm'
import type { CampaignSummary } from '../../electron/core/domain/journal/campaigns/summary'
import { BinaryCopyWriter, type EncodedRows } from '../copy-binary'
import { withBulkIndexes } from './bulk-load'
import { rawOf, type Handle } from '../query'
import { campaignStaleSeries, campaignSummaries } from '../schema/index'

// Rows come back packed into one delimited text value, as in campaign-repo.ts: PGlite spends
// most of a wide read turning cells into JS values, and splitting one string is much cheaper.
const FIELD = '\x1f'
const RECORD = '\x1e'

const COLUMNS = `s.group_id::text, s.account, s.symbol, s.currency, s.side, s.status,
    ((extract(epoch FROM s.opened_at) * 1000)::float8)::text,
    coalesce(((extract(epoch FROM s.closed_at) * 1000)::float8)::text, ''),
    s.max_position::text, s.qty::text, s.closed_qty::text, s.open_qty::text,
    coalesce(s.avg_entry_price::text, ''), coalesce(s.avg_exit_price::text, ''),
    coalesce(s.gross_cents::text, ''), s.fees_cents::text, coalesce(s.net_cents::text, ''),
    s.fill_count::text`

function packed(order: string): string {
  return `string_agg(concat_ws(E'\\x1f', ${COLUMNS}), E'\\x1e' ORDER BY ${order})`
}

function unpack(text: string | null): CampaignSummary[] {
  if (!text) return []
  const records = text.split(RECORD)
  const out = new Array<CampaignSummary>(records.length)
  const num = (v: string | undefined): number | null => (v ? Number(v) : null)
  for (let i = 0; i < records.length; i++) {
    const c = (records[i] ?? '').split(FIELD)
    out[i] = {
      groupId: c[0] ?? '',
      account: c[1] ?? '',
      symbol: c[2] ?? '',
      currency: c[3] ?? '',
      side: c[4] === 'short' ? 'short' : 'long',
      status: c[5] === 'closed' ? 'closed' : c[5] === 'open' ? 'open' : 'opening-unknown',
      openedMs: Number(c[6]),
      closedMs: num(c[7]),
      maxPosition: Number(c[8]),
      qty: Number(c[9]),
      closedQty: Number(c[10]),
      openQty: Number(c[11]),
      avgEntryPrice: num(c[12]),
      avgExitPrice: num(c[13]),
      grossCents: num(c[14]),
      feesCents: Number(c[15]),
      netCents: num(c[16]),
      fillCount: Number(c[17]),
    }
  }
  return out
}

/** Summaries as binary COPY streams for `copySummaries` (pure: runs on any thread). */
export function encodeSummaries(rows: readonly CampaignSummary[]): EncodedRows {
  const CHUNK = 50_000
  const chunks: Uint8Array<ArrayBuffer>[] = []
  for (let i = 0; i < rows.length; i += CHUNK) {
    const end = Math.min(rows.length, i + CHUNK)
    const w = new BinaryCopyWriter((end - i) * 220)
    for (let k = i; k < end; k++) {
      const r = rows[k]
      if (!r) continue
      w.row(18).uuid(r.groupId).text(r.account).text(r.symbol).text(r.currency)
      w.text(r.side).text(r.status).timestamptz(r.openedMs)
      if (r.closedMs === null) w.null()
      else w.timestamptz(r.closedMs)
      w.float8(r.maxPosition).float8(r.qty).float8(r.closedQty).float8(r.openQty)
      if (r.avgEntryPrice === null) w.null()
      else w.float8(r.avgEntryPrice)
      if (r.avgExitPrice === null) w.null()
      else w.float8(r.avgExitPrice)
      if (r.grossCents === null) w.null()
      else w.int8(r.grossCents)
      w.int8(r.feesCents)
      if (r.netCents === null) w.null()
      else w.int8(r.netCents)
      w.int4(r.fillCount)
    }
    chunks.push(w.finish())
  }
  return { rows: rows.length, chunks }
}

/**
 * Appends summaries by binary COPY. The caller removed any stored row of the same campaigns in
 * this transaction (the primary key would otherwise abort it).
 */
export async function insertSummaries(h: Handle, rows: readonly CampaignSummary[]): Promise<void> {
  await copySummaries(h, encodeSummaries(rows))
}

/** `insertSummaries` of rows already encoded by `encodeSummaries`. */
export async function copySummaries(h: Handle, encoded: EncodedRows): Promise<void> {
  if (encoded.rows === 0) return
  await withBulkIndexes(h, 'journal.campaign_summaries', encoded.rows, {}, async () => {
    for (const chunk of encoded.chunks) {
      await rawOf(h).query(
        `COPY journal.campaign_summaries (group_id, account, symbol, currency, side, status,
           opened_at, closed_at, max_position, qty, closed_qty, open_qty, avg_entry_price,
           avg_exit_price, gross_cents, fees_cents, net_cents, fill_count)
         FROM '/dev/blob' WITH (FORMAT binary)`,
        [],
        { blob: new Blob([chunk]) },
      )
    }
  })
}

/** Removes the summaries of the given campaigns. */
export async function deleteSummaries(h: Handle, groupIds: readonly string[]): Promise<void> {
  if (groupIds.length === 0) return
  await rawOf(h).query(`DELETE FROM journal.campaign_summaries WHERE group_id = ANY($1::uuid[])`, [
    groupIds,
  ])
}

/** Removes every summary of one series. */
export async function deleteSeriesSummaries(
  h: Handle,
  account: string,
  symbol: string,
): Promise<void> {
  await rawOf(h).query(
    `DELETE FROM journal.campaign_summaries WHERE account = $1 AND symbol = $2`,
    [account, symbol],
  )
}

/** A series waiting to be regrouped; `isFull` when its summaries must be rebuilt from scratch. */
export type StaleSeries = Pick<
  typeof campaignStaleSeries.$inferSelect,
  'account' | 'symbol' | 'isFull'
>

/** Whether any series is marked stale (one index probe). */
export async function hasStaleSeries(h: Handle): Promise<boolean> {
  const result = await rawOf(h).query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM journal.campaign_stale_series LIMIT 1) x`,
  )
  return (result.rows[0]?.n ?? 0) > 0
}

/** Series marked stale, in order. */
export async function listStaleSeries(h: Handle): Promise<StaleSeries[]> {
  return h
    .select({
      account: campaignStaleSeries.account,
      symbol: campaignStaleSeries.symbol,
      isFull: campaignStaleSeries.isFull,
    })
    .from(campaignStaleSeries)
    .orderBy(asc(campaignStaleSeries.account), asc(campaignStaleSeries.symbol))
}

/** Clears the stale marks of the given series. */
export async function clearStaleSeries(
  h: Handle,
  series: readonly { account: string; symbol: string }[],
): Promise<void> {
  if (series.length === 0) return
  await rawOf(h).query(
    `DELETE FROM journal.campaign_stale_series s
      USING unnest($1::text[], $2::text[]) AS t(account, symbol)
      WHERE s.account = t.account AND s.symbol = t.symbol`,
    [series.map((s) => s.account), series.map((s) => s.symbol)],
  )
}

/**
 * Marks the series of the fills a pulled page wrote, and of the fills of import batches it
 * wrote (an undo made on another device), to be regrouped, and answers which tables the page
 * touched (schema, table), each once in the order first met, so the caller need not read the
 * page again. `changesJson` is the page's change list as the server sends it: schema `sc`,
 * table `t`, row image `r`.
 */
export async function markPulledPage(
  h: Handle,
  changesJson: string,
): Promise<{ schema: string; table: string }[]> {
  const result = await rawOf(h).query<{ sc: string; t: string }>(
    `WITH c AS (SELECT value AS ch, n FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)),
     fills AS (
       SELECT ch->'r'->>'account' AS account, ch->'r'->>'symbol' AS symbol
         FROM c WHERE ch->>'sc' = 'journal' AND ch->>'t' = 'trade_fills'),
     batches AS (
       SELECT DISTINCT f.account, f.symbol
         FROM c JOIN journal.trade_fills f ON f.import_batch_id::text = c.ch->'r'->>'id'
        WHERE c.ch->>'sc' = 'journal' AND c.ch->>'t' = 'import_batches'),
     marked AS (
       INSERT INTO journal.campaign_stale_series (account, symbol)
       SELECT DISTINCT account, symbol FROM (SELECT * FROM fills UNION SELECT * FROM batches) x
        WHERE account IS NOT NULL AND symbol IS NOT NULL
       ON CONFLICT (account, symbol) DO NOTHING)
     SELECT ch->>'sc' AS sc, ch->>'t' AS t FROM c
      WHERE jsonb_typeof(ch->'sc') = 'string' AND jsonb_typeof(ch->'t') = 'string'
      GROUP BY 1, 2 ORDER BY min(n)`,
    [changesJson],
  )
  return result.rows.map((r) => ({ schema: r.sc, table: r.t }))
}

/** Which campaigns a list shows. `symbol` matches anywhere in the symbol, any case. */
export type SummaryFilter = {
  account?: string | undefined
  status?: CampaignSummary['status'] | undefined
  symbol?: string | undefined
  currency?: string | undefined
}

export type SummarySort = 'opened' | 'closed' | 'symbol' | 'net'

function filterWhere(filter: SummaryFilter, params: unknown[]): string {
  let where = 'WHERE true'
  if (filter.account !== undefined) {
    params.push(filter.account)
    where += ` AND s.account = $${params.length}`
  }
  if (filter.status !== undefined) {
    params.push(filter.status)
    where += ` AND s.status = $${params.length}`
  }
  if (filter.currency !== undefined) {
    params.push(filter.currency)
    where += ` AND s.currency = $${params.length}`
  }
  if (filter.symbol !== undefined && filter.symbol !== '') {
    params.push(`%${filter.symbol.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)
    where += ` AND s.symbol ILIKE $${params.length}`
  }
  return where
}

const SORT_SQL: Record<SummarySort, (dir: string) => string> = {
  opened: (d) => `s.opened_at ${d}, s.group_id ${d}`,
  closed: (d) => `s.closed_at ${d} NULLS LAST, s.opened_at ${d}, s.group_id ${d}`,
  symbol: (d) => `s.symbol COLLATE "C" ${d}, s.opened_at ${d}, s.group_id ${d}`,
  net: (d) => `s.net_cents ${d} NULLS LAST, s.opened_at ${d}, s.group_id ${d}`,
}

/** One page of summaries with the size of the whole filtered set. */
export async function pageSummaries(
  h: Handle,
  filter: SummaryFilter,
  page: { sort: SummarySort; direction: 'asc' | 'desc'; offset: number; limit: number },
): Promise<{ total: number; rows: CampaignSummary[] }> {
  const params: unknown[] = []
  const where = filterWhere(filter, params)
  const order = SORT_SQL[page.sort](page.direction === 'desc' ? 'DESC' : 'ASC')
  params.push(page.limit, page.offset)
  const result = await rawOf(h).query<{ total: number; packed: string | null }>(
    `SELECT (SELECT count(*)::int FROM journal.campaign_summaries s ${where}) AS total,
            (SELECT ${packed(order)} FROM (
               SELECT s.* FROM journal.campaign_summaries s ${where}
                ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}) s
            ) AS packed`,
    params,
  )
  const row = result.rows[0]
  return { total: row?.total ?? 0, rows: unpack(row?.packed ?? null) }
}

/** Every summary of the filter, oldest opening first. */
export async function allSummaries(h: Handle, filter: SummaryFilter): Promise<CampaignSummary[]> {
  const params: unknown[] = []
  const where = filterWhere(filter, params)
  const result = await rawOf(h).query<{ packed: string | null }>(
    `SELECT ${packed('s.opened_at, s.group_id')} AS packed FROM journal.campaign_summaries s ${where}`,
    params,
  )
  return unpack(result.rows[0]?.packed ?? null)
}

/** Totals of one currency over a filter: money in cents. */
export type SummaryTotals = {
  currency: string
  campaigns: number
  closed: number
  open: number
  openingUnknown: number
  wins: number
  losses: number
  /** Net of every campaign that has one (closed, and the realised part of open ones). */
  netCents: number
  closedGrossCents: number
  closedFeesCents: number
  closedNetCents: number
  openNetCents: number
  unknownFeesCents: number
}

/** Per-currency counts and sums over a filter, currencies in code order. */
export async function summaryTotals(h: Handle, filter: SummaryFilter): Promise<SummaryTotals[]> {
  const params: unknown[] = []
  const where = filterWhere(filter, params)
  const result = await rawOf(h).query<{
    currency: string
    campaigns: number
    closed: number
    open: number
    unknown: number
    wins: number
    losses: number
    net: string
    c_gross: string
    c_fees: string
    c_net: string
    o_net: string
    u_fees: string
  }>(
    `SELECT s.currency, count(*)::int AS campaigns,
            count(*) FILTER (WHERE s.status = 'closed' AND s.net_cents IS NOT NULL)::int AS closed,
            count(*) FILTER (WHERE s.status = 'open')::int AS open,
            count(*) FILTER (WHERE s.status = 'opening-unknown')::int AS unknown,
            count(*) FILTER (WHERE s.status = 'closed' AND s.net_cents > 0)::int AS wins,
            count(*) FILTER (WHERE s.status = 'closed' AND s.net_cents < 0)::int AS losses,
            coalesce(sum(s.net_cents), 0)::text AS net,
            coalesce(sum(s.gross_cents) FILTER (WHERE s.status = 'closed'), 0)::text AS c_gross,
            coalesce(sum(s.fees_cents) FILTER (WHERE s.status = 'closed'), 0)::text AS c_fees,
            coalesce(sum(s.net_cents) FILTER (WHERE s.status = 'closed'), 0)::text AS c_net,
            coalesce(sum(s.net_cents) FILTER (WHERE s.status = 'open'), 0)::text AS o_net,
            coalesce(sum(s.fees_cents) FILTER (WHERE s.status = 'opening-unknown'), 0)::text
              AS u_fees
       FROM journal.campaign_summaries s ${where}
      GROUP BY s.currency ORDER BY s.currency COLLATE "C"`,
    params,
  )
  return result.rows.map((r) => ({
    currency: r.currency,
    campaigns: r.campaigns,
    closed: r.closed,
    open: r.open,
    openingUnknown: r.unknown,
    wins: r.wins,
    losses: r.losses,
    netCents: Number(r.net),
    closedGrossCents: Number(r.c_gross),
    closedFeesCents: Number(r.c_fees),
    closedNetCents: Number(r.c_net),
    openNetCents: Number(r.o_net),
    unknownFeesCents: Number(r.u_fees),
  }))
}

/** The accounts that have campaigns. */
export async function summaryAccounts(h: Handle): Promise<string[]> {
  const rows = await h
    .selectDistinct({ account: campaignSummaries.account })
    .from(campaignSummaries)
    .orderBy(asc(campaignSummaries.account))
  return rows.map((r) => r.account)
}

/**
 * The strategy of each campaign that has one: the strategy named in the decision context of its
 * first opening or adding fill (in replay order) that names one, as the campaign builder assigns
 * it. Opening and adding fills are those on the campaign's side; a campaign whose opening
 * predates the data has none. Only campaigns of `groupIds` when given.
 */
export async function summaryStrategies(
  h: Handle,
  groupIds?: readonly string[],
): Promise<Map<string, string>> {
  const params: unknown[] = []
  let where = ''
  if (groupIds) {
    params.push(groupIds)
    where = ` AND cf.group_id = ANY($1::uuid[])`
  }
  const result = await rawOf(h).query<{ g: string; name: string }>(
    `SELECT DISTINCT ON (cf.group_id) cf.group_id::text AS g, st.name
       FROM journal.decision_contexts dc
       JOIN strategy.strategies st ON st.id = dc.strategy_id
       JOIN journal.campaign_fills cf ON cf.fill_id = dc.fill_id
       JOIN journal.trade_fills f ON f.id = dc.fill_id
       JOIN journal.campaign_summaries s ON s.group_id = cf.group_id
      WHERE dc.deleted_at IS NULL AND s.status <> 'opening-unknown'
        AND (f.side = 'buy') = (s.side = 'long')${where}
      ORDER BY cf.group_id, f.executed_at, f.created_at, f.id`,
    params,
  )
  return new Map(result.rows.map((r) => [r.g, r.name]))
}

/** Of `groupIds`, the campaigns one of whose fills has a live context giving a stop. */
export async function groupsWithStops(
  h: Handle,
  groupIds: readonly string[],
): Promise<{ groupId: string; account: string; symbol: string }[]> {
  if (groupIds.length === 0) return []
  const result = await rawOf(h).query<{ groupId: string; account: string; symbol: string }>(
    `SELECT DISTINCT cf.group_id::text AS "groupId", f.account, f.symbol
       FROM journal.decision_contexts dc
       JOIN journal.campaign_fills cf ON cf.fill_id = dc.fill_id
       JOIN journal.trade_fills f ON f.id = dc.fill_id
      WHERE dc.deleted_at IS NULL AND cf.group_id = ANY($1::uuid[])
        AND jsonb_typeof(dc.exit_intent->'stop') = 'number'`,
    [groupIds],
  )
  return result.rows
}

/**
 * Where what the statistics read stands: a counter that every write to campaign summaries and
 * memberships, decision contexts, journal entries and strategies moves (statement triggers).
 */
export async function campaignReadsVersion(h: Handle): Promise<string> {
  const result = await rawOf(h).query<{ v: string }>(
    `SELECT last_value::text || ':' || is_called::text AS v FROM journal.campaign_reads_version`,
  )
  return result.rows[0]?.v ?? ''
}

/**
 * Every closed campaign with a known entry, columnar; `order` lists the rows in closing order
 * (time, then group id). The database returns them unsorted: sorting tens of thousands of wide
 * rows costs PGlite more than sorting their indices here.
 */
export type ClosedColumns = {
  n: number
  order: Int32Array
  groupIds: string[]
  accounts: string[]
  currencies: string[]
  symbols: string[]
  openedMs: Float64Array
  closedMs: Float64Array
  grossCents: Float64Array
  feesCents: Float64Array
  netCents: Float64Array
}

/** Reads `ClosedColumns` of every account and currency. */
export async function closedColumns(h: Handle): Promise<ClosedColumns> {
  const result = await rawOf(h).query<{ packed: string | null }>(
    `SELECT string_agg(concat_ws(E'\\x1f', s.group_id::text, s.account, s.currency, s.symbol,
              ((extract(epoch FROM s.opened_at) * 1000)::int8)::text,
              ((extract(epoch FROM s.closed_at) * 1000)::int8)::text,
              s.gross_cents::text, s.fees_cents::text, s.net_cents::text),
            E'\\x1e') AS packed
       FROM journal.campaign_summaries s
      WHERE s.status = 'closed' AND s.net_cents IS NOT NULL`,
  )
  const records = result.rows[0]?.packed ? (result.rows[0].packed ?? '').split(RECORD) : []
  const n = records.length
  const cols: ClosedColumns = {
    n,
    order: new Int32Array(n),
    groupIds: new Array<string>(n),
    accounts: new Array<string>(n),
    currencies: new Array<string>(n),
    symbols: new Array<string>(n),
    openedMs: new Float64Array(n),
    closedMs: new Float64Array(n),
    grossCents: new Float64Array(n),
    feesCents: new Float64Array(n),
    netCents: new Float64Array(n),
  }
  // Accounts, currencies and symbols repeat: one string each, shared by its rows.
  const interned = new Map<string, string>()
  const intern = (s: string): string => {
    const found = interned.get(s)
    if (found !== undefined) return found
    interned.set(s, s)
    return s
  }
  for (let i = 0; i < n; i++) {
    const c = (records[i] ?? '').split(FIELD)
    cols.groupIds[i] = c[0] ?? ''
    cols.accounts[i] = intern(c[1] ?? '')
    cols.currencies[i] = intern(c[2] ?? '')
    cols.symbols[i] = intern(c[3] ?? '')
    cols.openedMs[i] = Number(c[4])
    cols.closedMs[i] = Number(c[5])
    cols.grossCents[i] = Number(c[6])
    cols.feesCents[i] = Number(c[7])
    cols.netCents[i] = Number(c[8])
  }
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((a, b) => {
    const byTime = (cols.closedMs[a] ?? 0) - (cols.closedMs[b] ?? 0)
    if (byTime !== 0) return byTime
    const ga = cols.groupIds[a] ?? ''
    const gb = cols.groupIds[b] ?? ''
    return ga < gb ? -1 : ga > gb ? 1 : 0
  })
  cols.order.set(order)
  return cols
}
