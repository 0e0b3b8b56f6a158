import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FILL_SORTS, type FillDto, type FillSort } from '../../../electron/core/contract/fills'
import { openTestCore, type TestCore } from '../../support/core'
import { resetJournal } from '../../support/journal'
import { parsedFill, storeFills } from '../../support/store-fills'

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

// A seeded generator (mulberry32): the same fills on every run.
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ACCOUNTS = ['Sim101', 'SIM-202', 'Live_1']
const SYMBOLS = ['NVDA', 'ANVX', 'MNQ MAR25', 'NQ MAR25', 'aapl']
const BROKERS = ['ninjatrader8', 'tastytrade', 'IBKR']
const TIMES = ['2025-01-06T14:30:00.000Z', '2025-01-06T15:00:00.000Z', '2025-01-07T14:30:00.000Z']

/**
 * 60 fills whose every sort key repeats (few times, prices, fees, sizes), so each order has ties
 * that only execution time and id break.
 */
async function storeMany(count = 60): Promise<void> {
  const random = rng(7)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  await storeFills(
    core.pg,
    Array.from({ length: count }, () =>
      parsedFill({
        account: pick(ACCOUNTS),
        symbol: pick(SYMBOLS),
        broker: pick(BROKERS),
        qty: pick([1, 2, -1, -3]),
        price: pick([99.5, 100, 101.25]),
        fees: pick([0, 1.5]),
        executedAt: pick(TIMES),
      }),
    ),
  )
}

// The key each column sorts by, as the table shows it (signed quantity, costs, source).
const KEYS: Record<FillSort, (f: FillDto) => string | number | null> = {
  time: (f) => f.executedAt,
  account: (f) => f.account,
  symbol: (f) => f.symbol,
  side: (f) => f.side,
  qty: (f) => f.qty,
  price: (f) => f.price,
  fees: (f) => f.fees,
  broker: (f) => f.broker,
}

function compare(a: string | number | null, b: string | number | null): number {
  // PostgreSQL puts nulls last when ascending; text compares by byte (the database's C collation).
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a < b ? -1 : 1
}

/** The expected order, computed apart from the database: key, then time, then id. */
function expectedOrder(rows: FillDto[], sort: FillSort, direction: 'asc' | 'desc'): string[] {
  const sign = direction === 'asc' ? 1 : -1
  return [...rows]
    .sort(
      (a, b) =>
        sign *
        (compare(KEYS[sort](a), KEYS[sort](b)) ||
          compare(a.executedAt, b.executedAt) ||
          compare(a.id, b.id)),
    )
    .map((f) => f.id)
}

/** Every row of a filter and order, fetched a page at a time. */
async function allPages(
  input: { sort?: FillSort; direction?: 'asc' | 'desc'; symbol?: string; account?: string },
  limit: number,
): Promise<{ totals: number[]; ids: string[]; rows: FillDto[] }> {
  const totals: number[] = []
  const rows: FillDto[] = []
  for (let offset = 0; ; offset += limit) {
    const page = await core.value('fills-list', { ...input, offset, limit })
    totals.push(page.total)
    expect(page.offset).toBe(offset)
    rows.push(...page.rows)
    if (page.rows.length < limit) break
  }
  return { totals, ids: rows.map((r) => r.id), rows }
}

