// Stored campaign summaries against a recomputation from the ledger: after any sequence of
// imports (new series, fills before, between and after stored ones, other currencies), undos,
// regroups and pulled fills, `campaign_summaries` holds exactly what FIFO grouping of the live
// fills gives, and the campaigns list and statistics read from it agree with that recomputation.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertImportBatch, type FillInsert } from '../../../db/repos/fills-repo'
import { allSummaries, markPulledPage } from '../../../db/repos/campaign-summary-repo'
import { uuidv7 } from '../../../db/uuidv7'
import { handleOf } from '../../../db/query'
import { summarize } from '../../../electron/core/domain/journal/campaigns/summary'
import { appendFills } from '../../../electron/core/services/journal/append-fills'
import { computeCampaigns } from '../../../electron/core/services/journal/campaigns'
import { openTestCore, type TestCore } from '../../support/core'
import { resetJournal } from '../../support/journal'

const ACCOUNTS = ['A', 'B']
const SYMBOLS = ['ES', 'NQ', 'aapl']
const DAY0 = Date.UTC(2025, 0, 6, 14, 30)

type FillSpec = {
  account: number
  symbol: number
  qty: number
  /** Minutes after DAY0: later imports may land before, between or after stored fills. */
  minute: number
  price: number
  isSek: boolean
  isClose: boolean
}

const fillSpec = fc.record({
  account: fc.integer({ min: 0, max: ACCOUNTS.length - 1 }),
  symbol: fc.integer({ min: 0, max: SYMBOLS.length - 1 }),
  qty: fc.integer({ min: -4, max: 4 }).filter((q) => q !== 0),
  minute: fc.integer({ min: 0, max: 240 }),
  price: fc.integer({ min: 9_000, max: 11_000 }),
  isSek: fc.boolean(),
  isClose: fc.boolean(),
})

type Action =
  | { kind: 'import'; fills: FillSpec[] }
  | { kind: 'undo'; pick: number }
  | { kind: 'rebuild'; all: boolean }
  | { kind: 'pull'; fills: FillSpec[] }

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('import' as const),
      fills: fc.array(fillSpec, { minLength: 1, maxLength: 12 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rebuild' as const), all: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('pull' as const),
      fills: fc.array(fillSpec, { minLength: 1, maxLength: 8 }),
    }),
  },
)

function toInsert(spec: FillSpec, batchId: string, n: number): FillInsert {
  return {
    id: uuidv7(),
    account: ACCOUNTS[spec.account] ?? 'A',
    symbol: SYMBOLS[spec.symbol] ?? 'ES',
    side: spec.qty > 0 ? 'buy' : 'sell',
    quantity: Math.abs(spec.qty),
    price: spec.price / 100,
    fees: 0.25,
    multiplier: 1,
    executedAt: new Date(DAY0 + spec.minute * 60_000).toISOString(),
    broker: 'test',
    assetType: 'future',
    // Some fills of one symbol in SEK: a campaign takes the currency of its first fill.
    currency: spec.isSek && spec.symbol === 2 ? 'SEK' : 'USD',
    orderId: null,
    externalTradeId: `p-${n}`,
    contentHash: null,
    importBatchId: batchId,
    // A broker's closing marker on a flat series opens an opening-unknown campaign.
    rawData: { openClose: spec.isClose && spec.qty < 0 ? 'close' : null },
  }
}

describe('stored campaign summaries', () => {
  let core: TestCore
  beforeAll(async () => {
    core = await openTestCore()
  })
  afterAll(async () => {
    await core.close()
  })

  async function run(actions: Action[]): Promise<void> {
    await resetJournal(core.pg)
    const batches: string[] = []
    let n = 0
    for (const a of actions) {
      if (a.kind === 'import') {
        const batchId = uuidv7()
        const rows = a.fills.map((f) => toInsert(f, batchId, n++))
        await core.deps.db.transaction(async (tx) => {
          await insertImportBatch(tx, {
            id: batchId,
            fileName: 'p.csv',
            format: 'generic',
            account: null,
            fileSha256: batchId,
          })
          await appendFills(core.deps, tx, rows)
        })
        batches.push(batchId)
      } else if (a.kind === 'undo') {
        const batchId = batches.splice(a.pick % Math.max(1, batches.length), 1)[0]
        if (batchId) await core.value('import-undo', { batchId })
      } else if (a.kind === 'rebuild') {
        await core.value('campaigns-rebuild', a.all ? {} : { accounts: ['A'] })
      } else {
        // A pulled page: the rows land in the ledger as the sync apply writes them, and the
        // page's change list marks their series, in one transaction.
        const rows = a.fills.map((f) => toInsert(f, '', n++))
        await core.pg.transaction(async (tx) => {
          for (const r of rows) {
            await tx.query(
              `INSERT INTO journal.trade_fills (id, account, symbol, side, quantity, price, fees,
                 multiplier, executed_at, currency, source, raw_data)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'sync', $11::jsonb)`,
              [
                r.id,
                r.account,
                r.symbol,
                r.side,
                r.quantity,
                r.price,
                r.fees,
                r.multiplier,
                r.executedAt,
                r.currency,
                JSON.stringify(r.rawData),
              ],
            )
          }
          const changes = rows.map((r) => ({
            sc: 'journal',
            t: 'trade_fills',
            k: r.id,
            o: 'insert',
            r: { id: r.id, account: r.account, symbol: r.symbol },
          }))
          await markPulledPage(handleOf(tx), JSON.stringify(changes))
        })
      }
    }

    // What the reads serve (they first regroup what a pull marked) against the ledger.
    const listed = await core.campaigns({})
    const stored = await allSummaries(core.deps.db, {})
    const computed = await computeCampaigns(core.deps.db)
    const currencyOf = new Map(computed.fills.map((f) => [f.id, f.currency]))
    const expected = computed.raw.map((c) => summarize(c, currencyOf.get(c.groupId) ?? 'USD'))
    const byId = <T extends { groupId: string }>(rows: T[]) =>
      [...rows].sort((x, y) => (x.groupId < y.groupId ? -1 : 1))
    expect(byId(stored)).toEqual(byId(expected))
    expect(listed.map((c) => c.groupId)).toEqual(computed.campaigns.map((c) => c.groupId))
    for (const [i, row] of listed.entries()) {
      const { fillIds, legs: _legs, ...whole } = computed.campaigns[i] ?? { fillIds: [], legs: [] }
      expect(row).toEqual({ ...whole, fillCount: fillIds.length })
    }
    // Statistics of each currency, summed from the recomputation in cents.
    for (const currency of new Set(computed.campaigns.map((c) => c.currency))) {
      const stats = await core.value('journal-stats', { currency, timeZone: 'UTC' })
      const mine = computed.campaigns.filter((c) => c.currency === currency)
      const closed = mine.filter((c) => c.status === 'closed')
      const cents = closed.reduce((s, c) => s + Math.round((c.netPnl ?? 0) * 100), 0)
      expect(stats).toMatchObject({
        campaigns: mine.length,
        closed: closed.length,
        open: mine.filter((c) => c.status === 'open').length,
        openingUnknown: mine.filter((c) => c.status === 'opening-unknown').length,
        netPnl: cents / 100,
      })
    }
  }

  it('equal a recomputation from the ledger after imports, undos, regroups and pulls', async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 7 }), run), {
      numRuns: 40,
    })
  }, 600_000)
})
