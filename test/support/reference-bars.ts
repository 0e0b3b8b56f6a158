import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { BarColumns } from '../../electron/core/domain/market/bars'

/** Reads one of the reference CSV fixtures (`,Open,High,Low,Close,Volume`, UTC dates). */
export function loadBars(name: 'GOOG' | 'EURUSD' | 'BTCUSD'): BarColumns {
  const path = resolve(import.meta.dirname, '../fixtures/bars', `backtesting_py_${name}.csv`)
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
