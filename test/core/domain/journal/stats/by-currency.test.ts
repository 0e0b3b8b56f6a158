import { describe, expect, it } from 'vitest'
import {
  currencyRows,
  headlineCurrency,
  type CurrencyCampaign,
} from '../../../../../electron/core/domain/journal/stats/by-currency'
import { computeStats } from '../../../../../electron/core/domain/journal/stats/journal-stats'

function closed(currency: string, netPnl: number, fees = 0): CurrencyCampaign {
  return { currency, closed: { netPnl, grossPnl: netPnl + fees, fees } }
}

function open(currency: string): CurrencyCampaign {
  return { currency, closed: null }
}

describe('currencyRows', () => {
  it('keeps each currency apart and counts every campaign but sums closed ones only', () => {
    const rows = currencyRows([
      closed('SEK', 1172, 78),
      closed('USD', 48, 2),
      open('USD'),
      closed('USD', -52, 2),
      closed('SEK', -478, 78),
      closed('USD', 0),
      open('EUR'),
    ])
    expect(rows.map((r) => r.currency)).toEqual(['USD', 'SEK', 'EUR'])
    expect(rows[0]).toEqual({
      currency: 'USD',
      campaigns: 4,
      closed: 3,
      wins: 1,
      losses: 1,
      grossPnl: 48 + 2 - 52 + 2,
      fees: 4,
      netPnl: 48 - 52,
      winRate: 1 / 3,
    })
    expect(rows[1]).toMatchObject({ closed: 2, netPnl: 1172 - 478, fees: 156 })
    expect(rows[2]).toEqual({
      currency: 'EUR',
      campaigns: 1,
      closed: 0,
      wins: 0,
      losses: 0,
      grossPnl: 0,
      fees: 0,
      netPnl: 0,
      winRate: null,
    })
  })

  it('orders by closed campaigns, then by code', () => {
    const rows = currencyRows([closed('USD', 1), closed('EUR', 1), open('AUD'), closed('CHF', 2)])
    expect(rows.map((r) => [r.currency, r.closed])).toEqual([
      ['CHF', 1],
      ['EUR', 1],
      ['USD', 1],
      ['AUD', 0],
    ])
    expect(currencyRows([])).toEqual([])
  })

  it('sums in cents exactly as computeStats does for the same campaigns', () => {
    const amounts = [0.1, 0.2, -0.3, 1234.565, -0.005, 99.99]
    const rows = currencyRows(amounts.map((a) => closed('USD', a, 0.015)))
    const stats = computeStats(
      amounts.map((a, i) => ({
        groupId: `g${i}`,
        symbol: 'X',
        openedAt: '2025-01-06T14:00:00Z',
        closedAt: `2025-01-06T15:0${i}:00Z`,
        netPnl: a,
        grossPnl: a + 0.015,
        fees: 0.015,
      })),
    )
    expect(rows[0]).toMatchObject({
      closed: stats.closed,
      wins: stats.wins,
      losses: stats.losses,
      grossPnl: stats.grossPnl,
      fees: stats.fees,
      netPnl: stats.netPnl,
      winRate: stats.winRate,
    })
  })
})

describe('headlineCurrency', () => {
  const rows = currencyRows([closed('USD', 1), closed('USD', 2), closed('SEK', 3)])

  it('takes the currency with the most closed campaigns when none is asked for', () => {
    expect(headlineCurrency(rows)).toBe('USD')
    expect(headlineCurrency(currencyRows([closed('SEK', 1), closed('EUR', 1)]))).toBe('EUR')
    expect(headlineCurrency([])).toBeNull()
  })

  it('takes the asked currency, spelled as the data spells it', () => {
    expect(headlineCurrency(rows, 'SEK')).toBe('SEK')
    expect(headlineCurrency(rows, 'sek')).toBe('SEK')
    // A currency the journal does not hold still answers in it (with nothing in it).
    expect(headlineCurrency(rows, 'EUR')).toBe('EUR')
  })
})
