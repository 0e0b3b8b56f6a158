import { resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DataChangedEvent } from '../../../electron/core/contract/events'
import { openTestCore, type TestCore } from '../../support/core'
import { resetJournal } from '../../support/journal'
import { parsedFill, storeFills } from '../../support/store-fills'

const sample = resolve(
  import.meta.dirname,
  '../../fixtures/broker-samples/tastytrade-history-CL-future.csv',
)

describe('data-changed from journal writes', () => {
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

  /** The domains each `data-changed` announced while `write` ran. */
  async function announced(write: () => Promise<unknown>): Promise<string[][]> {
    const from = core.events.length
    await write()
    return core.events
      .slice(from)
      .filter((e) => e.event === 'data-changed')
      .map((e) => [...(e.payload as DataChangedEvent).domains].sort())
  }

  it('an import and its undo name fills and campaigns', async () => {
    let batchId = ''
    expect(
      await announced(async () => {
        batchId = (await core.value('fills-import', { path: sample })).batchId
      }),
    ).toEqual([['campaigns', 'fills']])
    expect(await announced(() => core.value('import-undo', { batchId }))).toEqual([
      ['campaigns', 'fills'],
    ])
  })

  it('contexts name journal and campaigns; entries, rules and profile name journal', async () => {
    const [fillId] = await storeFills(core.pg, [parsedFill({ qty: 1, price: 10 })])
    if (!fillId) throw new Error('no fill')
    expect(
      await announced(() => core.value('context-save', { fillId, contextType: 'entry' })),
    ).toEqual([['campaigns', 'journal']])
    expect(await announced(() => core.value('context-delete', { fillId }))).toEqual([
      ['campaigns', 'journal'],
    ])
    expect(
      await announced(() =>
        core.value('journal-save-entry', {
          date: '2025-01-06',
          entryType: 'general',
          content: 'x',
        }),
      ),
    ).toEqual([['journal']])
    expect(await announced(() => core.value('rules-save', { rules: [] }))).toEqual([['journal']])
    expect(await announced(() => core.value('profile-save', { accountBalance: 1 }))).toEqual([
      ['journal'],
    ])
    expect(await announced(() => core.value('campaigns-rebuild', {}))).toEqual([['campaigns']])
  })

  it('a refused write announces nothing', async () => {
    expect(
      await announced(() => core.call('context-delete', { fillId: crypto.randomUUID() })),
    ).toEqual([])
  })
})
