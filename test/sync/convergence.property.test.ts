import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packHlc } from '../../electron/core/domain/sync/hlc'
import { openDevice, resetDevice, type Device } from './support/world'

// Replicas applying the same remote changes in different orders, pages and with duplicates
// must end identical, and equal to the model: per row, the change with the highest HLC.

const SEED = 5_122_026
const ENTRY_IDS = [
  '01900000-0000-7000-8000-000000000001',
  '01900000-0000-7000-8000-000000000002',
  '01900000-0000-7000-8000-000000000003',
]

type Op =
  | {
      kind: 'entry'
      id: string
      isDelete: boolean
      content: string
      hlc: string
      ka: number
      kb: number
    }
  | { kind: 'fill'; id: string; hlc: string; ka: number; kb: number }

const hlcArb = fc
  .record({
    wallMs: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_050 }),
    counter: fc.integer({ min: 0, max: 3 }),
    device: fc.constantFrom('dev-a', 'dev-b', 'dev-c'),
  })
  .map(packHlc)

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('entry' as const),
    id: fc.constantFrom(...ENTRY_IDS),
    isDelete: fc.boolean(),
    content: fc.string({ maxLength: 8 }),
    hlc: hlcArb,
    ka: fc.double({ noNaN: true }),
    kb: fc.double({ noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('fill' as const),
    id: fc.uuid({ version: 7 }),
    hlc: hlcArb,
    ka: fc.double({ noNaN: true }),
    kb: fc.double({ noNaN: true }),
  }),
)

function toChange(op: Op): Record<string, unknown> {
  if (op.kind === 'fill')
    return {
      sc: 'journal',
      t: 'trade_fills',
      k: op.id,
      h: op.hlc,
      b: null,
      o: 'put',
      r: {
        id: op.id,
        account: 'prop',
        symbol: 'ES',
        side: 'buy',
        quantity: 1,
        price: 5000,
        fees: 0,
        multiplier: 50,
        executed_at: '2026-01-02T14:30:00+00:00',
        currency: 'USD',
        created_at: '2026-01-02T14:30:00+00:00',
      },
    }
  return {
    sc: 'journal',
    t: 'journal_entries',
    k: op.id,
    h: op.hlc,
    b: null,
    o: op.isDelete ? 'del' : 'put',
    r: {
      id: op.id,
      date: '2026-01-02',
      entry_type: 'daily',
      content: op.content,
      tags: [],
      created_at: '2026-01-02T14:30:00+00:00',
      updated_at: '2026-01-02T14:30:00+00:00',
    },
  }
}

async function deliver(d: Device, ops: Op[], pageSize: number): Promise<void> {
  for (let i = 0; i < ops.length; i += pageSize) {
    const page = JSON.stringify(ops.slice(i, i + pageSize).map(toChange))
    await d.core.pg.transaction(async (tx) => {
      await tx.query(
        `SELECT set_config('edgebook.applying', 'on', true),
                set_config('session_replication_role', 'replica', true)`,
      )
      await tx.query('SELECT sync.apply_changes($1::jsonb)', [page])
    })
  }
}

async function state(d: Device): Promise<string[]> {
  const res = await d.core.pg.query<{ s: string }>(
    `SELECT 'e:' || id || ':' || content AS s FROM journal.journal_entries
     UNION ALL SELECT 'f:' || id FROM journal.trade_fills ORDER BY 1`,
  )
  return res.rows.map((r) => r.s)
}

/** The model: each entry holds its highest-HLC change (absent when that is a delete). */
function expected(ops: Op[]): string[] {
  const out: string[] = []
  const fills = new Set<string>()
  const best = new Map<string, Extract<Op, { kind: 'entry' }>>()
  for (const op of ops) {
    if (op.kind === 'fill') fills.add(op.id)
    else {
      const cur = best.get(op.id)
      // Equal HLCs come from one write of one device: the tests never mint two different ones.
      if (!cur || op.hlc > cur.hlc) best.set(op.id, op)
    }
  }
  for (const id of fills) out.push(`f:${id}`)
  for (const [id, op] of best) if (!op.isDelete) out.push(`e:${id}:${op.content}`)
  return out.sort()
}

let a: Device
let b: Device
beforeAll(async () => {
  a = await openDevice()
  b = await openDevice()
})
afterAll(async () => {
  await a?.close()
  await b?.close()
})

describe('sync convergence (property)', () => {
  it('[PROP-1] converges whatever the order, paging and duplication of arriving changes', async () => {
    const uniqueHlc = (ops: Op[]) => new Set(ops.map((o) => o.hlc)).size === ops.length
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 24 }).filter(uniqueHlc),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 4 }),
        async (ops, pageA, pageB, dupes) => {
          await resetDevice(a)
          await resetDevice(b)
          const orderA = [...ops].sort((x, y) => x.ka - y.ka)
          const orderB = [...ops].sort((x, y) => x.kb - y.kb)
          // Some changes arrive twice on b (a re-delivered page).
          const withDupes = [...orderB, ...orderB.slice(0, dupes)]
          await deliver(a, orderA, pageA)
          await deliver(b, withDupes, pageB)
          const [sa, sb] = [await state(a), await state(b)]
          expect(sb).toEqual(sa)
          expect(sa).toEqual(expected(ops))
        },
      ),
      { seed: SEED, numRuns: 100 },
    )
  }, 240_000)
})
