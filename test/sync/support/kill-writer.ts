// A device process for the kill test: writes fills and syncs in a loop until it is killed.
// After each insert commits it prints `ack <id>` for every fill, with a synchronous write, so
// the parent knows exactly which inserts were acknowledged before the kill.
import { writeSync } from 'node:fs'
import { uuidv7 } from '../../../db/uuidv7'
import { openCore } from '../../../electron/core/core'
import { SyncEngine } from '../../../electron/core/sync/engine'

const [dataDir, url, seedText] = process.argv.slice(2)
if (!dataDir || !url) throw new Error('usage: kill-writer DATA_DIR URL SEED')
let seed = Number(seedText ?? 1)
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}

function say(line: string): void {
  writeSync(1, `${line}\n`)
}

const core = await openCore({
  dataDir,
  emit: (event, payload) => {
    if (event === 'sync-event') say(`event ${(payload as { type: string }).type}`)
  },
})
// Small batches and pages: a round is many round trips, so kills land inside push and pull.
const engine = new SyncEngine(core.deps, { batchSize: 10, pageSize: 10 })
say('ready')
for (;;) {
  const n = 1 + Math.floor(random() * 12)
  const ids = Array.from({ length: n }, () => uuidv7())
  await core.deps.pg.query(
    `INSERT INTO journal.trade_fills (id, account, symbol, side, quantity, price, executed_at)
     SELECT id::uuid, 'kill', 'MES', 'buy', 1, 5000, now() FROM unnest($1::text[]) u(id)`,
    [ids],
  )
  for (const id of ids) say(`ack ${id}`)
  if (random() < 0.5) {
    try {
      const r = await engine.syncNow(url)
      say(`synced ${r.pushed} ${r.pulled}`)
    } catch (err) {
      say(`sync-failed ${(err as Error).message}`)
    }
  }
}
