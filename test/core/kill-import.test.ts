// [KILL-3] imports. A journal process imports broker files (small ones and bulk ones of thousands
// of fills) and undoes some, until it is SIGKILLed at a random moment; then again, on the same
// data dir. Run under a CPU hog by `npm test` (test/support/kill-under-load.mjs). Afterwards every
// acknowledged import is stored whole, by batch id and checksum of its fills, every acknowledged
// undo holds, no import is half written, and the stored campaigns (membership and summaries)
// equal a regrouping of the ledger from scratch.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allSummaries } from '../../db/repos/campaign-summary-repo'
import { openCore } from '../../electron/core/core'
import { summarize } from '../../electron/core/domain/journal/campaigns/summary'
import { computeCampaigns } from '../../electron/core/services/journal/campaigns'
import { fillsDigest, type KillFill } from './support/import-kill-digest'

const WRITER = join(import.meta.dirname, 'support', 'import-kill-writer.ts')
const KILLS = 12

function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

type Run = {
  acked: Map<string, { fills: number; digest: string }>
  undone: Set<string>
  /** The kill came while an import or undo was under way (begun, not acknowledged). */
  isMidWrite: boolean
}

/** Runs the writer until it is killed `delayMs` after it says `ready`. */
function runWriter(dataDir: string, seed: number, delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(seed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const run: Run = { acked: new Map(), undone: new Set(), isMidWrite: false }
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const [word, id, fills, digest] = line.split(' ')
      if (word === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs)
      else if (word === 'begin') run.isMidWrite = true
      else if (word === 'ack' && id && fills && digest) {
        run.acked.set(id, { fills: Number(fills), digest })
        run.isMidWrite = false
      } else if (word === 'undone' && id) {
        run.undone.add(id)
        run.isMidWrite = false
      }
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(run)
      else reject(new Error(`writer exited with ${code ?? signal}: ${stderr}`))
    })
  })
}

let dataDir: string
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'edgebook-kill-import-'))
})
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

describe('import kill test', () => {
  it(`[KILL-3] every import and undo acknowledged before ${KILLS} SIGKILLs is stored whole, and the campaigns equal a regrouping from scratch`, async () => {
    const rng = seeded(7)
    const acked = new Map<string, { fills: number; digest: string }>()
    const undone = new Set<string>()
    let midWrite = 0
    for (let i = 0; i < KILLS; i++) {
      const run = await runWriter(dataDir, i + 1, 500 + rng() * 5000)
      for (const [id, v] of run.acked) acked.set(id, v)
      for (const id of run.undone) undone.add(id)
      if (run.isMidWrite) midWrite += 1
    }
    // The kills must land inside writes, and some writes must have been acknowledged.
    expect(midWrite).toBeGreaterThanOrEqual(KILLS / 2)
    expect(acked.size).toBeGreaterThan(0)

    const core = await openCore({ dataDir })
    try {
      const pg = core.pg
      // Acknowledged imports: every fill there, unchanged, once.
      for (const [batchId, want] of acked) {
        const rows = await pg.query<{
          account: string
          symbol: string
          side: 'buy' | 'sell'
          qty: number
          price: number
          ms: number
          exec_id: string
          fees: number
        }>(
          `SELECT account, symbol, side, quantity::float8 AS qty, price::float8 AS price,
                  (extract(epoch FROM executed_at) * 1000)::float8 AS ms,
                  external_trade_id AS exec_id, fees::float8 AS fees
             FROM journal.trade_fills WHERE import_batch_id = $1`,
          [batchId],
        )
        const fills: KillFill[] = rows.rows.map((r) => ({
          account: r.account,
          symbol: r.symbol,
          side: r.side,
          qty: r.qty,
          price: r.price,
          time: new Date(r.ms).toISOString(),
          execId: r.exec_id,
          fees: r.fees,
        }))
        expect(fills.length, `import ${batchId}`).toBe(want.fills)
        expect(fillsDigest(fills), `import ${batchId}`).toBe(want.digest)
      }
      // Acknowledged undos hold.
      const undoneRows = await pg.query<{ id: string }>(
        `SELECT id::text AS id FROM journal.import_batches WHERE undone_at IS NOT NULL`,
      )
      const stored = new Set(undoneRows.rows.map((r) => r.id))
      expect([...undone].filter((id) => !stored.has(id))).toEqual([])
      // No import is half written, acknowledged or not: each batch holds the fills it counted.
      const partial = await pg.query<{ id: string }>(
        `SELECT b.id::text AS id FROM journal.import_batches b
           LEFT JOIN journal.trade_fills f ON f.import_batch_id = b.id
          GROUP BY b.id, b.inserted_count HAVING count(f.id) <> b.inserted_count`,
      )
      expect(partial.rows).toEqual([])

      // The stored campaigns equal a regrouping of the live ledger from scratch.
      await core.registry.invoke('campaigns-list', { limit: 1 })
      const computed = await computeCampaigns(core.deps.db)
      const currencyOf = new Map(computed.fills.map((f) => [f.id, f.currency]))
      const byId = <T extends { groupId: string }>(rows: T[]) =>
        [...rows].sort((x, y) => (x.groupId < y.groupId ? -1 : 1))
      expect(byId(await allSummaries(core.deps.db, {}))).toEqual(
        byId(computed.raw.map((c) => summarize(c, currencyOf.get(c.groupId) ?? 'USD'))),
      )
      const pairs = await pg.query<{ g: string; f: string }>(
        `SELECT group_id::text AS g, fill_id::text AS f FROM journal.campaign_fills`,
      )
      const storedPairs = pairs.rows.map((r) => `${r.g}/${r.f}`).sort()
      const wantPairs = computed.raw.flatMap((c) => c.fillIds.map((f) => `${c.groupId}/${f}`))
      expect(storedPairs).toEqual(wantPairs.sort())
    } finally {
      await core.close()
    }
  }, 3_600_000)
})
