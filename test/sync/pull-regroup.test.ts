import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeCampaigns } from '../../electron/core/handlers/campaigns'
import { openDevice, startSyncServer, type Device, type SyncServer } from './support/world'

let server: SyncServer
let a: Device
let b: Device

beforeAll(async () => {
  server = await startSyncServer()
  a = await openDevice()
  b = await openDevice()
}, 300_000)
afterAll(async () => {
  await a?.close()
  await b?.close()
  await server?.stop()
})

const MAPPING = {
  columns: {
    account: 'account',
    symbol: 'symbol',
    side: 'side',
    qty: 'qty',
    price: 'price',
    time: 'time',
    executionId: 'exec_id',
  },
  dateFormat: 'iso',
} as const

function csv(rows: [string, string, 'buy' | 'sell', number, number, string, string][]): string {
  return ['account,symbol,side,qty,price,time,exec_id', ...rows.map((r) => r.join(','))].join('\n')
}

describe('a sync pull regroups what it applied', () => {
  it('[SYNC-CAMPAIGNS] pulled fills, a pulled undo and a pulled context reach the stored campaigns', async () => {
    // Device b has read its (empty) journal: its summaries are current and only write paths
    // keep them from here on.
    expect(await b.core.value('campaigns-list', {})).toEqual([])
    const first = await a.core.value('fills-import', {
      content: csv([
        ['acct', 'ACME', 'buy', 2, 10, '2026-01-05T14:30:00Z', 'e1'],
        ['acct', 'ACME', 'sell', 2, 12, '2026-01-05T15:00:00Z', 'e2'],
        ['acct', 'ACME', 'buy', 1, 11, '2026-01-05T16:00:00Z', 'e3'],
      ]),
      fileName: 'first.csv',
      broker: 'generic',
      mapping: MAPPING,
    })
    const second = await a.core.value('fills-import', {
      content: csv([['acct', 'ACME', 'sell', 1, 15, '2026-01-05T17:00:00Z', 'e4']]),
      fileName: 'second.csv',
      broker: 'generic',
      mapping: MAPPING,
    })
    await a.sync(server.url)
    await b.sync(server.url)
    const pulled = await b.core.value('campaigns-list', {})
    expect(pulled.map((c) => [c.status, c.netPnl])).toEqual([
      ['closed', 4],
      ['closed', 4],
    ])
    expect(pulled).toEqual((await computeCampaigns(b.core.deps.pg)).campaigns)

    // An undo on a: the batch arrives stamped undone, and b's second campaign opens again.
    await a.core.value('import-undo', { batchId: second.batchId })
    await a.sync(server.url)
    await b.sync(server.url)
    const afterUndo = await b.core.value('campaigns-list', {})
    expect(afterUndo.map((c) => c.status)).toEqual(['closed', 'open'])
    expect(afterUndo).toEqual((await computeCampaigns(b.core.deps.pg)).campaigns)

    // A context with a stop on a's opening fill gives the first campaign its risk on b.
    const opening = afterUndo[0]?.groupId ?? ''
    await a.core.value('context-save', {
      fillId: opening,
      contextType: 'entry',
      strategy: 'breakout',
      exitIntent: { stop: 9 },
    })
    await a.sync(server.url)
    await b.sync(server.url)
    const withContext = await b.core.value('campaigns-list', {})
    expect(withContext[0]).toMatchObject({ stop: 9, initialRisk: 2, rMultiple: 2 })
    expect(withContext).toEqual((await computeCampaigns(b.core.deps.pg)).campaigns)
    expect(first.fills).toBe(3)
  }, 300_000)
})
