import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BULK_LOAD_MIN_ROWS } from '../../../db/repos/bulk-load'
import { insertImportBatch, type FillInsert } from '../../../db/repos/fills-repo'
import { uuidv7 } from '../../../db/uuidv7'
import { allSummaries } from '../../../db/repos/campaign-summary-repo'
import { summarize } from '../../../electron/core/domain/journal/campaigns/summary'
import {
  appendFills,
  OFF_THREAD_MIN_FILLS,
} from '../../../electron/core/services/journal/append-fills'
import { computeCampaigns } from '../../../electron/core/services/journal/campaigns'
import { openTestCore, type TestCore } from '../../support/core'

// mulberry32: the same fills on every run.
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Fills that walk positions back to flat, add, and cross zero, over the given accounts and
 * symbols; one in five shares its execution time with the previous fill (ties go by id).
 */
function makeFills(
  count: number,
  opts: { seed: number; accounts: string[]; symbols: string[]; startMs: number; tag: string },
): FillInsert[] {
  const random = rng(opts.seed)
  const batch = uuidv7()
  const position = new Map<string, number>()
  const rows: FillInsert[] = []
  let at = opts.startMs
  for (let i = 0; i < count; i++) {
    const account = opts.accounts[Math.floor(random() * opts.accounts.length)] ?? 'A'
    const symbol = opts.symbols[Math.floor(random() * opts.symbols.length)] ?? 'S'
    const key = `${account}|${symbol}`
    const pos = position.get(key) ?? 0
    const size = 1 + Math.floor(random() * 4)
    const signed =
      pos !== 0 && random() < 0.6
        ? -Math.sign(pos) * (Math.abs(pos) + (random() < 0.15 ? size : 0))
        : (random() < 0.5 ? 1 : -1) * size
    position.set(key, pos + signed)
    if (random() >= 0.2) at += 1000
    rows.push({
      id: uuidv7(),
      account,
      symbol,
      side: signed > 0 ? 'buy' : 'sell',
      quantity: Math.abs(signed),
      price: 100 + Math.round(random() * 500) / 100,
      fees: 0.35,
      multiplier: 1,
      executedAt: new Date(at).toISOString(),
      broker: 'test',
      assetType: 'stock',
      currency: 'USD',
      orderId: null,
      externalTradeId: `${opts.tag}-${i}`,
      contentHash: `${opts.tag}-${i}`,
      importBatchId: batch,
      rawData: { line: i + 2 },
    })
  }
  return rows
}

async function append(core: TestCore, rows: readonly FillInsert[]) {
  const batchId = rows[0]?.importBatchId ?? uuidv7()
  return core.deps.db.transaction(async (tx) => {
    await insertImportBatch(tx, {
      id: batchId,
      fileName: 'generated.csv',
      format: 'generic',
      account: null,
      fileSha256: batchId,
    })
    return appendFills(core.deps, tx, rows)
  })
}

async function memberships(core: TestCore): Promise<string[]> {
  const result = await core.pg.query<{ pair: string }>(
    `SELECT group_id::text || ' ' || fill_id::text AS pair FROM journal.campaign_fills ORDER BY 1`,
  )
  return result.rows.map((r) => r.pair)
}

/** Membership as a regroup of every series from the ledger alone stores it. */
async function regroupedFromLedger(core: TestCore): Promise<string[]> {
  await core.pg.query(`DELETE FROM journal.campaign_fills`)
  await core.value('campaigns-rebuild', {})
  return memberships(core)
}

/** Stored summaries against those a recomputation from the ledger gives, both by group id. */
async function summariesAgainstLedger(core: TestCore) {
  const byId = <T extends { groupId: string }>(rows: T[]) =>
    [...rows].sort((x, y) => (x.groupId < y.groupId ? -1 : 1))
  const computed = await computeCampaigns(core.deps.db)
  const currencyOf = new Map(computed.fills.map((f) => [f.id, f.currency]))
  return {
    stored: byId(await allSummaries(core.deps.db, {})),
    expected: byId(computed.raw.map((c) => summarize(c, currencyOf.get(c.groupId) ?? 'USD'))),
  }
}

async function indexDefinitions(core: TestCore): Promise<string[]> {
  const result = await core.pg.query<{ def: string }>(
    `SELECT indexdef AS def FROM pg_indexes
      WHERE schemaname = 'journal' AND tablename IN ('trade_fills', 'campaign_fills')
      ORDER BY indexname`,
  )
  return result.rows.map((r) => r.def)
}

