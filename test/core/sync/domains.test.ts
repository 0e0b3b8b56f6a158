import { describe, expect, it } from 'vitest'
import { DATA_DOMAINS } from '../../../electron/core/contract/events'
import { domainsOfChanges, domainsOfTable } from '../../../electron/core/sync/domains'

describe('domainsOfTable', () => {
  it('puts fills and import batches in fills and campaigns', () => {
    expect(domainsOfTable('journal', 'trade_fills')).toEqual(['fills', 'campaigns'])
    expect(domainsOfTable('journal', 'import_batches')).toEqual(['fills', 'campaigns'])
  })

  it('puts contexts and checks in journal and campaigns, other journal tables in journal', () => {
    expect(domainsOfTable('journal', 'decision_contexts')).toEqual(['journal', 'campaigns'])
    expect(domainsOfTable('journal', 'campaign_checks')).toEqual(['journal', 'campaigns'])
    expect(domainsOfTable('journal', 'journal_entries')).toEqual(['journal'])
    expect(domainsOfTable('core', 'user_profiles')).toEqual(['journal'])
    expect(domainsOfTable('core', 'user_rules')).toEqual(['journal'])
  })

  it('maps strategy, market and backtest schemas to their domain', () => {
    expect(domainsOfTable('strategy', 'strategies')).toEqual(['strategy'])
    expect(domainsOfTable('strategy', 'variable_lists')).toEqual(['strategy'])
    expect(domainsOfTable('market', 'ohlcv_bars')).toEqual(['market'])
    expect(domainsOfTable('backtest', 'backtest_results')).toEqual(['backtest'])
  })

  it('gives no domain to tables no view reads', () => {
    expect(domainsOfTable('sync', 'sync_conflicts')).toEqual([])
    expect(domainsOfTable('core', 'waitlist')).toEqual([])
    expect(domainsOfTable('nowhere', 'x')).toEqual([])
  })

  it('only ever names domains of the closed set', () => {
    const tables = [
      ['journal', 'trade_fills'],
      ['journal', 'wheel_legs'],
      ['core', 'user_accounts'],
      ['strategy', 'strategies'],
      ['market', 'x'],
      ['backtest', 'x'],
    ] as const
    for (const [schema, table] of tables) {
      for (const domain of domainsOfTable(schema, table)) expect(DATA_DOMAINS).toContain(domain)
    }
  })
})

describe('domainsOfChanges', () => {
  it('names each domain of a page once, in the order first met', () => {
    const page = [
      { sc: 'journal', t: 'journal_entries', op: 'put', r: {} },
      { sc: 'journal', t: 'trade_fills', op: 'put', r: {} },
      { sc: 'journal', t: 'trade_fills', op: 'put', r: {} },
      { sc: 'journal', t: 'decision_contexts', op: 'put', r: {} },
    ]
    expect(domainsOfChanges(page)).toEqual(['journal', 'fills', 'campaigns'])
  })

  it('skips changes without a schema and table, and an empty page has no domain', () => {
    expect(domainsOfChanges([{ sc: 1, t: null }, {}])).toEqual([])
    expect(domainsOfChanges([])).toEqual([])
  })
})
