// A journal process for the import kill test: imports broker files (and now and then undoes one)
// in a loop until it is killed. After each import commits it prints, with a synchronous write,
// `ack <batchId> <fills> <checksum>` (the checksum of the fills it sent); after an undo commits,
// `undone <batchId>`; `begin` before each import or undo starts. The parent then knows exactly what was acknowledged before the kill.
//   import-kill-writer DATA_DIR SEED
import { writeSync } from 'node:fs'
import { openCore } from '../../../electron/core/core'
import { fillsDigest, type KillFill } from './import-kill-digest'

const [dataDir, seedText] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: import-kill-writer DATA_DIR SEED')
let seed = Number(seedText ?? 1)
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}

function say(line: string): void {
  writeSync(1, `${line}\n`)
}

const ACCOUNTS = ['K1', 'K2']
const SYMBOLS = ['ESZ5', 'NQZ5', 'AAPL', 'msft']
const MAPPING = {
  columns: {
    account: 'account',
    symbol: 'symbol',
    side: 'side',
    qty: 'qty',
    price: 'price',
    time: 'time',
    executionId: 'exec_id',
    fees: 'fees',
  },
  dateFormat: 'iso',
} as const

const core = await openCore({ dataDir })
const batches: string[] = []
say('ready')
for (let round = 0; ; round++) {
  if (batches.length > 0 && random() < 0.15) {
    const batchId = batches.splice(Math.floor(random() * batches.length), 1)[0] ?? ''
    say('begin')
    const undone = await core.registry.invoke('import-undo', { batchId })
    if (!undone.ok) throw new Error(`undo: ${undone.error.message}`)
    say(`undone ${batchId}`)
    continue
  }
  // Small files and, one time in four, a bulk one; times anywhere in a week, so a file lands
  // before, between and after stored fills.
  const n = random() < 0.25 ? 1000 + Math.floor(random() * 1500) : 1 + Math.floor(random() * 40)
  const fills: KillFill[] = []
  for (let i = 0; i < n; i++) {
    const qty = 1 + Math.floor(random() * 4)
    fills.push({
      account: ACCOUNTS[Math.floor(random() * ACCOUNTS.length)] ?? 'K1',
      symbol: SYMBOLS[Math.floor(random() * SYMBOLS.length)] ?? 'AAPL',
      side: random() < 0.5 ? 'buy' : 'sell',
      qty,
      price: Math.round((100 + random() * 10) * 100) / 100,
      time: new Date(Date.UTC(2025, 0, 6) + Math.floor(random() * 7 * 86_400) * 1000).toISOString(),
      execId: `${seedText}-${round}-${i}`,
      fees: 0.25,
    })
  }
  const header = 'account,symbol,side,qty,price,time,exec_id,fees'
  const lines = fills.map((f) =>
    [f.account, f.symbol, f.side, f.qty, f.price, f.time, f.execId, f.fees].join(','),
  )
  say('begin')
  const result = await core.registry.invoke('fills-import', {
    content: `${header}\n${lines.join('\n')}\n`,
    fileName: `kill-${seedText}-${round}.csv`,
    broker: 'generic',
    mapping: MAPPING,
  })
  if (!result.ok) throw new Error(`import: ${result.error.message}`)
  batches.push(result.value.batchId)
  say(`ack ${result.value.batchId} ${result.value.fills} ${fillsDigest(fills)}`)
}
