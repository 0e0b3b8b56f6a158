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
} as const

/**
 * Reads one of the reference CSV fixtures (`Date,Open,High,Low,Close,Volume[,…]`, UTC dates or
 * times); extra columns are ignored.
 */
export function loadBars(name: keyof typeof FILES): BarColumns {
  const path = resolve(import.meta.dirname, '../fixtures/bars', FILES[name])
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1)
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
    const [t = '', o = '', h = '', l = '', c = '', v = ''] = line.split(',')
    cols.time[i] = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : `${t.replace(' ', 'T')}Z`)
    cols.open[i] = Number(o)
    cols.high[i] = Number(h)
    cols.low[i] = Number(l)
    cols.close[i] = Number(c)
    cols.volume[i] = Number(v)
  })
  return cols
}
