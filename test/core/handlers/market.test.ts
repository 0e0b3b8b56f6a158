import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openTestCore, type TestCore } from '../../support/core'

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/bars')
const SERIES: Record<string, [string, string]> = {
  'backtesting_py_GOOG.csv': ['GOOG', '1Day'],
  'backtesting_py_EURUSD.csv': ['EURUSD', '1Hour'],
  'backtesting_py_BTCUSD.csv': ['BTCUSD', '1Month'],
  'backtrader_2006-day-001.txt': ['IDX2006', '1Day'],
  'backtrader_2006-week-001.txt': ['IDX2006', '1Week'],
  'backtrader_orcl-1995-2014.txt': ['ORCL', '1Day'],
  'backtrader_orcl-1995-2014_at-065f8ac9.txt': ['ORCL2015', '1Day'],
  'vega_sp500-2000.csv': ['SPX', '1Day'],
}

let core: TestCore

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const result = await core.pg.query<{ n: number }>(sql, params)
  return Number(result.rows[0]?.n ?? 0)
}

beforeAll(async () => {
  core = await openTestCore()
})
afterAll(async () => {
  await core.close()
})
beforeEach(async () => {
  await core.pg.exec('TRUNCATE market.ohlcv_bars, market.data_sync_log, market.tickers CASCADE')
})

