import { beforeEach, describe, expect, it } from 'vitest'
import {
  buildCampaigns,
  rebuildIncremental,
} from '../../../../../electron/core/domain/journal/campaigns/fifo-campaigns'
import { makeFill, resetFillIds } from './make-fill'

beforeEach(() => resetFillIds())

describe('buildCampaigns', () => {
  it('[FIFO-1] runs a long campaign from flat to flat with FIFO P&L', () => {
    const fills = [
      makeFill({ qty: 100, price: 10.01, commission: 1 }),
      makeFill({ qty: 50, price: 10.11, commission: 1 }),
      makeFill({ qty: -120, price: 10.21, commission: 1.5 }),
      makeFill({ qty: -30, price: 10.02, commission: 0.5, fees: 0.02 }),
    ]
    const [c, ...rest] = buildCampaigns(fills)
    expect(rest).toHaveLength(0)
    expect(c).toMatchObject({
      groupId: 'f1',
      side: 'long',
      status: 'closed',
      qty: 150,
      closedQty: 150,
      openQty: 0,
      maxPosition: 150,
      fees: 4.02,
      fillIds: ['f1', 'f2', 'f3', 'f4'],
    })
    // FIFO: 100 @10.01 and 20 @10.11 closed at 10.21, then 30 @10.11 closed at 10.02.
    // 100×0.20 + 20×0.10 + 30×(−0.09) = 20 + 2 − 2.70 = 19.30
    expect(c?.grossPnl).toBe(19.3)
    expect(c?.netPnl).toBe(15.28)
    expect(c?.closedAt).toBe(fills[3]?.executedAt)
    expect(c?.holdingMs).toBe(3 * 60_000)
  })

  it('[FIFO-2] books a short campaign with the sign of a short', () => {
    const fills = [makeFill({ qty: -2, price: 50 }), makeFill({ qty: 2, price: 45.5 })]
    const [c] = buildCampaigns(fills)
    expect(c).toMatchObject({ side: 'short', status: 'closed', grossPnl: 9, netPnl: 9 })
  })

  it('[FIFO-3] splits a zero-crossing fill into two campaigns with costs by quantity', () => {
    const fills = [
      makeFill({ qty: 1, price: 100 }),
      makeFill({ qty: -3, price: 103, commission: 3, fees: 0.03 }),
      makeFill({ qty: 2, price: 101 }),
    ]
    const [first, second] = buildCampaigns(fills)
    expect(first).toMatchObject({
      groupId: 'f1',
      side: 'long',
      status: 'closed',
      grossPnl: 3,
      fees: 1.01,
      netPnl: 1.99,
      fillIds: ['f1', 'f2'],
    })
    expect(first?.legs[1]).toMatchObject({ fillId: 'f2', qty: -1, isSplit: true, role: 'close' })
    // The crossing fill opens the next campaign, so its id is that campaign's group id.
    expect(second).toMatchObject({
      groupId: 'f2',
      side: 'short',
      status: 'closed',
      qty: 2,
      grossPnl: 4,
      fees: 2.02,
      netPnl: 1.98,
      fillIds: ['f2', 'f3'],
    })
    expect(second?.legs[0]).toMatchObject({ fillId: 'f2', qty: -2, isSplit: true, role: 'open' })
    // The crossing fill's 3.03 of costs is counted exactly once across both campaigns.
    expect((first?.legs[1]?.fees ?? 0) + (second?.legs[0]?.fees ?? 0)).toBeCloseTo(3.03, 9)
  })

  it('[FIFO-4] applies the contract multiplier', () => {
    const fills = [
      makeFill({ symbol: 'MESM5', qty: 2, price: 5300.25, multiplier: 5, commission: 0.62 }),
      makeFill({ symbol: 'MESM5', qty: -2, price: 5310.5, multiplier: 5, commission: 0.62 }),
    ]
    const [c] = buildCampaigns(fills)
    // 10.25 points × 2 contracts × $5
    expect(c?.grossPnl).toBe(102.5)
    expect(c?.netPnl).toBe(101.26)
  })

  it('[FIFO-5] orders ties on execution time by file order, not by id', () => {
    const at = '2025-01-06T15:00:00.000Z'
    const fills = [
      makeFill({ id: 'z-close', qty: -1, price: 110, executedAt: at, seq: 2 }),
      makeFill({ id: 'a-open', qty: 1, price: 100, executedAt: at, seq: 1 }),
    ]
    const [c, ...rest] = buildCampaigns(fills)
    expect(rest).toHaveLength(0)
    expect(c).toMatchObject({ groupId: 'a-open', side: 'long', grossPnl: 10 })
  })

  it('[FIFO-6] keeps series apart by account and exact symbol', () => {
    const fills = [
      makeFill({ account: 'a', symbol: 'ESH5', qty: 1 }),
      makeFill({ account: 'a', symbol: 'ESM5', qty: -1 }),
      makeFill({ account: 'b', symbol: 'ESH5', qty: -1 }),
    ]
    const campaigns = buildCampaigns(fills)
    expect(campaigns.map((c) => [c.account, c.symbol, c.side, c.status])).toEqual([
      ['a', 'ESH5', 'long', 'open'],
      ['a', 'ESM5', 'short', 'open'],
      ['b', 'ESH5', 'short', 'open'],
    ])
  })

  it('[FIFO-7] reports an open campaign with realised P&L so far and its unrealised quantity', () => {
    const fills = [
      makeFill({ qty: 3, price: 10 }),
      makeFill({ qty: -1, price: 12 }),
      makeFill({ qty: 1, price: 11 }),
    ]
    const [c] = buildCampaigns(fills)
    expect(c).toMatchObject({
      status: 'open',
      closedAt: null,
      holdingMs: null,
      qty: 4,
      closedQty: 1,
      openQty: 3,
      maxPosition: 3,
      grossPnl: 2,
    })
  })

  it('[FIFO-8] flags a closing fill with no open lot as opening-unknown and books no P&L', () => {
    const fills = [
      makeFill({ qty: -5, price: 20, commission: 1, openClose: 'close' }),
      makeFill({ qty: 1, price: 21, openClose: 'open' }),
      makeFill({ qty: -1, price: 22, openClose: 'close' }),
    ]
    const [orphan, real] = buildCampaigns(fills)
    expect(orphan).toMatchObject({
      groupId: 'f1',
      status: 'opening-unknown',
      side: 'long',
      grossPnl: null,
      netPnl: null,
      avgEntryPrice: null,
      fees: 1,
      closedQty: 5,
    })
    expect(real).toMatchObject({ groupId: 'f2', status: 'closed', grossPnl: 1 })
  })

  it('[FIFO-9] sends the remainder of a crossing closing fill to opening-unknown', () => {
    const fills = [
      makeFill({ qty: 1, price: 10 }),
      makeFill({ qty: -3, price: 12, commission: 3, openClose: 'close' }),
    ]
    const [closed, orphan] = buildCampaigns(fills)
    expect(closed).toMatchObject({ status: 'closed', grossPnl: 2, fees: 1, netPnl: 1 })
    expect(orphan).toMatchObject({ status: 'opening-unknown', closedQty: 2, fees: 2 })
  })

  it('[FIFO-10] matches brokers to the cent where binary floats would drift', () => {
    const fills = [
      makeFill({ qty: 3, price: 0.1 }),
      makeFill({ qty: 3, price: 0.2 }),
      makeFill({ qty: -6, price: 0.3 }),
    ]
    const [c] = buildCampaigns(fills)
    // 3×0.2 + 3×0.1 = 0.9 exactly; float arithmetic gives 0.8999999999999999 before rounding.
    expect(c?.cents.gross).toBe(90)
  })

  it('[FIFO-11] computes the R-multiple from the stop of an opening leg', () => {
    const fills = [
      makeFill({ qty: 100, price: 50, commission: 1 }),
      makeFill({ qty: -100, price: 53, commission: 1 }),
    ]
    const [c] = buildCampaigns(fills, { stops: new Map([['f1', 49]]) })
    expect(c).toMatchObject({ stop: 49, initialRisk: 100, netPnl: 298 })
    expect(c?.rMultiple).toBeCloseTo(2.98, 10)
    const [withoutStop] = buildCampaigns(fills)
    expect(withoutStop?.rMultiple).toBeNull()
  })

  it('[FIFO-12] ignores zero-quantity fills', () => {
    const fills = [makeFill({ qty: 1 }), makeFill({ qty: 0 }), makeFill({ qty: -1 })]
    const [c] = buildCampaigns(fills)
    expect(c?.fillIds).toEqual(['f1', 'f3'])
  })
})

