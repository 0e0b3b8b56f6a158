import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  listSummaryDtos,
  listSummaryStats,
  summariesAreCurrent,
} from '../../../db/repos/campaign-repo'
import { insertImportBatch, type FillInsert } from '../../../db/repos/fills-repo'
import { uuidv7 } from '../../../db/uuidv7'
import type { CampaignDto } from '../../../electron/core/contract/campaigns'
import { appendFills } from '../../../electron/core/handlers/append-fills'
import { computeCampaigns, regroupPulled } from '../../../electron/core/handlers/campaigns'
import { openTestCore, type TestCore } from '../../support/core'

// Stored campaign summaries against a recomputation from the ledger, after random sequences of
// every write path: imports (appendFills, as fills-import runs it), undos, regroups, context
// saves and sync pulls (rows applied the way a pulled page applies them, then the post-pull
// regroup). The recomputation is the read path from before summaries were stored.
const SEED = 20250110
const RUNS = 25

const SERIES = [
  { account: 'a', symbol: 'ACME', multiplier: 1, currency: 'USD' },
  { account: 'a', symbol: 'MESM5', multiplier: 5, currency: 'USD' },
  { account: 'b', symbol: 'ACME', multiplier: 1, currency: 'SEK' },
]

type FillSpec = {
  series: number
  qty: number
  priceCents: number
  feeCents: number
  minute: number
  isClosingMark: boolean
}

type Op =
  | { kind: 'import'; fills: FillSpec[] }
  | { kind: 'undo'; pick: number }
  | { kind: 'regroup'; accounts: string[] | null }
  | { kind: 'context'; pick: number; stopCents: number | null; strategy: string | null }
  | { kind: 'pull'; fills: FillSpec[] }
  | { kind: 'pull-undo'; pick: number }

