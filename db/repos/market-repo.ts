import { and, eq, sql, type SQL } from 'drizzle-orm'
import { rawOf, type Handle } from '../query'
import { dataSyncLog, ohlcvBars } from '../schema/index'
import type { BarColumns } from '../../electron/core/domain/market/bars'

/** What one bar write did: rows offered, rows new, rows already stored (same symbol, timeframe, time). */
export type BarWriteResult = { rows: number; inserted: number; duplicates: number }

type BarRecord = typeof ohlcvBars.$inferSelect
type SyncLogRecord = typeof dataSyncLog.$inferSelect

/** One stored series as the sync log and the bar table see it (an aggregate over its bars). */
export type SeriesRow = Pick<BarRecord, 'symbol' | 'timeframe'> & {
  bars: number
  firstMs: number
  lastMs: number
  /** Null while the sync log has no row for the series. */
  lastSyncAt: string | null
  status: SyncLogRecord['status'] | null
  barsFetched: SyncLogRecord['barsFetched'] | null
}

function csvOf(bars: BarColumns): string {
  const n = bars.time.length
  const lines = new Array<string>(n)
  for (let i = 0; i < n; i++) {
    // JS number text round-trips exactly through float8 input.
    lines[i] =
      `${new Date(bars.time[i] as number).toISOString()},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`
  }
  return lines.join('\n')
}

/**
 * Writes bars for one symbol and timeframe by COPY into a temporary table and one
 * `INSERT … ON CONFLICT DO NOTHING` on (symbol, timeframe, timestamp): re-imports add nothing and
 * count as duplicates. Creates the ticker when new and refreshes `data_sync_log`. Runs inside the
 * caller's transaction, so a failure leaves nothing behind.
 */
export async function writeBars(
  h: Handle,
  input: { symbol: string; timeframe: string; bars: BarColumns; source: string },
): Promise<BarWriteResult> {
  const rows = input.bars.time.length
  await rawOf(h).query(`INSERT INTO market.tickers (symbol) VALUES ($1) ON CONFLICT DO NOTHING`, [
    input.symbol,
  ])
  await rawOf(h).query(
    `CREATE TEMP TABLE IF NOT EXISTS bars_in (ts timestamptz, open float8, high float8, low float8, close float8, volume float8) ON COMMIT DELETE ROWS`,
  )
  await rawOf(h).query(`TRUNCATE bars_in`)
  await rawOf(h).query(`COPY bars_in FROM '/dev/blob' WITH (FORMAT csv)`, [], {
    blob: new Blob([csvOf(input.bars)]),
  })
  const result = await rawOf(h).query(
    `INSERT INTO market.ohlcv_bars (symbol, timeframe, timestamp, open, high, low, close, volume, source)
     SELECT $1::varchar, $2::varchar, ts, open, high, low, close, volume, $3::varchar FROM bars_in
     ON CONFLICT (symbol, timeframe, timestamp) DO NOTHING`,
    [input.symbol, input.timeframe, input.source],
  )
  const inserted = result.affectedRows ?? 0
  await refreshSyncLog(h, input.symbol, input.timeframe, inserted, 'success', null)
  return { rows, inserted, duplicates: rows - inserted }
}

/** Recomputes the sync-log row of one series from the bar table (seed 001 `data_sync_log`). */
export async function refreshSyncLog(
  h: Handle,
  symbol: string,
  timeframe: string,
  barsFetched: number,
  status: 'success' | 'partial' | 'failed',
  errorMessage: string | null,
): Promise<void> {
  await rawOf(h).query(
    `INSERT INTO market.data_sync_log (symbol, timeframe, first_synced_timestamp, last_synced_timestamp, last_sync_at, bars_fetched, total_bars, status, error_message)
     SELECT $1::varchar, $2::varchar, min(timestamp), max(timestamp), now(), $3::int, count(*), $4::varchar, $5::text
       FROM market.ohlcv_bars WHERE symbol = $1::varchar AND timeframe = $2::varchar
     ON CONFLICT (symbol, timeframe) DO UPDATE SET
       first_synced_timestamp = excluded.first_synced_timestamp,
       last_synced_timestamp = excluded.last_synced_timestamp,
       last_sync_at = excluded.last_sync_at,
       bars_fetched = excluded.bars_fetched,
       total_bars = excluded.total_bars,
       status = excluded.status,
       error_message = excluded.error_message`,
    [symbol, timeframe, barsFetched, status, errorMessage],
  )
}

/** A SQL string literal: COPY takes no bind parameters, so values are quoted here. */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

/**
 * Reads bars of one series in time order as columns, optionally within `[fromMs, toMs]`
 * (inclusive, epoch ms) and limited to the last `limit` bars. Rows leave the database through
 * `COPY … TO '/dev/blob'` as CSV: several times faster in PGlite than materialising row objects.
 */
