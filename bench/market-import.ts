// Market data throughput: parse + validate + COPY-import of minute bars, reading them back as
// columns, and aggregation to hours. Prints one JSON summary; not a test.
import { openCore } from '../electron/core/core'

function minuteCsv(count: number): string {
  const lines = ['timestamp,open,high,low,close,volume']
  let t = Date.UTC(2024, 0, 2, 14, 30)
  let price = 100
  let seed = 7
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0
    return seed / 2 ** 32
  }
  for (let i = 0; i < count; i++) {
    const open = price
    const close = Math.max(1, price + rand() - 0.5)
    const high = Math.max(open, close) + rand() * 0.2
    const low = Math.min(open, close) - rand() * 0.2
    lines.push(
      `${new Date(t).toISOString()},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${close.toFixed(4)},${Math.floor(rand() * 5000)}`,
    )
    price = close
    t += 60_000
  }
  return lines.join('\n')
}

const rows = Number(process.argv[2] ?? 200_000)
const core = await openCore({ dataDir: null, emit: () => {} })
const content = minuteCsv(rows)
const call = async (channel: string, input: unknown): Promise<unknown> => {
  const r = await core.registry.invoke(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
  return r.value
}
let t = performance.now()
await call('bars-import', { content, fileName: 'bench.csv', symbol: 'BENCH', timeframe: '1Min' })
const importMs = performance.now() - t
t = performance.now()
await call('bars-import', { content, fileName: 'bench.csv', symbol: 'BENCH', timeframe: '1Min' })
const reimportMs = performance.now() - t
t = performance.now()
await call('bars-get', { symbol: 'BENCH', timeframe: '1Min' })
const readMs = performance.now() - t
t = performance.now()
await call('bars-aggregate', { symbol: 'BENCH', from: '1Min', to: '1Hour' })
const aggregateMs = performance.now() - t
await core.close()
console.log(
  JSON.stringify({
    rows,
    importMs: Math.round(importMs),
    importRowsPerSec: Math.round(rows / (importMs / 1000)),
    reimportAllDuplicatesMs: Math.round(reimportMs),
    readColumnsMs: Math.round(readMs),
    aggregateToHourMs: Math.round(aggregateMs),
  }),
)