describe('bars-import', () => {
  it('imports every real data file by path', async () => {
    for (const file of readdirSync(FIXTURES)) {
      const [symbol, timeframe] = SERIES[file] as [string, string]
      const result = await core.value('bars-import', {
        path: resolve(FIXTURES, file),
        symbol,
        timeframe,
      })
      expect(result.rows).toBeGreaterThan(50)
      expect(result.inserted).toBe(result.rows)
      expect(result.duplicates).toBe(0)
      expect(
        await count(
          'SELECT count(*)::int AS n FROM market.ohlcv_bars WHERE symbol = $1 AND timeframe = $2',
          [symbol, timeframe],
        ),
      ).toBe(result.rows)
    }
    expect(await count('SELECT count(*)::int AS n FROM market.data_sync_log')).toBe(8)
  })

  it('answers symbol, timeframe, rows, duplicates, first and last; a re-import adds nothing', async () => {
    const path = resolve(FIXTURES, 'backtesting_py_GOOG.csv')
    const first = await core.value('bars-import', { path, symbol: 'goog', timeframe: '1Day' })
    expect(first).toEqual({
      symbol: 'GOOG',
      timeframe: '1Day',
      rows: 2148,
      inserted: 2148,
      duplicates: 0,
      first: '2004-08-19T00:00:00.000Z',
      last: '2013-03-01T00:00:00.000Z',
      warnings: [],
    })
    const again = await core.value('bars-import', { path, symbol: 'GOOG', timeframe: '1Day' })
    expect(again).toMatchObject({ rows: 2148, inserted: 0, duplicates: 2148 })
    expect(await count('SELECT count(*)::int AS n FROM market.ohlcv_bars')).toBe(2148)
    const log = await core.pg.query<{
      total_bars: number
      bars_fetched: number
      status: string
    }>('SELECT total_bars, bars_fetched, status FROM market.data_sync_log')
    expect(log.rows).toEqual([{ total_bars: 2148, bars_fetched: 0, status: 'success' }])
  })

  it('stores exactly the parsed values, read back as columns', async () => {
    const content = readFileSync(resolve(FIXTURES, 'backtesting_py_BTCUSD.csv'), 'utf8')
    await core.value('bars-import', {
      content,
      fileName: 'BTCUSD.csv',
      symbol: 'BTCUSD',
      timeframe: '1Month',
    })
    const bars = await core.value('bars-get', { symbol: 'BTCUSD', timeframe: '1Month' })
    expect(bars.time).toHaveLength(156)
    expect(bars.volume[0]).toBe(2012.25343589)
    expect(bars.close[155]).toBe(93381)
    expect(new Date(bars.time[0] as number).toISOString()).toBe('2012-01-31T00:00:00.000Z')
    const ranged = await core.value('bars-get', {
      symbol: 'BTCUSD',
      timeframe: '1Month',
      from: '2020-01-01',
      to: '2020-12-31',
    })
    expect(ranged.time).toHaveLength(12)
    const last = await core.value('bars-get', { symbol: 'BTCUSD', timeframe: '1Month', limit: 3 })
    expect(last.close).toEqual(bars.close.slice(-3))
  })

  it('merges an overlapping file and counts only the overlap as duplicates', async () => {
    const lines = readFileSync(resolve(FIXTURES, 'backtesting_py_GOOG.csv'), 'utf8')
      .trim()
      .split('\n')
    const header = lines[0] as string
    await core.value('bars-import', {
      content: [header, ...lines.slice(1, 101)].join('\n'),
      fileName: 'a.csv',
      symbol: 'GOOG',
      timeframe: '1Day',
    })
    const second = await core.value('bars-import', {
      content: [header, ...lines.slice(51, 151)].join('\n'),
      fileName: 'b.csv',
      symbol: 'GOOG',
      timeframe: '1Day',
    })
    expect(second).toMatchObject({ rows: 100, inserted: 50, duplicates: 50 })
    expect(await count('SELECT total_bars AS n FROM market.data_sync_log')).toBe(150)
  })

  it('writes nothing when a file has an error, and names file, line and field', async () => {
    const lines = readFileSync(resolve(FIXTURES, 'backtesting_py_GOOG.csv'), 'utf8')
      .trim()
      .split('\n')
    lines[1500] = (lines[1500] as string).replace(/,[^,]*$/, ',-7')
    const result = await core.call('bars-import', {
      content: lines.join('\n'),
      fileName: 'GOOG.csv',
      symbol: 'GOOG',
      timeframe: '1Day',
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('parse-error')
    expect(result.error.message).toBe('GOOG.csv:1501: Volume: volume must be ≥ 0, got -7')
    expect(result.error.details?.issues).toEqual([
      { file: 'GOOG.csv', line: 1501, field: 'Volume', message: 'volume must be ≥ 0, got -7' },
    ])
    expect(await count('SELECT count(*)::int AS n FROM market.ohlcv_bars')).toBe(0)
    expect(await count('SELECT count(*)::int AS n FROM market.tickers')).toBe(0)
  })

  it('refuses bad input before parsing: timeframe, symbol, two sources, a missing path', async () => {
    const bad = await core.call('bars-import', { content: 'x', symbol: 'GOOG', timeframe: 'daily' })
    expect(bad.ok === false && bad.error.code).toBe('invalid-input')
    const two = await core.call('bars-import', {
      content: 'x',
      path: '/x',
      symbol: 'GOOG',
      timeframe: '1Day',
    })
    expect(two.ok === false && two.error.code).toBe('invalid-input')
    const missing = await core.call('bars-import', {
      path: resolve(FIXTURES, 'nope.csv'),
      symbol: 'GOOG',
      timeframe: '1Day',
    })
    expect(missing.ok === false && missing.error.code).toBe('not-found')
  })

  it('reads naive times in the given zone', async () => {
    const content = readFileSync(resolve(FIXTURES, 'backtesting_py_EURUSD.csv'), 'utf8')
    const result = await core.value('bars-import', {
      content,
      fileName: 'EURUSD.csv',
      symbol: 'EURUSD',
      timeframe: '1Hour',
      tz: 'America/New_York',
    })
    expect(result.first).toBe('2017-04-19T13:00:00.000Z')
  })

  it('imports Parquet sent as base64', async () => {
    const { writeParquet } = await import('../../support/parquet-writer')
    const bytes = writeParquet([
      {
        name: 'timestamp',
        kind: 'timestamp-ms',
        values: [Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)],
      },
      { name: 'open', kind: 'double', values: [10, 11] },
      { name: 'high', kind: 'double', values: [12, 13] },
      { name: 'low', kind: 'double', values: [9, 10] },
      { name: 'close', kind: 'double', values: [11, 12] },
      { name: 'volume', kind: 'double', values: [100, 200] },
    ])
    const result = await core.value('bars-import', {
      contentBase64: Buffer.from(bytes).toString('base64'),
      fileName: 'x.parquet',
      symbol: 'PQ',
      timeframe: '1Day',
    })
    expect(result).toMatchObject({ rows: 2, inserted: 2, first: '2024-01-02T00:00:00.000Z' })
  })
})

describe('bars-preview', () => {
  it('shows layout and first rows without writing', async () => {
    const preview = await core.value('bars-preview', {
      path: resolve(FIXTURES, 'backtrader_2006-day-001.txt'),
      limit: 3,
    })
    expect(preview.isValid).toBe(true)
    expect(preview.total).toBe(255)
    expect(preview.layout).toMatchObject({ timeColumn: 'Date', ignored: ['OpenInterest'] })
    expect(preview.rows).toEqual([
      {
        line: 2,
        time: '2006-01-02T00:00:00.000Z',
        open: 3578.73,
        high: 3605.95,
        low: 3578.73,
        close: 3604.33,
        volume: 0,
      },
      {
        line: 3,
        time: '2006-01-03T00:00:00.000Z',
        open: 3604.08,
        high: 3638.42,
        low: 3601.84,
        close: 3614.34,
        volume: 0,
      },
      {
        line: 4,
        time: '2006-01-04T00:00:00.000Z',
        open: 3615.23,
        high: 3652.46,
        low: 3615.23,
        close: 3652.46,
        volume: 0,
      },
    ])
    expect(await count('SELECT count(*)::int AS n FROM market.ohlcv_bars')).toBe(0)
  })

  it('answers issues as data for a bad file', async () => {
    const preview = await core.value('bars-preview', {
      content: 'date,open,high,low,close\n2024-01-02,1,0.5,0.8,0.9\n',
      fileName: 'p.csv',
    })
    expect(preview.isValid).toBe(false)
    expect(preview.issues[0]).toMatchObject({ file: 'p.csv', line: 2, field: 'high' })
  })
})

describe('bars-coverage and bars-aggregate', () => {
  it('lists series with weekday-aware gaps', async () => {
    await core.value('bars-import', {
      path: resolve(FIXTURES, 'vega_sp500-2000.csv'),
      symbol: 'SPX',
      timeframe: '1Day',
    })
    await core.value('bars-import', {
      path: resolve(FIXTURES, 'backtesting_py_BTCUSD.csv'),
      symbol: 'BTCUSD',
      timeframe: '1Month',
    })
    const coverage = await core.value('bars-coverage', { minMissing: 2 })
    expect(coverage.map((c) => [c.symbol, c.timeframe, c.bars])).toEqual([
      ['BTCUSD', '1Month', 156],
      ['SPX', '1Day', 5105],
    ])
    const spx = coverage[1]
    expect(spx?.gaps).toContainEqual({
      after: '2001-09-10T00:00:00.000Z',
      before: '2001-09-17T00:00:00.000Z',
      missing: 4,
    })
    expect(spx?.status).toBe('success')
    expect(coverage[0]?.gapCount).toBe(0)
  })

  it('aggregates stored hours into days and stores them idempotently', async () => {
    await core.value('bars-import', {
      path: resolve(FIXTURES, 'backtesting_py_EURUSD.csv'),
      symbol: 'EURUSD',
      timeframe: '1Hour',
    })
    const preview = await core.value('bars-aggregate', {
      symbol: 'EURUSD',
      from: '1Hour',
      to: '1Day',
      store: false,
    })
    expect('time' in preview && preview.time.length).toBeGreaterThan(200)
    const stored = await core.value('bars-aggregate', {
      symbol: 'EURUSD',
      from: '1Hour',
      to: '1Day',
    })
    expect(stored).toMatchObject({ symbol: 'EURUSD', timeframe: '1Day', duplicates: 0 })
    const again = await core.value('bars-aggregate', {
      symbol: 'EURUSD',
      from: '1Hour',
      to: '1Day',
    })
    expect(again).toMatchObject({ inserted: 0 })
    const days = await core.value('bars-get', { symbol: 'EURUSD', timeframe: '1Day' })
    expect('time' in preview && days.close).toEqual('time' in preview ? preview.close : [])
    const wrong = await core.call('bars-aggregate', { symbol: 'EURUSD', from: '1Day', to: '1Hour' })
    expect(wrong.ok === false && wrong.error.code).toBe('invalid-input')
  })

  it('deletes a series', async () => {
    await core.value('bars-import', {
      path: resolve(FIXTURES, 'backtrader_2006-week-001.txt'),
      symbol: 'IDX',
      timeframe: '1Week',
    })
    expect(await core.value('bars-delete', { symbol: 'IDX', timeframe: '1Week' })).toEqual({
      deleted: 52,
    })
    expect(await core.value('bars-coverage', {})).toEqual([])
  })
})