const fillArb: fc.Arbitrary<FillSpec> = fc.record({
  series: fc.integer({ min: 0, max: SERIES.length - 1 }),
  qty: fc.integer({ min: -5, max: 5 }).filter((q) => q !== 0),
  priceCents: fc.integer({ min: 100, max: 20_000 }),
  feeCents: fc.integer({ min: 0, max: 300 }),
  // Few minutes: ties and fills earlier than stored ones are common.
  minute: fc.integer({ min: 0, max: 30 }),
  // Now and then a fill the broker marks closing, which opens nothing when the series is flat.
  isClosingMark: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
})

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('import' as const),
      fills: fc.array(fillArb, { minLength: 1, maxLength: 8 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('regroup' as const),
      accounts: fc.option(fc.subarray(['a', 'b'], { minLength: 1 }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('context' as const),
      pick: fc.nat(),
      stopCents: fc.option(fc.integer({ min: 50, max: 20_000 }), { nil: null }),
      strategy: fc.option(fc.constantFrom('breakout', 'fade'), { nil: null }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pull' as const),
      fills: fc.array(fillArb, { minLength: 1, maxLength: 8 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pull-undo' as const), pick: fc.nat() }) },
)

const JOURNAL_TABLES = [
  'journal.campaign_checks',
  'journal.decision_contexts',
  'journal.campaign_fills',
  'journal.campaign_summaries',
  'journal.trade_fills',
  'journal.import_batches',
  'strategy.strategies',
]

describe('stored campaign summaries', () => {
  let core: TestCore
  beforeAll(async () => {
    core = await openTestCore()
    // The first read marks the (empty) summaries current; from then on only write paths keep
    // them, and the comparison below reads them without the read path's safety net.
    await core.value('campaigns-list', {})
    expect(await summariesAreCurrent(core.deps.pg)).toBe(true)
  })
  afterAll(async () => {
    await core.close()
  })

  function toInsert(spec: FillSpec, batchId: string, n: number): FillInsert {
    const s = SERIES[spec.series] ?? SERIES[0]
    if (!s) throw new Error('no series')
    return {
      id: uuidv7(),
      account: s.account,
      symbol: s.symbol,
      side: spec.qty > 0 ? 'buy' : 'sell',
      quantity: Math.abs(spec.qty),
      price: spec.priceCents / 100,
      fees: spec.feeCents / 100,
      multiplier: s.multiplier,
      executedAt: new Date(Date.UTC(2025, 0, 6, 14, spec.minute)).toISOString(),
      broker: 'test',
      assetType: 'stock',
      currency: s.currency,
      orderId: null,
      externalTradeId: `x-${batchId}-${n}`,
      contentHash: null,
      importBatchId: batchId,
      rawData: { openClose: spec.isClosingMark ? 'close' : null },
    }
  }

  async function liveFillIds(): Promise<string[]> {
    const result = await core.deps.pg.query<{ id: string }>(
      `SELECT f.id FROM journal.trade_fills f
         LEFT JOIN journal.import_batches b ON b.id = f.import_batch_id
        WHERE b.undone_at IS NULL ORDER BY f.executed_at, f.id`,
    )
    return result.rows.map((r) => r.id)
  }

  async function liveBatches(): Promise<string[]> {
    const result = await core.deps.pg.query<{ id: string }>(
      `SELECT id FROM journal.import_batches WHERE undone_at IS NULL ORDER BY id`,
    )
    return result.rows.map((r) => r.id)
  }

  async function apply(op: Op): Promise<void> {
    const { deps } = core
    switch (op.kind) {
      case 'import': {
        const batchId = uuidv7()
        const rows = op.fills.map((f, i) => toInsert(f, batchId, i))
        await deps.pg.transaction(async (tx) => {
          await insertImportBatch(tx, {
            id: batchId,
            fileName: 'p.csv',
            format: 'generic',
            account: null,
            fileSha256: batchId,
          })
          await appendFills(deps, tx, rows)
        })
        return
      }
      case 'undo': {
        const batches = await liveBatches()
        const batchId = batches[op.pick % Math.max(1, batches.length)]
        if (batchId) await core.value('import-undo', { batchId })
        return
      }
      case 'regroup':
        await core.value('campaigns-rebuild', op.accounts ? { accounts: op.accounts } : {})
        return
      case 'context': {
        const fills = await liveFillIds()
        const fillId = fills[op.pick % Math.max(1, fills.length)]
        if (!fillId) return
        await core.value('context-save', {
          fillId,
          contextType: 'entry',
          strategy: op.strategy,
          exitIntent: op.stopCents === null ? null : { stop: op.stopCents / 100 },
        })
        return
      }
      case 'pull': {
        // As a pulled page lands: another device's batch and its fills, written with the sync
        // capture quiet, in one transaction; then the regroup the engine runs after it.
        const batchId = uuidv7()
        const rows = op.fills.map((f, i) => toInsert(f, batchId, i))
        const changes: { sc: string; t: string; r: Record<string, unknown> }[] = [
          { sc: 'journal', t: 'import_batches', r: { id: batchId, undone_at: null } },
        ]
        await deps.pg.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO journal.import_batches (id, file_name, format, file_sha256)
             VALUES ($1, 'remote.csv', 'generic', $2)`,
            [batchId, batchId],
          )
          for (const r of rows) {
            await tx.query(
              `INSERT INTO journal.trade_fills (id, account, symbol, side, quantity, price, fees,
                 multiplier, executed_at, currency, external_trade_id, import_batch_id, raw_data)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)`,
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
                r.externalTradeId,
                r.importBatchId,
                JSON.stringify(r.rawData),
              ],
            )
            changes.push({
              sc: 'journal',
              t: 'trade_fills',
              r: { id: r.id, account: r.account, symbol: r.symbol },
            })
          }
        })
        await regroupPulled(deps, JSON.stringify(changes))
        return
      }
      case 'pull-undo': {
        // Another device undid an import: the batch row arrives stamped undone.
        const batches = await liveBatches()
        const batchId = batches[op.pick % Math.max(1, batches.length)]
        if (!batchId) return
        await deps.pg.query(`UPDATE journal.import_batches SET undone_at = now() WHERE id = $1`, [
          batchId,
        ])
        await regroupPulled(
          deps,
          JSON.stringify([
            { sc: 'journal', t: 'import_batches', r: { id: batchId, undone_at: 'now' } },
          ]),
        )
        return
      }
    }
  }

  it('equal a recomputation from the fills after any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
        await core.deps.pg.exec(`TRUNCATE ${JOURNAL_TABLES.join(', ')} CASCADE`)
        for (const op of ops) await apply(op)
        const stored = JSON.parse(await listSummaryDtos(core.deps.pg)) as CampaignDto[]
        const { campaigns: expected } = await computeCampaigns(core.deps.pg)
        expect(stored).toEqual(expected)
        // The columns the statistics read agree with the campaign they summarise.
        const columns = await listSummaryStats(core.deps.pg)
        expect(columns).toEqual(
          expected.map((c) => ({
            groupId: c.groupId,
            symbol: c.symbol,
            currency: c.currency,
            status: c.status,
            openedAt: c.openedAt,
            closedAt: c.closedAt,
            grossCents: c.grossPnl === null ? null : Math.round(c.grossPnl * 100),
            feesCents: Math.round(c.fees * 100),
            netCents: c.netPnl === null ? null : Math.round(c.netPnl * 100),
            strategy: c.strategy,
          })),
        )
      }),
      { seed: SEED, numRuns: RUNS },
    )
  }, 600_000)
})
