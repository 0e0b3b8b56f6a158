import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { BarColumns } from '../../electron/core/domain/market/bars'

/** The reference bar files under test/fixtures/bars, by the name tests use. */
const FILES = {
  GOOG: 'backtesting_py_GOOG.csv',
  EURUSD: 'backtesting_py_EURUSD.csv',
  BTCUSD: 'backtesting_py_BTCUSD.csv',
  /** backtrader's own test data (its indicator tests' checkpoints are on it). */
  'backtrader-2006': 'backtrader_2006-day-001.txt',
  /** S&P 500 daily, 2000–2020 (vega-datasets; lower-case header, `adjclose` before `volume`). */
  SP500: 'vega_sp500-2000.csv',
  /** ORCL daily, 1995–2014 (backtrader's data; `Adj Close` before `Volume`). */
  ORCL: 'backtrader_orcl-1995-2014.txt',
} as const

/**
 * Reads one of the reference CSV fixtures: the date (UTC dates or times) in the first column,
 * open, high, low, close and volume found by their header names in any case; extra columns are
 * ignored.
 */
export function loadBars(name: keyof typeof FILES): BarColumns {
  const path = resolve(import.meta.dirname, '../fixtures/bars', FILES[name])
  const [header = '', ...lines] = readFileSync(path, 'utf8').trim().split('\n')
  const names = header.split(',').map((h) => h.trim().toLowerCase())
  const col = (name: string): number => {
    const k = names.indexOf(name)
    if (k < 1) throw new Error(`${path}: no ${name} column`)
    return k
  }
  const [ko, kh, kl, kc, kv] = ['open', 'high', 'low', 'close', 'volume'].map(col)
  const n = lines.length
  const cols: BarColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  }
  lines.forEach((line, i) => {
    const cells = line.split(',')
    const t = cells[0] ?? ''
    const [o, h, l, c, v] = [ko, kh, kl, kc, kv].map((k) => cells[k as number] ?? '')
    cols.time[i] = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : `${t.replace(' ', 'T')}Z`)
    cols.open[i] = Number(o)
    cols.high[i] = Number(h)
    cols.low[i] = Number(l)
    cols.close[i] = Number(c)
    cols.volume[i] = Number(v)
  })
  return cols
}