describe('appendFills', () => {
  let core: TestCore
  let indexesBefore: string[]

  beforeAll(async () => {
    core = await openTestCore()
    indexesBefore = await indexDefinitions(core)
  })
  afterAll(async () => {
    await core.close()
  })

  it('groups a first import in memory exactly as a full rebuild from the ledger does', async () => {
    const rows = makeFills(BULK_LOAD_MIN_ROWS + 2000, {
      seed: 7,
      accounts: ['A1', 'A2'],
      symbols: ['AAA', 'BBB', 'CCC'],
      startMs: Date.UTC(2024, 0, 2, 14, 30),
      tag: 'first',
    })
    const { inserted, campaigns } = await append(core, rows)
    expect(inserted).toEqual(rows.map((r) => r.id))
    expect(campaigns.series).toBe(6)
    // Nothing was read back: every series was new.
    expect(campaigns.phasesMs.load).toBe(0)
    expect(campaigns.rows).toBeGreaterThan(rows.length)

    const stored = await memberships(core)
    expect(stored).toHaveLength(campaigns.rows)
    // The incremental check finds nothing to do, and a regroup from scratch stores the same.
    const check = await core.value('campaigns-rebuild', {})
    expect(check.series).toBe(0)
    // A bulk load of new series is grouped on the core's journal engine worker.
    expect(core.deps.jobs.journalPool.started).toBe(1)
    const { stored: summaries, expected } = await summariesAgainstLedger(core)
    expect(summaries).toHaveLength(campaigns.campaigns)
    expect(summaries).toEqual(expected)
    expect(await regroupedFromLedger(core)).toEqual(stored)
  })

  it('builds the dropped secondary indexes again, identical, and keeps the fill key enforced', async () => {
    expect(await indexDefinitions(core)).toEqual(indexesBefore)
    const orphan = await core.pg
      .query(`INSERT INTO journal.campaign_fills (group_id, fill_id) VALUES ($1, $1)`, [uuidv7()])
      .then(
        () => 'inserted',
        (e: unknown) => String(e),
      )
    expect(orphan).toMatch(/foreign key/)
    const role = await core.pg.query<{ v: string }>(
      `SELECT current_setting('session_replication_role') AS v`,
    )
    expect(role.rows[0]?.v).toBe('origin')
    // The ledger's foreign-key checks, quiet during the bulk load, are on again.
    const triggers = await core.pg.query<{ off: number }>(
      `SELECT count(*)::int AS off FROM pg_trigger
        WHERE tgrelid = 'journal.trade_fills'::regclass AND tgenabled = 'D'`,
    )
    expect(triggers.rows[0]?.off).toBe(0)
    const badAccount = await core.pg
      .query(
        `INSERT INTO journal.trade_fills (id, account_id, account, symbol, side, quantity, price,
           executed_at) VALUES ($1, $1, 'A1', 'AAA', 'buy', 1, 1, now())`,
        [uuidv7()],
      )
      .then(
        () => 'inserted',
        (e: unknown) => String(e),
      )
    expect(badAccount).toMatch(/foreign key/)
  })

  it('regroups stored series from their last flat point and new series in memory, in one go', async () => {
    const rows = makeFills(3000, {
      seed: 11,
      accounts: ['A1', 'A3'],
      symbols: ['AAA', 'DDD'],
      startMs: Date.UTC(2024, 5, 3, 14, 30),
      tag: 'second',
    })
    const { inserted, campaigns } = await append(core, rows)
    expect(inserted).toHaveLength(rows.length)
    // A1/AAA was stored; A1/DDD, A3/AAA and A3/DDD are new.
    expect(campaigns.series).toBeGreaterThanOrEqual(4)
    const stored = await memberships(core)
    expect(await regroupedFromLedger(core)).toEqual(stored)
  })

  it.each([
    { name: 'on the engine worker', isSkipping: false, accounts: ['B1', 'B2'] },
    { name: 'again after rows are skipped', isSkipping: true, accounts: ['C1', 'C2'] },
  ])(
    'groups a bulk load of new series in two currencies with broker markers $name as the ledger does',
    async ({ isSkipping, accounts }) => {
      const made = makeFills(OFF_THREAD_MIN_FILLS + 1500, {
        seed: 23,
        accounts,
        symbols: ['FFF', 'GGG'],
        startMs: Date.UTC(2024, 8, 2, 14, 30),
        tag: 'markers',
      })
      const rows = made.map((r, i) => {
        const previous = made[i - 1]
        return {
          ...r,
          currency: r.account === accounts[1] ? 'EUR' : 'USD',
          // Every 97th fill closes by the broker's word, opening-unknown when the series is flat.
          rawData: i % 97 === 0 ? { ...r.rawData, openClose: 'close' } : r.rawData,
          // A few rows repeat the previous row's account and execution id: the ledger skips them.
          ...(isSkipping && i % 1000 === 999 && previous
            ? { account: previous.account, externalTradeId: previous.externalTradeId }
            : {}),
        }
      })
      const { inserted, campaigns } = await append(core, rows)
      expect(inserted.length).toBe(rows.length - (isSkipping ? Math.floor(rows.length / 1000) : 0))
      expect(campaigns.series).toBe(4)
      expect(campaigns.fills).toBe(inserted.length)
      const { stored, expected } = await summariesAgainstLedger(core)
      expect(stored.filter((s) => s.currency === 'EUR').length).toBeGreaterThan(0)
      expect(stored.filter((s) => s.status === 'opening-unknown').length).toBeGreaterThan(0)
      expect(stored).toEqual(expected)
      expect(await regroupedFromLedger(core)).toEqual(await memberships(core))
    },
  )

  it('skips rows whose execution id or content hash is taken, in the ledger or earlier in the batch', async () => {
    const stored = await core.pg.query<{ id: string; account: string; ext: string }>(
      `SELECT id, account, external_trade_id AS ext FROM journal.trade_fills
        WHERE external_trade_id IS NOT NULL ORDER BY id LIMIT 1`,
    )
    const taken = stored.rows[0]
    if (!taken) throw new Error('no stored fill')
    const [a, b, c] = makeFills(3, {
      seed: 3,
      accounts: [taken.account],
      symbols: ['EEE'],
      startMs: Date.UTC(2024, 7, 1, 14, 30),
      tag: 'third',
    })
    if (!a || !b || !c) throw new Error('no fills')
    const rows: FillInsert[] = [
      { ...a, externalTradeId: taken.ext },
      b,
      { ...c, contentHash: b.contentHash },
    ]
    const before = await core.pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.trade_fills`,
    )
    const { inserted } = await append(core, rows)
    expect(inserted).toEqual([b.id])
    const after = await core.pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.trade_fills`,
    )
    expect(after.rows[0]?.n).toBe((before.rows[0]?.n ?? 0) + 1)
  })
})
