import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { uuidv7 } from '../../../db/uuidv7'
import { openTestCore, type TestCore } from '../../support/core'
import { parsedFill, storeFills } from '../../support/store-fills'
import { resetJournal } from '../../support/journal'

describe('journal channels', () => {
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

  async function errorCode(result: Promise<{ ok: boolean; error?: { code: string } }>) {
    const r = await result
    return r.ok ? 'ok' : r.error?.code
  }

  it('saves a context, runs the checks and shows the nudge until the stop is set', async () => {
    const [entry] = await storeFills(core.pg, [parsedFill({ qty: 100, price: 50 })])
    if (!entry) throw new Error('no fill')
    await core.value('profile-save', { accountBalance: 10_000, stopLossRequired: true })
    const first = await core.value('context-save', {
      fillId: entry,
      contextType: 'entry',
      hypothesis: 'Breakout above the morning high',
      strategy: 'ORB',
      feelingsThen: [{ feeling: 'fomo', intensity: 4 }],
    })
    expect(first.context).toMatchObject({
      fillId: entry,
      contextType: 'entry',
      strategy: 'ORB',
      feelingsThen: [{ feeling: 'fomo', intensity: 4 }],
    })
    expect(first.checks).toHaveLength(1)
    const [nudge] = first.checks
    expect(nudge).toMatchObject({
      checkType: 'stop_required',
      phase: 'at_entry',
      severity: 'critical',
      passed: false,
      acknowledged: false,
    })
    expect(nudge?.nudge).toMatch(/no stop/)
    if (!nudge) return
    const acked = await core.value('check-acknowledge', { checkId: nudge.id, action: 'proceeded' })
    expect(acked).toMatchObject({ acknowledged: true, traderAction: 'proceeded' })
    expect(await core.value('checks-list', { isOpenOnly: true })).toEqual([])

    // A stop changes the verdict: same row, fresh verdict, acknowledgement cleared.
    const second = await core.value('context-save', {
      fillId: entry,
      contextType: 'entry',
      exitIntent: { stop: 49, target: 55 },
    })
    expect(second.context?.hypothesis).toBe('Breakout above the morning high')
    expect(second.context?.exitIntent).toEqual({ stop: 49, target: 55, time: null })
    expect(second.checks).toEqual([
      expect.objectContaining({
        id: nudge.id,
        passed: true,
        severity: 'info',
        acknowledged: false,
      }),
    ])
  })

  it('answers not-found for a context on an unknown fill and invalid-input for bad feelings', async () => {
    expect(
      await errorCode(core.call('context-save', { fillId: uuidv7(), contextType: 'entry' })),
    ).toBe('not-found')
    const [fill] = await storeFills(core.pg, [parsedFill()])
    expect(
      await errorCode(
        core.call('context-save', {
          fillId: fill ?? '',
          contextType: 'entry',
          feelingsThen: [{ feeling: 'fomo', intensity: 9 }],
        }),
      ),
    ).toBe('invalid-input')
    expect(
      await errorCode(core.call('check-acknowledge', { checkId: uuidv7(), action: 'proceeded' })),
    ).toBe('not-found')
  })

  it('nudges a re-entry minutes after a loss under the revenge rule', async () => {
    await core.value('rules-save', {
      rules: [{ ruleCode: 'revenge_reentry', parameters: { minutes: 15 } }],
    })
    const ids = await storeFills(core.pg, [
      parsedFill({ qty: 1, price: 100, executedAt: '2025-01-06T14:30:00Z' }),
      parsedFill({ qty: -1, price: 90, executedAt: '2025-01-06T14:40:00Z' }),
      parsedFill({ symbol: 'OTHER', qty: 1, price: 5, executedAt: '2025-01-06T14:45:00Z' }),
    ])
    const reentry = ids[2]
    if (!reentry) throw new Error('no fill')
    const saved = await core.value('context-save', { fillId: reentry, contextType: 'entry' })
    expect(saved.checks).toEqual([
      expect.objectContaining({ checkType: 'revenge_reentry', passed: false, severity: 'warn' }),
    ])
    expect(saved.checks[0]?.details).toMatchObject({ gapMinutes: 5, loss: -10 })
    const open = await core.value('checks-list', { account: 'acc', isOpenOnly: true })
    expect(open.map((c) => c.fillId)).toEqual([reentry])
  })

  it('uses the context stop for the R-multiple and the strategy for the breakdown', async () => {
    const [a] = await storeFills(core.pg, [
      parsedFill({ qty: 100, price: 50, commission: 1 }),
      parsedFill({ qty: -100, price: 53, commission: 1, executedAt: '2025-01-06T15:00:00Z' }),
    ])
    if (!a) throw new Error('no fill')
    // Fills written straight into the ledger reach the stored campaigns by a regroup.
    await core.value('campaigns-rebuild', {})
    await core.value('context-save', {
      fillId: a,
      contextType: 'entry',
      strategy: 'Pullback',
      exitIntent: { stop: 49 },
    })
    const [campaign] = await core.campaigns({})
    expect(campaign).toMatchObject({
      stop: 49,
      initialRisk: 100,
      netPnl: 298,
      strategy: 'Pullback',
    })
    expect(campaign?.rMultiple).toBeCloseTo(2.98, 10)
    await core.value('journal-save-entry', {
      date: '2025-01-06',
      entryType: 'trade_review',
      content: 'Waited for the pullback.',
      tags: ['patience', 'patience', 'a-setup'],
      campaignId: a,
    })
    const stats = await core.value('journal-stats', {})
    expect(stats.breakdowns.byStrategy).toEqual([
      { key: 'Pullback', campaigns: 1, wins: 1, losses: 0, netPnl: 298, winRate: 1 },
    ])
    expect(stats.breakdowns.byTag.map((r) => r.key)).toEqual(['a-setup', 'patience'])
  })

  it('keeps rules and the profile, replacing rules as a set', async () => {
    const saved = await core.value('rules-save', {
      rules: [
        { ruleCode: 'max_trades_per_day', parameters: { max: 3 } },
        { ruleCode: 'planned_hours', parameters: { start: '09:30', end: '16:00' } },
      ],
    })
    expect(saved.map((r) => r.ruleCode)).toEqual(['max_trades_per_day', 'planned_hours'])
    const replaced = await core.value('rules-save', {
      rules: [{ ruleCode: 'max_trades_per_day', isEnabled: false, parameters: { max: 5 } }],
    })
    expect(replaced).toEqual([
      expect.objectContaining({
        ruleCode: 'max_trades_per_day',
        isEnabled: false,
        parameters: { max: 5 },
      }),
    ])
    expect(replaced[0]?.id).toBe(saved[0]?.id)
    expect(
      await errorCode(
        core.call('rules-save', {
          rules: [{ ruleCode: 'stop_required' }, { ruleCode: 'stop_required' }],
        }),
      ),
    ).toBe('invalid-input')

    await core.value('profile-save', { accountBalance: 25_000, maxRiskPerTradePct: 1 })
    const profile = await core.value('profile-save', { timeZone: 'America/New_York' })
    expect(profile).toMatchObject({
      accountBalance: 25_000,
      maxRiskPerTradePct: 1,
      timeZone: 'America/New_York',
      stopLossRequired: null,
    })
    expect(await core.value('profile-get', {})).toEqual(profile)
  })

  it('writes, lists, edits and deletes journal entries per day', async () => {
    const made = await core.value('journal-save-entry', {
      date: '2025-01-06',
      entryType: 'pre_market',
      content: 'CPI at 8:30, no trades before 9:45.',
      mood: 'neutral',
      tags: ['macro'],
    })
    await core.value('journal-save-entry', {
      date: '2025-01-07',
      entryType: 'post_market',
      content: 'Followed the plan.',
    })
    const edited = await core.value('journal-save-entry', {
      id: made.id,
      date: '2025-01-06',
      entryType: 'pre_market',
      content: 'CPI at 8:30, no trades before 10:00.',
      mood: 'good',
    })
    expect(edited).toMatchObject({ id: made.id, mood: 'good', tags: [] })
    expect((await core.value('journal-list-entries', {})).map((e) => e.date)).toEqual([
      '2025-01-07',
      '2025-01-06',
    ])
    expect(
      await core.value('journal-list-entries', { from: '2025-01-06', to: '2025-01-06' }),
    ).toEqual([edited])
    await core.value('journal-delete-entry', { id: made.id })
    expect(await core.value('journal-list-entries', {})).toHaveLength(1)
    expect(await errorCode(core.call('journal-delete-entry', { id: made.id }))).toBe('not-found')
  })

  it('deletes a context with its checks', async () => {
    const [fill] = await storeFills(core.pg, [parsedFill()])
    if (!fill) throw new Error('no fill')
    await core.value('profile-save', { stopLossRequired: true })
    await core.value('context-save', { fillId: fill, contextType: 'entry' })
    expect(await core.value('checks-list', {})).toHaveLength(1)
    await core.value('context-delete', { fillId: fill })
    expect(await core.value('context-get', { fillId: fill })).toEqual({ context: null, checks: [] })
    expect(await core.value('checks-list', {})).toEqual([])
    expect(await errorCode(core.call('context-delete', { fillId: fill }))).toBe('not-found')
  })
})
