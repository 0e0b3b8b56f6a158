import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseCsv } from '../../../electron/core/domain/journal/import/index'
import { uuidv7 } from '../../../db/uuidv7'
import { openTestCore, type TestCore } from '../../support/core'
import { parsedFill, parseSample, storeFills } from '../../support/store-fills'
import { resetJournal } from '../../support/journal'

function samplePath(name: string): string {
  return resolve(import.meta.dirname, '../../fixtures/broker-samples', name)
}

/** An IBKR sample's data rows by line, each a map from lower-case header name to cell. */
function sampleRows(name: string): Map<number, Map<string, string>> {
  const csv = parseCsv(readFileSync(samplePath(name), 'utf8'), ',')
  if (!csv.ok) throw new Error(csv.error.message)
  const out = new Map<number, Map<string, string>>()
  let header: string[] = []
  for (const row of csv.rows) {
    if (row.fields[1] === 'Header') header = row.fields.map((f) => f.trim().toLowerCase())
    else out.set(row.line, new Map(header.map((h, i) => [h, row.fields[i]?.trim() ?? ''])))
  }
  return out
}

describe('campaigns channels', () => {
  let core: TestCore
  beforeAll(async () => {
    core = await openTestCore()
  })
  afterAll(async () => {
    await core.close()
  })
  beforeEach(async () => {
    await resetJournal(core.pg)
  })

  async function membershipRows(): Promise<{ group_id: string; fill_id: string }[]> {
    const result = await core.pg.query<{ group_id: string; fill_id: string }>(
      `SELECT group_id, fill_id FROM journal.campaign_fills ORDER BY group_id, fill_id`,
    )
    return result.rows
  }

  it('reproduces the thinkorswim statement P/L Day to the cent', async () => {
    const parsed = parseSample('thinkorswim-account-statement-2022-06-21.csv')
    const stated = parsed.statedTotals.find((t) => t.label === 'P/L Day' && t.symbol === null)
    expect(stated?.amount).toBe(99)
    await storeFills(core.pg, parsed.fills)
    const rebuilt = await core.value('campaigns-rebuild', {})
    expect(rebuilt).toMatchObject({ series: 1, fills: parsed.fills.length })
    const stats = await core.value('journal-stats', {})
    expect(stats.netPnl).toBe(stated?.amount)
    expect(stats).toMatchObject({ open: 0, openingUnknown: 0, campaigns: stats.closed })
    const campaigns = await core.campaigns({})
    expect(campaigns).toHaveLength(rebuilt.campaigns)
    // Every fill sits in a campaign; zero-crossing fills in two.
    const memberships = campaigns.reduce((n, c) => n + c.fillCount, 0)
    expect(rebuilt.rows).toBe(memberships)
    expect(await membershipRows()).toHaveLength(memberships)
  })

  it('reproduces the IBKR realised P/L per currency, lots opened before the statement included', async () => {
    const name = 'ibkr-activity-trades-multi-currency-options.csv'
    const parsed = parseSample(name)
    const first = await core.value('fills-import', { path: samplePath(name) })
    expect([first.fills, first.duplicates]).toEqual([parsed.fills.length, 0])
    // The openings of HMBs (2018) and UNIT (2017) predate the statement; its ClosedLot rows
    // give them, so every campaign closes.
    const campaigns = await core.campaigns({})
    for (const total of parsed.statedTotals) {
      const mine = campaigns.filter((c) => c.symbol === total.symbol)
      expect(mine.length).toBeGreaterThan(0)
      expect(mine.every((c) => c.status === 'closed' && c.currency === total.currency)).toBe(true)
    }
    expect(campaigns.every((c) => c.status === 'closed')).toBe(true)
    // UNIT's Realized P/L also holds the premium of the call assigned against it (code A),
    // whose fills are not in the file: the importer warns, and the premium is read off that row.
    const rows = sampleRows(name)
    const premium = (currency: string): number =>
      first.warnings
        .filter((w) => w.code === 'stated-pnl-differs')
        .map((w) => rows.get(w.line) ?? new Map<string, string>())
        .filter((row) => row.get('currency') === currency)
        .reduce((sum, row) => {
          const n = (k: string): number => Number(row.get(k))
          return sum + n('realized p/l') - n('proceeds') - n('comm/fee') - n('basis')
        }, 0)
    expect(premium('SEK')).toBe(0)
    expect(premium('USD')).not.toBe(0)
    const currencies = [...new Set(parsed.statedTotals.map((t) => t.currency))].sort()
    expect(currencies).toEqual(['SEK', 'USD'])
    for (const currency of currencies) {
      const stated = parsed.statedTotals
        .filter((t) => t.currency === currency && t.symbol !== null)
        .reduce((sum, t) => sum + t.amount, 0)
      const stats = await core.value('journal-stats', { currency })
      expect(stats).toMatchObject({
        closed: campaigns.filter((c) => c.currency === currency).length,
        openingUnknown: 0,
      })
      expect(stats.netPnl).toBeCloseTo(stated - premium(currency), 2)
    }
    // The ledger tells rebuilt openings from executions.
    const origins = await core.pg.query<{ origin: string; n: number }>(
      `SELECT raw_data->>'origin' AS origin, count(*)::int AS n
         FROM journal.trade_fills GROUP BY 1 ORDER BY 1`,
    )
    const rebuilt = parsed.fills.filter((f) => f.origin === 'closed-lot').length
    expect(rebuilt).toBeGreaterThan(0)
    expect(origins.rows).toEqual([
      { origin: 'closed-lot', n: rebuilt },
      { origin: 'execution', n: parsed.fills.length - rebuilt },
    ])
    const again = await core.value('fills-import', { path: samplePath(name) })
    expect([again.fills, again.duplicates]).toEqual([0, parsed.fills.length])
  })

  it('keeps an IBKR close the statement gives no lot for opening-unknown, with no P&L', async () => {
    const file = resolve(
      import.meta.dirname,
      '../../fixtures/ibkr-activity-close-without-closed-lots.csv',
    )
    const imported = await core.value('fills-import', { path: file })
    expect(imported.warnings.map((w) => w.code)).toEqual(['opening-unknown'])
    const campaigns = await core.campaigns({})
    expect(campaigns.map((c) => [c.status, c.netPnl])).toEqual([['opening-unknown', null]])
    const stats = await core.value('journal-stats', { currency: 'USD' })
    expect(stats).toMatchObject({ closed: 0, openingUnknown: 1, netPnl: 0 })
  })

  it('matches the Tradovate performance report', async () => {
    const parsed = parseSample('tradovate-performance.csv')
    await storeFills(core.pg, parsed.fills)
    // Fills written straight into the ledger reach the stored campaigns by a regroup.
    await core.value('campaigns-rebuild', {})
    const stated = parsed.statedTotals.find((t) => t.symbol === null)
    const stats = await core.value('journal-stats', {})
    expect(stats.netPnl).toBe(stated?.amount)
  })

  it('stores a zero-crossing fill in both campaigns and lists them with split costs', async () => {
    const ids = await storeFills(core.pg, [
      parsedFill({ qty: 1, price: 100, executedAt: '2025-01-06T14:30:00Z' }),
      parsedFill({ qty: -3, price: 103, commission: 3, executedAt: '2025-01-06T14:31:00Z' }),
      parsedFill({ qty: 2, price: 101, executedAt: '2025-01-06T14:32:00Z' }),
    ])
    const [a = '', b = '', c = ''] = ids
    await core.value('campaigns-rebuild', {})
    const expected = [
      { group_id: a, fill_id: a },
      { group_id: a, fill_id: b },
      { group_id: b, fill_id: b },
      { group_id: b, fill_id: c },
    ]
    expected.sort((x, y) => (x.group_id + x.fill_id < y.group_id + y.fill_id ? -1 : 1))
    expect(await membershipRows()).toEqual(expected)
    const campaigns = await core.campaigns({ account: 'acc' })
    expect(campaigns.map((x) => [x.side, x.grossPnl, x.fees, x.netPnl])).toEqual([
      ['long', 3, 1, 2],
      ['short', 4, 2, 2],
    ])
  })

  it('rebuilds only the series it is asked for, and is idempotent', async () => {
    await storeFills(core.pg, [
      parsedFill({ account: 'x', qty: 1 }),
      parsedFill({ account: 'x', qty: -1, executedAt: '2025-01-06T15:00:00Z' }),
      parsedFill({ account: 'y', qty: 2 }),
    ])
    await core.value('campaigns-rebuild', {})
    const before = await membershipRows()
    const again = await core.value('campaigns-rebuild', { accounts: ['y'] })
    expect(again).toMatchObject({ series: 0, campaigns: 0, fills: 0, inserted: 0, deleted: 0 })
    expect(await membershipRows()).toEqual(before)
    // A new fill after a flat point replays only from there: the closed campaign is kept.
    await storeFills(core.pg, [
      parsedFill({ account: 'x', qty: 1, executedAt: '2025-01-06T16:00:00Z' }),
    ])
    const grown = await core.value('campaigns-rebuild', { accounts: ['x'] })
    expect(grown).toMatchObject({ series: 1, campaigns: 1, fills: 1, inserted: 1, deleted: 0 })
  })

  it('regroups incrementally exactly as a full rebuild would', async () => {
    // Seeded random fills in several imports, some out of time order, some flipping through
    // zero, some marked closing from flat; then an undo-like removal through a correction.
    let seed = 7
    const random = () => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    const position = new Map<string, number>()
    const batch = (n: number, dayOffset: number) =>
      Array.from({ length: n }, () => {
        const account = random() < 0.5 ? 'p' : 'q'
        const symbol = random() < 0.5 ? 'AAA' : 'BBB'
        const key = `${account}|${symbol}`
        const pos = position.get(key) ?? 0
        const size = 1 + Math.floor(random() * 3)
        const qty =
          pos !== 0 && random() < 0.6
            ? -Math.sign(pos) * (Math.abs(pos) + (random() < 0.3 ? size : 0))
            : (random() < 0.5 ? 1 : -1) * size
        position.set(key, pos + qty)
        const minute = Math.floor(random() * 120)
        return parsedFill({
          account,
          symbol,
          qty,
          price: 10 + Math.round(random() * 500) / 100,
          commission: Math.round(random() * 100) / 100,
          openClose: pos === 0 && random() < 0.1 ? 'close' : null,
          executedAt: new Date(Date.UTC(2025, 0, 6 + dayOffset, 14, minute)).toISOString(),
        })
      })
    let stored = 0
    let replayed = 0
    for (const [n, day] of [
      [40, 0],
      [30, 1],
      [25, 0],
      [30, 2],
      [20, 3],
    ] as const) {
      await storeFills(core.pg, batch(n, day))
      stored += n
      const step = await core.value('campaigns-rebuild', {
        accounts: ['p', 'q'],
        symbols: ['AAA', 'BBB'],
      })
      replayed += step.fills
    }
    // The later imports reused what was flat before them instead of replaying everything.
    expect(replayed).toBeLessThan(40 + 70 + 95 + 125 + stored)
    const incremental = await membershipRows()
    await core.pg.exec('TRUNCATE journal.campaign_fills')
    const full = await core.value('campaigns-rebuild', {})
    expect(await membershipRows()).toEqual(incremental)
    expect(full.rows).toBe(incremental.length)
    // A later rebuild with nothing new touches nothing.
    const idle = await core.value('campaigns-rebuild', {})
    expect(idle).toMatchObject({ series: 0, inserted: 0, deleted: 0 })
  })

  it('leaves out fills of an undone import and fills that were corrected', async () => {
    const batch = uuidv7()
    await core.pg.query(
      `INSERT INTO journal.import_batches (id, file_name, format, undone_at)
       VALUES ($1, 'old.csv', 'generic', now())`,
      [batch],
    )
    const [kept, wrong] = await storeFills(core.pg, [
      parsedFill({ qty: 1, price: 10 }),
      parsedFill({ qty: -1, price: 99, executedAt: '2025-01-06T15:00:00Z' }),
    ])
    const inBatch = uuidv7()
    await core.pg.query(
      `INSERT INTO journal.trade_fills (id, account, symbol, side, quantity, price, executed_at, import_batch_id)
       VALUES ($1, 'acc', 'ACME', 'buy', 7, 1, '2025-01-06T16:00:00Z', $2)`,
      [inBatch, batch],
    )
    const fix = uuidv7()
    await core.pg.query(
      `INSERT INTO journal.trade_fills (id, account, symbol, side, quantity, price, executed_at, corrects_fill_id)
       VALUES ($1, 'acc', 'ACME', 'sell', 1, 12, '2025-01-06T15:00:00Z', $2)`,
      [fix, wrong],
    )
    // Rows written straight into the ledger reach the stored campaigns by a regroup.
    await core.value('campaigns-rebuild', {})
    const campaigns = await core.campaigns({})
    const details = await Promise.all(
      campaigns.map((c) => core.value('campaigns-get', { groupId: c.groupId })),
    )
    const ids = details.flatMap((d) => d.campaign.fillIds)
    expect(ids).toContain(kept)
    expect(ids).toContain(fix)
    expect(ids).not.toContain(wrong)
    expect(ids).not.toContain(inBatch)
    const closed = campaigns.find((c) => c.groupId === kept)
    expect(closed).toMatchObject({ status: 'closed', grossPnl: 2 })
  })

  it('gets one campaign with its fills, and answers not-found for an unknown id', async () => {
    const [a] = await storeFills(core.pg, [
      parsedFill({ qty: 2, price: 10 }),
      parsedFill({ qty: -2, price: 11, executedAt: '2025-01-06T15:00:00Z' }),
    ])
    if (!a) throw new Error('no fill')
    const detail = await core.value('campaigns-get', { groupId: a })
    expect(detail.campaign).toMatchObject({ groupId: a, grossPnl: 2, currency: 'USD' })
    expect(detail.fills.map((f) => f.qty)).toEqual([2, -2])
    expect(detail.contexts).toEqual([])
    const missing = await core.call('campaigns-get', { groupId: uuidv7() })
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(missing.error.code).toBe('not-found')
    const bad = await core.call('campaigns-get', { groupId: 'nope' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.code).toBe('invalid-input')
  })
})
