import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../../db/uuidv7'
import type { DataChangedEvent } from '../../electron/core/contract/events'
import { addContext, upsertEntry, writeFills, twoDevices, type Device } from './support/world'

const { server, a, b } = twoDevices(undefined, { isResetEach: true })

/** The `data-changed` events a device announced since `from`. */
function changesSince(device: Device, from: number): DataChangedEvent[] {
  return device.core.events
    .slice(from)
    .filter((e) => e.event === 'data-changed')
    .map((e) => e.payload as DataChangedEvent)
}

describe('a sync pull announces what it applied', () => {
  it('emits data-changed once with the domains of the pulled fills, after regrouping', async () => {
    await writeFills(a, 12, 'acct-pull')
    await a.sync(server.url)
    const from = b.core.events.length
    // More changes than one pull page (5): still one event for the whole round.
    const result = await b.sync(server.url)
    expect(result.pulled).toBe(12)
    const changes = changesSince(b, from)
    expect(changes).toHaveLength(1)
    expect([...(changes[0]?.domains ?? [])].sort()).toEqual(['campaigns', 'fills'])
    // The pulled fills are grouped by the time the event is out: a refetch sees them.
    const campaigns = await b.core.campaigns({ account: 'acct-pull' })
    expect(campaigns.length).toBeGreaterThan(0)
  })

  it('names journal (and campaigns for contexts) when entries and contexts are pulled', async () => {
    const [fill] = await writeFills(a, 1, 'acct-notes')
    await a.sync(server.url)
    await b.sync(server.url)
    await upsertEntry(a, uuidv7(), 'pulled entry')
    await addContext(a, fill as string, 'pulled context')
    await a.sync(server.url)
    const from = b.core.events.length
    await b.sync(server.url)
    const changes = changesSince(b, from)
    expect(changes).toHaveLength(1)
    expect([...(changes[0]?.domains ?? [])].sort()).toEqual(['campaigns', 'journal'])
  })

  it('emits nothing when a round pulls nothing', async () => {
    await writeFills(a, 2)
    await a.sync(server.url)
    const from = a.core.events.length
    const result = await a.sync(server.url)
    expect(result.pulled).toBe(0)
    expect(changesSince(a, from)).toEqual([])
  })
})