describe('rebuildIncremental', () => {
  it('reuses the campaigns closed before the first new fill and replays only the rest', () => {
    const old = [
      makeFill({ qty: 1, price: 10 }),
      makeFill({ qty: -1, price: 11 }),
      makeFill({ qty: 2, price: 10 }),
      makeFill({ qty: -2, price: 9 }),
      makeFill({ qty: 1, price: 10 }),
    ]
    const existing = buildCampaigns(old)
    const added = [makeFill({ qty: -1, price: 12 })]
    const result = rebuildIncremental(existing, [...old, ...added], added)
    expect(result.reused).toBe(2)
    expect(result.replayedFills).toBe(2)
    expect(result.campaigns).toEqual(buildCampaigns([...old, ...added]))
  })

  it('replays from the start when a new fill predates every stored campaign', () => {
    const old = [makeFill({ qty: 1, price: 10 }), makeFill({ qty: -1, price: 11 })]
    const existing = buildCampaigns(old)
    const added = [makeFill({ qty: 1, price: 9, executedAt: '2020-01-01T00:00:00.000Z' })]
    const result = rebuildIncremental(existing, [...old, ...added], added)
    expect(result.reused).toBe(0)
    expect(result.campaigns).toEqual(buildCampaigns([...old, ...added]))
  })

  it('does not reuse a campaign that ends in a zero-crossing fill', () => {
    const old = [makeFill({ qty: 1, price: 10 }), makeFill({ qty: -2, price: 11 })]
    const existing = buildCampaigns(old)
    const added = [makeFill({ qty: 1, price: 10 })]
    const result = rebuildIncremental(existing, [...old, ...added], added)
    expect(result.reused).toBe(0)
    expect(result.campaigns).toEqual(buildCampaigns([...old, ...added]))
  })
})