export async function readBars(
  h: Handle,
  input: {
    symbol: string
    timeframe: string
    fromMs?: number | undefined
    toMs?: number | undefined
    limit?: number | undefined
  },
): Promise<BarColumns> {
  let where = `symbol = ${literal(input.symbol)} AND timeframe = ${literal(input.timeframe)}`
  if (input.fromMs !== undefined)
    where += ` AND timestamp >= ${literal(new Date(input.fromMs).toISOString())}`
  if (input.toMs !== undefined)
    where += ` AND timestamp <= ${literal(new Date(input.toMs).toISOString())}`
  const columns = `extract(epoch FROM timestamp)::float8 * 1000 AS t, open, high, low, close, volume`
  const select =
    input.limit === undefined
      ? `SELECT ${columns} FROM market.ohlcv_bars WHERE ${where} ORDER BY timestamp`
      : `SELECT * FROM (SELECT ${columns} FROM market.ohlcv_bars WHERE ${where} ORDER BY timestamp DESC LIMIT ${Math.max(0, Math.floor(input.limit))}) last ORDER BY t`
  const result = await rawOf(h).query(`COPY (${select}) TO '/dev/blob' WITH (FORMAT csv)`)
  const text = result.blob ? await result.blob.text() : ''
  const lines = text === '' ? [] : text.trimEnd().split('\n')
  const n = lines.length
  const bars: BarColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  }
  for (let i = 0; i < n; i++) {
    const cells = (lines[i] as string).split(',')
    bars.time[i] = Math.round(Number(cells[0]))
    bars.open[i] = Number(cells[1])
    bars.high[i] = Number(cells[2])
    bars.low[i] = Number(cells[3])
    bars.close[i] = Number(cells[4])
    bars.volume[i] = Number(cells[5])
  }
  return bars
}

/** Every stored series (or one symbol's, or one series) with counts, range and sync status. */
export async function listSeries(
  h: Handle,
  filter: { symbol?: string | undefined; timeframe?: string | undefined } = {},
): Promise<SeriesRow[]> {
  const where: SQL[] = []
  if (filter.symbol) where.push(eq(ohlcvBars.symbol, filter.symbol))
  if (filter.timeframe) where.push(eq(ohlcvBars.timeframe, filter.timeframe))
  const epochMs = (edge: SQL) =>
    sql`extract(epoch FROM ${edge})::float8 * 1000`.mapWith((v) => Math.round(Number(v)))
  const rows = await h
    .select({
      symbol: ohlcvBars.symbol,
      timeframe: ohlcvBars.timeframe,
      bars: sql`count(*)::int`.mapWith(Number),
      firstMs: epochMs(sql`min(${ohlcvBars.timestamp})`),
      lastMs: epochMs(sql`max(${ohlcvBars.timestamp})`),
      lastSyncAt: dataSyncLog.lastSyncAt,
      status: dataSyncLog.status,
      barsFetched: dataSyncLog.barsFetched,
    })
    .from(ohlcvBars)
    .leftJoin(
      dataSyncLog,
      and(eq(dataSyncLog.symbol, ohlcvBars.symbol), eq(dataSyncLog.timeframe, ohlcvBars.timeframe)),
    )
    .where(and(...where))
    .groupBy(
      ohlcvBars.symbol,
      ohlcvBars.timeframe,
      dataSyncLog.lastSyncAt,
      dataSyncLog.status,
      dataSyncLog.barsFetched,
    )
    .orderBy(ohlcvBars.symbol, ohlcvBars.timeframe)
  return rows.map((r) => ({ ...r, lastSyncAt: r.lastSyncAt?.toISOString() ?? null }))
}

/** Only the times of one series, for coverage and gap detection. */
export async function readTimes(
  h: Handle,
  symbol: string,
  timeframe: string,
): Promise<Float64Array> {
  const result = await rawOf(h).query<[number]>(
    `SELECT extract(epoch FROM timestamp)::float8 * 1000 FROM market.ohlcv_bars WHERE symbol = $1 AND timeframe = $2 ORDER BY timestamp`,
    [symbol, timeframe],
    { rowMode: 'array' },
  )
  return Float64Array.from(result.rows, (r) => Math.round(r[0]))
}

/** Deletes one series and its sync-log row; answers how many bars went. */
export async function deleteSeries(h: Handle, symbol: string, timeframe: string): Promise<number> {
  const result = await rawOf(h).query(
    `DELETE FROM market.ohlcv_bars WHERE symbol = $1 AND timeframe = $2`,
    [symbol, timeframe],
  )
  await rawOf(h).query(`DELETE FROM market.data_sync_log WHERE symbol = $1 AND timeframe = $2`, [
    symbol,
    timeframe,
  ])
  return result.affectedRows ?? 0
}
