import { describe, expect, it } from 'vitest'
import {
  phaseOf,
  resolveChecks,
  runChecks,
  type CheckInput,
  type CheckResult,
} from '../../../../../electron/core/domain/journal/checks/campaign-checks'

function input(overrides: Partial<CheckInput> = {}): CheckInput {
  return {
    contextType: 'entry',
    fill: {
      id: 'f9',
      symbol: 'ACME',
      qty: 100,
      price: 50,
      multiplier: 1,
      executedAt: '2025-01-06T15:00:00.000Z',
    },
    stop: 49,
    positionBefore: 0,
    avgEntryBefore: null,
    campaigns: [],
    profile: { accountBalance: 10_000 },
    rules: [],
    ...overrides,
  }
}

function only(results: CheckResult[], type: CheckResult['checkType']): CheckResult {
  const found = results.filter((r) => r.checkType === type)
  expect(found).toHaveLength(1)
  const [result] = found
  if (!result) throw new Error(`no ${type} result`)
  return result
}

const rule = (ruleCode: string, parameters: Record<string, unknown> = {}) => ({
  ruleCode,
  isEnabled: true,
  parameters,
})

describe('campaign checks', () => {
  it('maps context types to seed phases', () => {
    expect(phaseOf('idea')).toBe('pre_trade')
    expect(phaseOf('entry')).toBe('at_entry')
    expect(phaseOf('add')).toBe('during')
    expect(phaseOf('reduce')).toBe('during')
    expect(phaseOf('exit')).toBe('at_exit')
    expect(phaseOf('post_trade_reflection')).toBe('post_trade')
  })

  it('runs nothing without rules or profile limits', () => {
    expect(runChecks(input({ profile: {} }))).toEqual([])
  })

  it('flags a position above the size limit of the profile', () => {
    // 100 × 50 = 5,000 on 10,000 is 50 % against a 25 % limit.
    const failed = only(
      runChecks(input({ profile: { accountBalance: 10_000, maxPositionSizePct: 25 } })),
      'max_position_size_pct',
    )
    expect(failed).toMatchObject({ passed: false, severity: 'warn', phase: 'at_entry' })
    expect(failed.details).toMatchObject({ notional: 5000, pct: 50, limitPct: 25 })
    expect(failed.nudge).toContain('50%')
    const passed = only(
      runChecks(input({ profile: { accountBalance: 10_000, maxPositionSizePct: 60 } })),
      'max_position_size_pct',
    )
    expect(passed).toMatchObject({ passed: true, severity: 'info' })
  })

  it('measures risk to the stop against the per-trade limit', () => {
    // |50 − 49| × 100 = 100 on 10,000 is 1 %.
    const profile = { accountBalance: 10_000, maxRiskPerTradePct: 0.5 }
    const failed = only(runChecks(input({ profile })), 'max_risk_per_trade_pct')
    expect(failed).toMatchObject({ passed: false, severity: 'critical' })
    expect(failed.details).toMatchObject({ risk: 100, pct: 1 })
    expect(runChecks(input({ profile, stop: null })).map((r) => r.checkType)).not.toContain(
      'max_risk_per_trade_pct',
    )
  })

  it('requires a stop when the profile says so', () => {
    const profile = { stopLossRequired: true }
    expect(only(runChecks(input({ profile, stop: null })), 'stop_required')).toMatchObject({
      passed: false,
      severity: 'critical',
    })
    expect(only(runChecks(input({ profile })), 'stop_required').passed).toBe(true)
    // Exits do not add risk: the check does not apply.
    expect(runChecks(input({ profile, stop: null, contextType: 'exit' }))).toEqual([])
  })

  it('stops the day at the daily loss limit, counting only that day before the fill', () => {
    const campaigns = [
      {
        groupId: 'a',
        symbol: 'X',
        openedAt: '2025-01-06T14:00:00Z',
        closedAt: '2025-01-06T14:10:00Z',
        netPnl: -150,
      },
      {
        groupId: 'b',
        symbol: 'X',
        openedAt: '2025-01-06T14:20:00Z',
        closedAt: '2025-01-06T14:30:00Z',
        netPnl: -60,
      },
      {
        groupId: 'c',
        symbol: 'X',
        openedAt: '2025-01-05T14:00:00Z',
        closedAt: '2025-01-05T14:10:00Z',
        netPnl: -999,
      },
      {
        groupId: 'd',
        symbol: 'X',
        openedAt: '2025-01-06T15:30:00Z',
        closedAt: '2025-01-06T16:00:00Z',
        netPnl: -999,
      },
    ]
    const failed = only(
      runChecks(input({ campaigns, rules: [rule('max_daily_loss', { amount: 200 })] })),
      'max_daily_loss',
    )
    expect(failed).toMatchObject({ passed: false, severity: 'critical' })
    expect(failed.details).toMatchObject({ date: '2025-01-06', dayPnl: -210, limit: 200 })
    // 2 % of 10,000 = 200 from the profile gives the same verdict.
    const fromProfile = only(
      runChecks(input({ campaigns, profile: { accountBalance: 10_000, maxDailyLossPct: 2 } })),
      'max_daily_loss',
    )
    expect(fromProfile.passed).toBe(false)
    const within = only(
      runChecks(input({ campaigns, rules: [rule('max_daily_loss', { amount: 250 })] })),
      'max_daily_loss',
    )
    expect(within.passed).toBe(true)
  })

  it('counts the day’s trades including this entry', () => {
    const campaigns = ['a', 'b'].map((groupId, i) => ({
      groupId,
      symbol: 'X',
      openedAt: `2025-01-06T1${i}:00:00Z`,
      closedAt: `2025-01-06T1${i}:30:00Z`,
      netPnl: 1,
    }))
    const rules = [rule('max_trades_per_day', { max: 2 })]
    const failed = only(runChecks(input({ campaigns, rules })), 'max_trades_per_day')
    expect(failed).toMatchObject({ passed: false, details: { trades: 3, max: 2 } })
    const passed = only(
      runChecks(input({ campaigns: campaigns.slice(1), rules })),
      'max_trades_per_day',
    )
    expect(passed.passed).toBe(true)
  })

  it('calls out a re-entry within N minutes of a loss', () => {
    const loss = {
      groupId: 'l',
      symbol: 'MES',
      openedAt: '2025-01-06T14:40:00Z',
      closedAt: '2025-01-06T14:55:00Z',
      netPnl: -120.5,
    }
    const rules = [rule('revenge_reentry', { minutes: 10 })]
    const failed = only(runChecks(input({ campaigns: [loss], rules })), 'revenge_reentry')
    expect(failed).toMatchObject({ passed: false, severity: 'warn' })
    expect(failed.details).toMatchObject({ gapMinutes: 5, lossGroupId: 'l' })
    expect(failed.nudge).toContain('-$120.50')
    const later = { ...loss, closedAt: '2025-01-06T14:45:00Z' }
    expect(only(runChecks(input({ campaigns: [later], rules })), 'revenge_reentry').passed).toBe(
      true,
    )
  })

  it('flags adding to a losing position, long and short', () => {
    const rules = [rule('adding_to_loser')]
    const long = only(
      runChecks(input({ contextType: 'add', positionBefore: 100, avgEntryBefore: 52, rules })),
      'adding_to_loser',
    )
    expect(long).toMatchObject({ passed: false, phase: 'during' })
    const winning = only(
      runChecks(input({ contextType: 'add', positionBefore: 100, avgEntryBefore: 48, rules })),
      'adding_to_loser',
    )
    expect(winning.passed).toBe(true)
    const short = only(
      runChecks(
        input({
          contextType: 'add',
          fill: { ...input().fill, qty: -100 },
          positionBefore: -100,
          avgEntryBefore: 48,
          rules,
        }),
      ),
      'adding_to_loser',
    )
    expect(short.passed).toBe(false)
  })

  it('flags trading outside planned hours in the planned zone', () => {
    // 15:00 UTC is 10:00 in New York, before a 10:30 start.
    const rules = [
      rule('planned_hours', {
        start: '10:30',
        end: '15:00',
        timeZone: 'America/New_York',
        severity: 'warn',
      }),
    ]
    const failed = only(runChecks(input({ rules })), 'planned_hours')
    expect(failed).toMatchObject({
      passed: false,
      severity: 'warn',
      details: { localTime: '10:00' },
    })
    const inside = [
      rule('planned_hours', { start: '09:30', end: '16:00', timeZone: 'America/New_York' }),
    ]
    expect(only(runChecks(input({ rules: inside })), 'planned_hours').passed).toBe(true)
    const weekdaysOnly = [
      rule('planned_hours', {
        start: '09:30',
        end: '16:00',
        timeZone: 'America/New_York',
        days: [2, 3],
      }),
    ]
    // 2025-01-06 is a Monday (1).
    expect(only(runChecks(input({ rules: weekdaysOnly })), 'planned_hours').passed).toBe(false)
  })

  it('lets a disabled rule switch off a profile check', () => {
    const configs = resolveChecks({ stopLossRequired: true }, [
      { ruleCode: 'stop_required', isEnabled: false, parameters: {} },
    ])
    expect(configs).toEqual([])
  })
})
