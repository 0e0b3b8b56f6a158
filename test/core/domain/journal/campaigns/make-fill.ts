import type { CampaignFill } from '../../../../../electron/core/domain/journal/campaigns/fifo-campaigns'

let nextId = 0

/** Resets the id counter so every test sees f1, f2, … */
export function resetFillIds(): void {
  nextId = 0
}

/** A fill builder with overrides: 1 share of ACME at 100, no costs, one minute after the last. */
export function makeFill(overrides: Partial<CampaignFill> = {}): CampaignFill {
  nextId += 1
  return {
    id: `f${nextId}`,
    account: 'acc',
    symbol: 'ACME',
    qty: 1,
    price: 100,
    multiplier: 1,
    commission: 0,
    fees: 0,
    executedAt: new Date(Date.UTC(2025, 0, 6, 14, 30) + nextId * 60_000).toISOString(),
    seq: nextId,
    openClose: null,
    ...overrides,
  }
}
