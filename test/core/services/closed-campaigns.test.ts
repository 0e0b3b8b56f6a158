// The statistics keep closed campaigns decoded in memory between reads; every change to what
// they read must reach the next answer, also a change written the way sync applies pulled rows
// (session_replication_role = replica, where ordinary triggers stay silent).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { uuidv7 } from '../../../db/uuidv7'
import { openTestCore, type TestCore } from '../../support/core'
import { resetJournal } from '../../support/journal'
import { parsedFill, storeFills } from '../../support/store-fills'

describe('statistics read through the closed-campaign store', () => {
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

  it('answers from memory while nothing changed and sees every change after', async () => {
    const [a = '', , c = ''] = await storeFills(core.pg, [
      parsedFill({ qty: 2, price: 10, executedAt: '2025-01-06T14:30:00Z' }),
      parsedFill({ qty: -2, price: 11, executedAt: '2025-01-06T15:00:00Z' }),
      parsedFill({ qty: 1, price: 10, executedAt: '2025-01-07T14:30:00Z' }),
      parsedFill({ qty: -1, price: 9, executedAt: '2025-01-07T15:00:00Z' }),
    ])
    await core.value('campaigns-rebuild', {})
    const first = await core.value('journal-stats', { timeZone: 'UTC' })
    expect(first).toMatchObject({ closed: 2, netPnl: 1 })
    expect(await core.deps.closedCampaigns.get(core.deps.db)).toBe(
      await core.deps.closedCampaigns.get(core.deps.db),
    )

    // A strategy and a tag written as a pulled page writes them: triggers off except ALWAYS ones.
    await core.pg.transaction(async (tx) => {
      await tx.query(`SELECT set_config('session_replication_role', 'replica', true)`)
      const strategy = uuidv7()
      await tx.query(`INSERT INTO strategy.strategies (id, name) VALUES ($1, 'Breakout')`, [
        strategy,
      ])
      await tx.query(
        `INSERT INTO journal.decision_contexts (id, fill_id, context_type, strategy_id)
         VALUES ($1, $2, 'entry', $3)`,
        [uuidv7(), a, strategy],
      )
      await tx.query(
        `INSERT INTO journal.journal_entries (id, date, entry_type, content, tags, trade_id)
         VALUES ($1, '2025-01-07', 'general', 'late exit', '["late"]'::jsonb, $2)`,
        [uuidv7(), c],
      )
    })
    const second = await core.value('journal-stats', { timeZone: 'UTC' })
    expect(second.breakdowns.byStrategy.map((r) => [r.key, r.netPnl])).toEqual([
      ['(none)', -1],
      ['Breakout', 2],
    ])
    expect(second.breakdowns.byTag.map((r) => [r.key, r.netPnl])).toEqual([['late', -1]])

    // A new import moves the numbers.
    await storeFills(core.pg, [
      parsedFill({ qty: 3, price: 10, executedAt: '2025-01-08T14:30:00Z' }),
      parsedFill({ qty: -3, price: 12, executedAt: '2025-01-08T15:00:00Z' }),
    ])
    await core.value('campaigns-rebuild', {})
    expect(await core.value('journal-stats', { timeZone: 'UTC' })).toMatchObject({
      closed: 3,
      netPnl: 7,
    })
  })
})
