import { describe, expect, it } from 'vitest'
import {
  computeStats,
  sharpe,
  type StatCampaign,
} from '../../../../../electron/core/domain/journal/stats/journal-stats'

function campaign(
  groupId: string,
  closedAt: string,
  netPnl: number,
  extra: Partial<StatCampaign> = {},
): StatCampaign {
  return {
    groupId,
    symbol: 'ACME',
    openedAt: new Date(Date.parse(closedAt) - 30 * 60_000).toISOString(),
    closedAt,
    netPnl,
    grossPnl: netPnl + 1,
    fees: 1,
    strategy: null,
    tags: [],
    ...extra,
  }
}

// Mon +100, Mon −50, Tue −30, Tue 0, Wed +80, Wed −20 (given out of order on purpose).
const SAMPLE: StatCampaign[] = [
  campaign('c5', '2025-01-08T15:00:00.000Z', 80, {
    symbol: 'MES',
    strategy: 'fade',
    tags: ['a', 'b'],
  }),
  campaign('c1', '2025-01-06T15:00:00.000Z', 100, { strategy: 'breakout', tags: ['a'] }),
  campaign('c2', '2025-01-06T16:00:00.000Z', -50, { strategy: 'breakout' }),
  campaign('c3', '2025-01-07T15:00:00.000Z', -30, { symbol: 'MES' }),
  campaign('c4', '2025-01-07T16:00:00.000Z', 0),
  campaign('c6', '2025-01-08T17:00:00.000Z', -20),
]

describe('computeStats', () => {
  const stats = computeStats(SAMPLE)

  it('counts wins, losses and break-evens', () => {
    expect(stats).toMatchObject({ closed: 6, wins: 2, losses: 3, breakeven: 1 })
    expect(stats.winRate).toBeCloseTo(2 / 6, 12)
  })

  it('sums net, gross and fees exactly', () => {
    expect(stats.netPnl).toBe(80)
    expect(stats.grossPnl).toBe(86)
    expect(stats.fees).toBe(6)
    const drift = computeStats([
      campaign('x', '2025-01-06T15:00:00Z', 0.1),
      campaign('y', '2025-01-06T16:00:00Z', 0.2),
    ])
    expect(drift.netPnl).toBe(0.3)
  })

  it('computes profit factor, expectancy, averages and payoff by hand', () => {
    expect(stats.profitFactor).toBeCloseTo(180 / 100, 12)
    expect(stats.expectancy).toBeCloseTo(80 / 6, 12)
    expect(stats.avgWin).toBe(90)
    expect(stats.avgLoss).toBeCloseTo(-100 / 3, 12)
    expect(stats.payoffRatio).toBeCloseTo(90 / (100 / 3), 12)
    expect(stats.largestWin).toBe(100)
    expect(stats.largestLoss).toBe(-50)
  })

  it('finds streaks in closing order, a break-even ending both', () => {
    // W L L 0 W L
    expect(stats.maxConsecutiveWins).toBe(1)
    expect(stats.maxConsecutiveLosses).toBe(2)
  })

  it('measures drawdown on closed-campaign equity from its peak', () => {
    // Equity 100, 50, 20, 20, 100, 80: the peak of 100 falls to 20.
    expect(stats.maxDrawdown).toBe(80)
    expect(stats.equity.map((p) => p.equity)).toEqual([100, 50, 20, 20, 100, 80])
    expect(stats.equity.map((p) => p.groupId)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6'])
  })

  it('computes the daily Sharpe over trading days with the sample deviation', () => {
    expect(stats.calendar).toEqual([
      { date: '2025-01-06', netPnl: 50, campaigns: 2, wins: 1, losses: 1 },
      { date: '2025-01-07', netPnl: -30, campaigns: 2, wins: 0, losses: 1 },
      { date: '2025-01-08', netPnl: 60, campaigns: 2, wins: 1, losses: 1 },
    ])
    const mean = 80 / 3
    const sd = Math.sqrt(((50 - mean) ** 2 + (-30 - mean) ** 2 + (60 - mean) ** 2) / 2)
    expect(stats.sharpeDaily).toBeCloseTo((mean / sd) * Math.sqrt(252), 10)
    expect(sharpe([5])).toBeNull()
    expect(sharpe([5, 5])).toBeNull()
  })

  it('breaks results down by symbol, strategy, weekday, hour and tag', () => {
    expect(stats.breakdowns.bySymbol).toEqual([
      { key: 'ACME', campaigns: 4, wins: 1, losses: 2, netPnl: 30, winRate: 0.25 },
      { key: 'MES', campaigns: 2, wins: 1, losses: 1, netPnl: 50, winRate: 0.5 },
    ])
    expect(stats.breakdowns.byStrategy.map((r) => [r.key, r.netPnl])).toEqual([
      ['(none)', -50],
      ['breakout', 50],
      ['fade', 80],
    ])
    expect(stats.breakdowns.byWeekday.map((r) => [r.key, r.netPnl])).toEqual([
      ['Mon', 50],
      ['Tue', -30],
      ['Wed', 60],
    ])
    expect(stats.breakdowns.byHour.map((r) => [r.key, r.campaigns])).toEqual([
      ['14', 3],
      ['15', 2],
      ['16', 1],
    ])
    expect(stats.breakdowns.byTag.map((r) => [r.key, r.netPnl])).toEqual([
      ['a', 180],
      ['b', 80],
    ])
  })

  it('places days in the chosen time zone', () => {
    const late = computeStats([campaign('n', '2025-01-07T03:00:00.000Z', 10)], {
      timeZone: 'America/New_York',
    })
    expect(late.calendar[0]?.date).toBe('2025-01-06')
    expect(late.breakdowns.byHour[0]?.key).toBe('21')
  })

  it('answers null ratios when there is nothing to divide', () => {
    const empty = computeStats([])
    expect(empty).toMatchObject({
      closed: 0,
      winRate: null,
      profitFactor: null,
      expectancy: null,
      avgWin: null,
      avgLoss: null,
      sharpeDaily: null,
      maxDrawdown: 0,
    })
    expect(computeStats([campaign('w', '2025-01-06T15:00:00Z', 5)]).profitFactor).toBeNull()
  })
})
