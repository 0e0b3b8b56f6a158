import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  buildCampaigns,
  buildSeries,
  groupSeries,
  rebuildIncremental,
  seriesKey,
  type Campaign,
  type CampaignFill,
} from '../../../../../electron/core/domain/journal/campaigns/fifo-campaigns'

// Prices are whole cents, quantities whole units and multipliers whole numbers, so the cash flow
// of every fill is an exact integer of cents in plain JS numbers: an oracle independent of the
// decimal arithmetic under test.
const SEED = 20250106
const RUNS = 300

type Step = {
  series: number
  qty: number
  priceCents: number
  commissionCents: number
  minute: number
  isClosingMark: boolean
}

const SERIES = [
  { account: 'a', symbol: 'ACME', multiplier: 1 },
  { account: 'a', symbol: 'MESM5', multiplier: 5 },
  { account: 'b', symbol: 'ACME', multiplier: 1 },
  { account: 'b', symbol: 'SPY 250117C00600000', multiplier: 100 },
]

const stepArb: fc.Arbitrary<Step> = fc.record({
  series: fc.integer({ min: 0, max: SERIES.length - 1 }),
  qty: fc.integer({ min: -6, max: 6 }).filter((q) => q !== 0),
  priceCents: fc.integer({ min: 1, max: 500_000 }),
  commissionCents: fc.integer({ min: 0, max: 500 }),
  // Few distinct minutes so that ties on execution time are common.
  minute: fc.integer({ min: 0, max: 30 }),
  isClosingMark: fc.boolean(),
})

function toFills(steps: readonly Step[], withMarks: boolean): CampaignFill[] {
  return steps.map((step, i) => {
    const series = SERIES[step.series] ?? SERIES[0]
    if (!series) throw new Error('no series')
    return {
      id: `f${String(i).padStart(4, '0')}`,
      account: series.account,
      symbol: series.symbol,
      qty: step.qty,
      price: step.priceCents / 100,
      multiplier: series.multiplier,
      commission: step.commissionCents / 100,
      fees: 0,
      executedAt: new Date(Date.UTC(2025, 0, 6, 14, step.minute)).toISOString(),
      seq: i,
      openClose: withMarks && step.isClosingMark ? 'close' : null,
    }
  })
}

/** Appends one fill per series that brings it back to flat. */
function flatten(fills: CampaignFill[]): CampaignFill[] {
  const position = new Map<string, { qty: number; fill: CampaignFill }>()
  for (const fill of fills) {
    const key = seriesKey(fill.account, fill.symbol)
    const entry = position.get(key)
    position.set(key, { qty: (entry?.qty ?? 0) + fill.qty, fill })
  }
  const out = [...fills]
  for (const { qty, fill } of position.values()) {
    if (qty === 0) continue
    out.push({
      ...fill,
      id: `${fill.id}-flat`,
      qty: -qty,
      commission: 0,
      executedAt: '2025-01-07T00:00:00.000Z',
      seq: out.length,
      openClose: null,
    })
  }
  return out
}

function legsByFill(campaigns: readonly Campaign[]): Map<string, Campaign['legs']> {
  const map = new Map<string, Campaign['legs']>()
  for (const c of campaigns) {
    for (const leg of c.legs) map.set(leg.fillId, [...(map.get(leg.fillId) ?? []), leg])
  }
  return map
}

const steps = fc.array(stepArb, { minLength: 1, maxLength: 60 })

