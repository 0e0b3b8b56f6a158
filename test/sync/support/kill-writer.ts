// A device process for the kill tests: writes fills and syncs in a loop until it is killed.
// After each insert commits it prints `ack <id> <checksum>` for every fill, with a synchronous
// write, so the parent knows exactly which rows were acknowledged before the kill, and what.
//   kill-writer DATA_DIR URL SEED [small|bulk]
// small: 1–12 fills a statement (one outbox 'ref' row each). bulk: half the statements carry
// 1000–1400 fills (queued as 'refs' ranges), the rest 1–12.
import { writeSync } from 'node:fs'
import { uuidv7 } from '../../../db/uuidv7'
import { openCore } from '../../../electron/core/core'
import { SyncEngine } from '../../../electron/core/sync/engine'
import { FILL_CHECKSUM_SQL } from './kill-checksum'

const [dataDir, url, seedText, mode = 'small'] = process.argv.slice(2)
if (!dataDir || !url) throw new Error('usage: kill-writer DATA_DIR URL SEED [small|bulk]')
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
await core.pg.exec(`SET TimeZone = 'UTC'`)
// Small batches and pages: a round is many round trips, so kills land inside push and pull.
const size = mode === 'bulk' ? 200 : 10
const engine = new SyncEngine(core.deps, { batchSize: size, pageSize: size })
say('ready')
for (;;) {
  const n =
    mode === 'bulk' && random() < 0.5
      ? 1000 + Math.floor(random() * 400)
      : 1 + Math.floor(random() * 12)
  const ids = Array.from({ length: n }, () => uuidv7())
  const res = await core.pg.query<{ id: string; c: string }>(
    `WITH ins AS (
       INSERT INTO journal.trade_fills (id, account, symbol, side, quantity, price, executed_at)
       SELECT id::uuid, 'kill', 'MES', CASE WHEN i % 2 = 0 THEN 'buy' ELSE 'sell' END, 1 + i % 5,
         5000 + i * 0.25, now() - i * interval '1 second'
       FROM unnest($1::text[]) WITH ORDINALITY u(id, i)
       RETURNING *)
     SELECT id::text AS id, ${FILL_CHECKSUM_SQL} AS c FROM ins t`,
    [ids],
  )
  // One write for the whole statement: a kill cannot split one line, and acks stay cheap.
  say(res.rows.map((r) => `ack ${r.id} ${r.c}`).join('\n'))
  if (random() < 0.5) {
    try {
      const r = await engine.syncNow(url)
      say(`synced ${r.pushed} ${r.pulled}`)
    } catch (err) {
      say(`sync-failed ${(err as Error).message}`)
    }
  }
}
