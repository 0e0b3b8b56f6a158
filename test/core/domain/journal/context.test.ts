import { describe, expect, it } from 'vitest'
import {
  buildCampaigns,
  type CampaignFill,
} from '../../../../electron/core/domain/journal/campaigns/fifo-campaigns'
import {
  mergeContext,
  patchFields,
  positionBeforeFill,
  type ContextFields,
} from '../../../../electron/core/domain/journal/context'

function fill(id: string, qty: number, price: number, minute: number): CampaignFill {
  return {
    id,
    account: 'U1',
    symbol: 'AAPL',
    qty,
    price,
    multiplier: 1,
    commission: 0,
    fees: 0,
    executedAt: new Date(Date.UTC(2024, 2, 11, 14, minute)).toISOString(),
    seq: minute,
  }
}

const stored: ContextFields = {
  hypothesis: 'breakout',
  exitIntent: { target: 110, stop: 95, time: null },
  feelingsThen: [{ feeling: 'calm', intensity: 2 }],
  feelingsNow: [],
  notes: 'first note',
}

describe('mergeContext', () => {
  it('keeps the fields a save leaves out and clears those it sets to null', () => {
    const merged = mergeContext(stored, {
      notes: null,
      feelingsNow: [{ feeling: 'fear', intensity: 4 }],
    })
    expect(merged).toEqual({
      ...stored,
      notes: null,
      feelingsNow: [{ feeling: 'fear', intensity: 4 }],
    })
  })

  it('replaces an exit intent whole, its missing parts null, and clears it with null', () => {
    expect(mergeContext(stored, { exitIntent: { stop: 90 } }).exitIntent).toEqual({
      target: null,
      stop: 90,
      time: null,
    })
    expect(mergeContext(stored, { exitIntent: null }).exitIntent).toBeNull()
  })

  it('starts a first save from empty fields', () => {
    expect(mergeContext(null, {})).toEqual({
      hypothesis: null,
      exitIntent: null,
      feelingsThen: [],
      feelingsNow: [],
      notes: null,
    })
  })
})

describe('patchFields', () => {
  it('takes the given fields, null included, and ignores undefined and unknown keys', () => {
    const current = { a: 1 as number | null, b: 'x' as string | null }
    const patch = { a: null, b: undefined, c: 3 } as { a?: number | null; b?: string | null }
    expect(patchFields(current, patch)).toEqual({ a: null, b: 'x' })
    expect(current).toEqual({ a: 1, b: 'x' })
  })
})

describe('positionBeforeFill', () => {
  const campaigns = buildCampaigns([
    fill('f1', 100, 10, 0),
    fill('f2', 50, 13, 1),
    fill('f3', -80, 14, 2),
    fill('f4', -70, 15, 3),
  ])
  const at = (id: string) => positionBeforeFill(campaigns, { id, account: 'U1', symbol: 'AAPL' })

  it('is flat before the opening fill', () => {
    expect(at('f1')).toEqual({ positionBefore: 0, avgEntryBefore: null })
  })

  it('averages the opening and adding legs before the fill', () => {
    expect(at('f2')).toEqual({ positionBefore: 100, avgEntryBefore: 10 })
    expect(at('f3').positionBefore).toBe(150)
    expect(at('f3').avgEntryBefore).toBeCloseTo(11, 10)
    // A reduce before the fill moves the position, not the average entry.
    expect(at('f4').positionBefore).toBe(70)
    expect(at('f4').avgEntryBefore).toBeCloseTo(11, 10)
  })

  it('is flat for a fill of another series', () => {
    expect(positionBeforeFill(campaigns, { id: 'f2', account: 'U2', symbol: 'AAPL' })).toEqual({
      positionBefore: 0,
      avgEntryBefore: null,
    })
  })
})