describe('fills-list: filters', () => {
  it('matches account, symbol and source case-insensitively anywhere in the value', async () => {
    await storeMany()
    const all = (await core.value('fills-list', { limit: 5000 })).rows
    const expectIds = (rows: FillDto[], keep: (f: FillDto) => boolean) =>
      expect(rows.map((r) => r.id).sort()).toEqual(
        all
          .filter(keep)
          .map((r) => r.id)
          .sort(),
      )

    const nv = await core.value('fills-list', { symbol: 'nv', limit: 5000 })
    expect(new Set(nv.rows.map((r) => r.symbol))).toEqual(new Set(['NVDA', 'ANVX']))
    expect(nv.total).toBe(nv.rows.length)
    expectIds(nv.rows, (f) => f.symbol === 'NVDA' || f.symbol === 'ANVX')

    const sim = await core.value('fills-list', { account: 'sim', limit: 5000 })
    expectIds(sim.rows, (f) => f.account === 'Sim101' || f.account === 'SIM-202')

    const both = await core.value('fills-list', { account: 'SIM-2', symbol: 'q mar', limit: 5000 })
    expect(both.total).toBeGreaterThan(0)
    expectIds(both.rows, (f) => f.account === 'SIM-202' && f.symbol.endsWith('Q MAR25'))

    const ibkr = await core.value('fills-list', { broker: 'ibk', limit: 5000 })
    expect(ibkr.total).toBeGreaterThan(0)
    expectIds(ibkr.rows, (f) => f.broker === 'IBKR')

    const mixed = await core.value('fills-list', {
      account: 'live',
      symbol: 'AaPl',
      broker: 'TASTY',
      limit: 5000,
    })
    expect(mixed.total).toBeGreaterThan(0)
    expectIds(
      mixed.rows,
      (f) => f.account === 'Live_1' && f.symbol === 'aapl' && f.broker === 'tastytrade',
    )
  })

  it('reads "_" and "%" as text, not as wildcards', async () => {
    await storeMany()
    const underscore = await core.value('fills-list', { account: '_', limit: 5000 })
    expect(underscore.total).toBeGreaterThan(0)
    expect(underscore.rows.every((r) => r.account === 'Live_1')).toBe(true)
    expect((await core.value('fills-list', { symbol: '%' })).total).toBe(0)
  })

  it('answers an empty page with total 0 when nothing matches', async () => {
    await storeMany()
    expect(await core.value('fills-list', { symbol: 'zzz' })).toEqual({
      total: 0,
      offset: 0,
      rows: [],
    })
    expect(await core.value('fills-list', { account: 'sim', symbol: 'aapl x' })).toMatchObject({
      total: 0,
      rows: [],
    })
  })

  it('leaves undone imports out of a filtered page unless asked, and marks them', async () => {
    const csv = [
      'account,symbol,side,qty,price,time',
      'Sim101,NVDA,buy,1,100,2025-01-06T14:30:00Z',
      'Sim101,NVDA,sell,1,101,2025-01-06T15:30:00Z',
      'Sim101,AAPL,buy,1,200,2025-01-06T15:45:00Z',
    ].join('\n')
    const mapping = {
      columns: {
        account: 'account',
        symbol: 'symbol',
        side: 'side',
        qty: 'qty',
        price: 'price',
        time: 'time',
      },
      dateFormat: 'iso',
    }
    const first = await core.value('fills-import', {
      content: csv,
      fileName: 'a.csv',
      broker: 'generic',
      mapping,
    })
    await core.value('import-undo', { batchId: first.batchId })
    await storeFills(core.pg, [parsedFill({ account: 'Sim101', symbol: 'NVDA' })])
    const live = await core.value('fills-list', { symbol: 'nvd' })
    expect(live.total).toBe(1)
    expect(live.rows.map((r) => r.isUndone)).toEqual([false])
    const every = await core.value('fills-list', { symbol: 'nvd', includeUndone: true })
    expect(every.total).toBe(3)
    expect(every.rows.filter((r) => r.isUndone)).toHaveLength(2)
    expect(
      every.rows.filter((r) => r.isUndone).every((r) => r.importBatchId === first.batchId),
    ).toBe(true)
  })
})

describe('fills-list: sorting', () => {
  it('orders newest first by default, as before sorting existed', async () => {
    await storeMany()
    const plain = await core.value('fills-list', { limit: 5000 })
    const explicit = await core.value('fills-list', {
      sort: 'time',
      direction: 'desc',
      limit: 5000,
    })
    expect(plain.rows.map((r) => r.id)).toEqual(explicit.rows.map((r) => r.id))
    expect(plain.rows.map((r) => r.id)).toEqual(expectedOrder(plain.rows, 'time', 'desc'))
  })

  it.each(FILL_SORTS.flatMap((sort) => [[sort, 'asc'] as const, [sort, 'desc'] as const]))(
    'sorts the whole stored set by %s %s, page by page, ties by time then id',
    async (sort, direction) => {
      await storeMany()
      const everything = (await core.value('fills-list', { limit: 5000 })).rows
      expect(everything).toHaveLength(60)
      const paged = await allPages({ sort, direction }, 7)
      expect(new Set(paged.totals)).toEqual(new Set([60]))
      expect(paged.ids).toEqual(expectedOrder(everything, sort, direction))
      // The key really orders the set: not every row has the same key.
      expect(new Set(everything.map(KEYS[sort])).size).toBeGreaterThan(1)
    },
  )

  it('is exactly reversed by the other direction', async () => {
    await storeMany()
    for (const sort of FILL_SORTS) {
      const asc = await allPages({ sort, direction: 'asc' }, 11)
      const desc = await allPages({ sort, direction: 'desc' }, 11)
      expect(desc.ids).toEqual([...asc.ids].reverse())
    }
  })

  it('sorts and pages a filtered set', async () => {
    await storeMany()
    const filtered = (await core.value('fills-list', { symbol: 'nv', account: 'sim', limit: 5000 }))
      .rows
    expect(filtered.length).toBeGreaterThan(5)
    const paged = await allPages(
      { symbol: 'nv', account: 'sim', sort: 'price', direction: 'asc' },
      4,
    )
    expect(new Set(paged.totals)).toEqual(new Set([filtered.length]))
    expect(paged.ids).toEqual(expectedOrder(filtered, 'price', 'asc'))
    const beyond = await core.value('fills-list', { symbol: 'nv', offset: 5000, sort: 'qty' })
    expect(beyond.rows).toEqual([])
    expect(beyond.total).toBe((await core.value('fills-list', { symbol: 'nv', limit: 5000 })).total)
  })

  it('refuses a column or direction outside the closed set', async () => {
    for (const [input, field] of [
      [{ sort: 'multiplier' }, 'sort'],
      [{ sort: 'executed_at; DROP TABLE journal.trade_fills' }, 'sort'],
      [{ direction: 'up' }, 'direction'],
      [{ sort: 'price', direction: 'DESC' }, 'direction'],
    ] as const) {
      const result = await core.registry.invoke('fills-list', input)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('invalid-input')
        expect(result.error.issues?.map((i) => i.path)).toEqual([[field]])
      }
    }
  })
})
