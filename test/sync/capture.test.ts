import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertImportBatch, type FillInsert } from '../../db/repos/fills-repo'
import { uuidv7 } from '../../db/uuidv7'
import { appendFills } from '../../electron/core/services/journal/append-fills'
import { openTestCore, type TestCore } from '../support/core'

function fills(count: number, tag: string): FillInsert[] {
  const batch = uuidv7()
  return Array.from({ length: count }, (_, i) => ({
    id: uuidv7(),
    account: 'cap',
    symbol: 'AAA',
    side: i % 2 === 0 ? 'buy' : 'sell',
    quantity: 1,
    price: 10,
    fees: 0,
    multiplier: 1,
    executedAt: new Date(Date.UTC(2025, 0, 6, 14, 30, i)).toISOString(),
    broker: 'test',
    assetType: 'stock',
    currency: 'USD',
    orderId: null,
    externalTradeId: `${tag}-${i}`,
    contentHash: null,
    importBatchId: batch,
    rawData: {},
  }))
}

type OutboxRow = { seq: number; table: string; pk: string; hlc: string; op: string }

describe('ledger capture', () => {
  let core: TestCore

  beforeAll(async () => {
    core = await openTestCore()
  })
  afterAll(async () => {
    await core.close()
  })

  async function write(rows: FillInsert[]): Promise<void> {
    await core.deps.db.transaction(async (tx) => {
      const first = rows[0]
      if (!first) return
      await insertImportBatch(tx, {
        id: first.importBatchId,
        fileName: 'capture.csv',
        format: 'generic',
        account: 'cap',
        fileSha256: first.importBatchId,
      })
      await appendFills(core.deps, tx, rows)
    })
  }

  async function outbox(): Promise<OutboxRow[]> {
    const result = await core.pg.query<{
      seq: string
      table: string
      pk: string
      hlc: string
      op: string
    }>(
      `SELECT o.seq::text AS seq, o.table_name AS table, o.pk, o.hlc, o.op
         FROM sync.sync_outbox o ORDER BY o.seq`,
    )
    return result.rows.map((r) => ({ ...r, seq: Number(r.seq) }))
  }

  it('queues one reference per fill with consecutive seqs, one clock per statement, no gaps', async () => {
    const first = fills(300, 'a')
    await write(first)
    const second = fills(5, 'b')
    await write(second)
    const all = await outbox()
    // Every captured change (the import batches too) has its own seq, with no gaps.
    const seqs = all.map((r) => r.seq)
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i))
    const rows = all.filter((r) => r.table === 'trade_fills')
    expect(rows.map((r) => r.pk).sort()).toEqual([...first, ...second].map((f) => f.id).sort())
    expect(rows.every((r) => r.op === 'ref')).toBe(true)
    // One tick per statement: the 300 share one clock, the 5 another, later one.
    const clocks = [...new Set(rows.map((r) => r.hlc))]
    expect(clocks).toHaveLength(2)
    expect(rows.slice(0, 300).every((r) => r.hlc === clocks[0])).toBe(true)
    // The sequence stands at the last seq used: the next capture continues right after it.
    const sequence = await core.pg.query<{ v: string }>(
      `SELECT last_value::text AS v FROM sync.sync_outbox_seq_seq`,
    )
    expect(Number(sequence.rows[0]?.v)).toBe(seqs[seqs.length - 1])
  })
})
