// [KILL-2] bulk statements. Half the writer's statements carry 1000–1400 fills, which the outbox
// queues as 'refs' ranges of up to 500 keys; the other device writes as many, so pulls run to many
// pages. The writer reaches the server through an observing proxy, and the kill lands a few
// milliseconds after the proxy sees a push (`sync_push`) or a pull page (`WHERE seq >`) leave the
// writer, or at random (often inside a bulk insert). Run under a CPU hog by `npm test`.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  expectNothingLost,
  runWriter,
  seeded,
  startObservingProxy,
  type KillPlan,
  type ObservingProxy,
} from './support/kill-harness'
import {
  openDevice,
  startSyncServer,
  writeFills,
  type Device,
  type SyncServer,
} from './support/world'

const KILLS = 12

let server: SyncServer
let proxy: ObservingProxy
let other: Device
let dataDir: string

beforeAll(async () => {
  server = await startSyncServer()
  proxy = await startObservingProxy(server.url)
  other = await openDevice({ batchSize: 200, pageSize: 200 })
  dataDir = mkdtempSync(join(tmpdir(), 'edgebook-kill-bulk-'))
})
afterAll(async () => {
  await other?.close()
  await proxy?.close()
  await server?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('kill test, bulk statements', () => {
  it(`[KILL-2] fills of 1000-row statements acknowledged before ${KILLS} SIGKILLs inside push, inside pull and at random are everywhere exactly once, unchanged`, async () => {
    const rng = seeded(7)
    const inside =
      (marker: string, where: string): KillPlan =>
      (kill) =>
        proxy.watch(marker, () => kill(rng() * 40, where))
    const plans: KillPlan[] = [
      inside('sync_push', 'inside push'),
      inside('WHERE seq >', 'inside pull'),
      (kill) => kill(300 + rng() * 2500, 'at random'),
    ]
    const acked = new Map<string, string>()
    const where: string[] = []
    for (let i = 0; i < KILLS; i++) {
      // The push and pull plans wait for their moment: a bulk statement may take a minute to
      // write on a loaded machine before the round starts.
      const isWaiting = i % plans.length < 2
      const run = await runWriter(
        dataDir,
        proxy.url,
        100 + i,
        'bulk',
        plans[i % plans.length]!,
        isWaiting ? 600_000 : 20_000,
      )
      proxy.unwatch()
      for (const [id, sum] of run.acked) acked.set(id, sum)
      where.push(run.killedAt)
      // The other device writes a bulk statement, so the killed one pulls many pages.
      await writeFills(other, 1000 + Math.floor(rng() * 200), 'other')
      await other.sync(server.url).catch(() => undefined)
    }
    expect(acked.size).toBeGreaterThan(2 * 1000)
    expect(where.filter((w) => w === 'inside push').length).toBeGreaterThanOrEqual(2)
    expect(where.filter((w) => w === 'inside pull').length).toBeGreaterThanOrEqual(2)
    await expectNothingLost(dataDir, server, other, acked)
  }, 3_600_000)
})