describe('buildCampaigns properties', () => {
  it('[FIFO-P1] conserves quantity and loses or doubles no fill', () => {
    fc.assert(
      fc.property(steps, fc.boolean(), (input, withMarks) => {
        const fills = toFills(input, withMarks)
        const campaigns = buildCampaigns(fills)
        const legs = legsByFill(campaigns)
        for (const fill of fills) {
          const own = legs.get(fill.id) ?? []
          // In one campaign, or in two when it crossed zero; never dropped, never thrice.
          expect(own.length).toBeGreaterThanOrEqual(1)
          expect(own.length).toBeLessThanOrEqual(2)
          expect(own.length === 2).toBe(own.every((leg) => leg.isSplit))
          expect(own.reduce((s, leg) => s + leg.qty, 0)).toBeCloseTo(fill.qty, 9)
          for (const leg of own) expect(Math.sign(leg.qty)).toBe(Math.sign(fill.qty))
          const fees = own.reduce((s, leg) => s + leg.fees, 0)
          expect(fees).toBeCloseTo(fill.commission + fill.fees, 9)
        }
        const ids = campaigns.map((c) => c.groupId)
        expect(new Set(ids).size).toBe(ids.length)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('[FIFO-P2] never closes more than was opened', () => {
    fc.assert(
      fc.property(steps, fc.boolean(), (input, withMarks) => {
        for (const c of buildCampaigns(toFills(input, withMarks))) {
          if (c.status === 'opening-unknown') {
            expect(c.qty).toBe(0)
            continue
          }
          expect(c.closedQty).toBeLessThanOrEqual(c.qty)
          expect(c.maxPosition).toBeLessThanOrEqual(c.qty)
          if (c.status === 'closed') expect(c.closedQty).toBe(c.qty)
          else expect(Math.abs(c.openQty)).toBe(c.qty - c.closedQty)
          // The position never changes sign inside a campaign.
          const sign = c.side === 'long' ? 1 : -1
          for (const leg of c.legs) expect(leg.positionAfter * sign).toBeGreaterThanOrEqual(0)
        }
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('[FIFO-P3] campaign P&L equals the cash flows of each flat-to-flat sequence', () => {
    fc.assert(
      fc.property(steps, (input) => {
        const fills = flatten(toFills(input, false))
        const campaigns = buildCampaigns(fills)
        const multiplier = new Map(fills.map((f) => [f.id, f.multiplier]))
        for (const c of campaigns) {
          expect(c.status).toBe('closed')
          // Cash out for buys, in for sells: its sum over a flat-to-flat run is the gross P&L.
          const cashCents = c.legs.reduce(
            (s, leg) =>
              s - leg.qty * Math.round(leg.price * 100) * (multiplier.get(leg.fillId) ?? 1),
            0,
          )
          expect(c.cents.gross).toBe(cashCents)
        }
        // Over whole series the split fills cancel out: sum of campaigns = sum of whole fills.
        const totalCash = fills.reduce(
          (s, f) => s - f.qty * Math.round(f.price * 100) * f.multiplier,
          0,
        )
        const totalGross = campaigns.reduce((s, c) => s + (c.cents.gross ?? 0), 0)
        expect(totalGross).toBe(totalCash)
        const totalFees = fills.reduce((s, f) => s + Math.round(f.commission * 100), 0)
        const feeCents = campaigns.reduce((s, c) => s + c.cents.fees, 0)
        // Each campaign rounds its own share of a split fill's costs: at most half a cent each.
        expect(Math.abs(feeCents - totalFees)).toBeLessThanOrEqual(campaigns.length)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('[FIFO-P4] an incremental rebuild equals a full rebuild', () => {
    fc.assert(
      fc.property(steps, fc.nat(), fc.boolean(), (input, cutAt, withMarks) => {
        const fills = toFills(input, withMarks)
        const cut = cutAt % (fills.length + 1)
        const old = fills.slice(0, cut)
        const added = fills.slice(cut)
        const existing = buildCampaigns(old)
        const result = rebuildIncremental(existing, fills, added)
        const touched = new Set(result.rebuiltSeries)
        const full = buildCampaigns(fills).filter((c) =>
          touched.has(seriesKey(c.account, c.symbol)),
        )
        expect(result.campaigns).toEqual(full)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('[FIFO-P5] membership-only grouping gives exactly the campaigns buildSeries gives', () => {
    // Fractional and zero quantities too: positions must cancel to exactly zero in both.
    const fractional = fc.array(
      fc.record({
        qty: fc.oneof(
          fc.integer({ min: -6, max: 6 }),
          fc.constantFrom(0.1, 0.2, -0.3, 0.25, -0.05, 1e-9),
        ),
        minute: fc.integer({ min: 0, max: 10 }),
        isClosingMark: fc.boolean(),
      }),
      { maxLength: 80 },
    )
    fc.assert(
      fc.property(steps, fractional, fc.boolean(), (input, extra, withMarks) => {
        const fills = [
          ...toFills(input, withMarks),
          ...extra.map((x, i): CampaignFill => ({
            id: `x${String(i).padStart(4, '0')}`,
            account: 'c',
            symbol: 'BTC',
            qty: x.qty,
            price: 100,
            multiplier: 1,
            commission: 0,
            fees: 0,
            executedAt: new Date(Date.UTC(2025, 0, 6, 14, x.minute)).toISOString(),
            seq: i,
            openClose: withMarks && x.isClosingMark ? 'close' : null,
          })),
        ]
        const bySeries = new Map<string, CampaignFill[]>()
        for (const f of fills) {
          const key = seriesKey(f.account, f.symbol)
          bySeries.set(key, [...(bySeries.get(key) ?? []), f])
        }
        for (const list of bySeries.values()) {
          const full = buildSeries(list).map((c) => ({ groupId: c.groupId, fillIds: c.fillIds }))
          expect(groupSeries(list)).toEqual(full)
        }
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
})
