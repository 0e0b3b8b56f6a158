// [KILL-1] small statements. A device process writes fills and syncs until it is SIGKILLed: odd
// runs a few milliseconds into a sync round, even runs at a random moment. Run under a CPU hog by
// `npm test` (test/support/kill-under-load.mjs), so the promise holds on a busy machine.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNothingLost, runWriter, seeded, type KillPlan } from './support/kill-harness'
import {
  openDevice,
  startSyncServer,
  writeFills,
  type Device,
  type SyncServer,
} from './support/world'

const KILLS = 20

let server: SyncServer
let other: Device
let dataDir: string

beforeAll(async () => {
  server = await startSyncServer()
  other = await openDevice({ batchSize: 10, pageSize: 10 })
  dataDir = mkdtempSync(join(tmpdir(), 'edgebook-kill-'))
})
afterAll(async () => {
  await other?.close()
  await server?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('kill test', () => {
  it(`[KILL-1] every fill acknowledged before ${KILLS} SIGKILLs is on the server and another device exactly once, unchanged`, async () => {
    const rng = seeded(42)
    // Odd runs die 0–120 ms after a round starts (in push, pull or between); even ones at random.
    const inRound: KillPlan = (kill, onLine) =>
      onLine('event sync-started', () => kill(rng() * 120, 'in a sync round'))
    const atRandom: KillPlan = (kill) => kill(200 + rng() * 1500, 'at random')
    const acked = new Map<string, string>()
    const where: string[] = []
    for (let i = 0; i < KILLS; i++) {
      const run = await runWriter(dataDir, server.url, i + 1, 'small', i % 2 ? inRound : atRandom)
      for (const [id, sum] of run.acked) acked.set(id, sum)
      where.push(run.killedAt)
      // Meanwhile another device writes, so the killed one has pages to pull.
      await writeFills(other, 7, 'other')
      await other.sync(server.url).catch(() => undefined)
    }
    expect(acked.size).toBeGreaterThan(KILLS)
    expect(where.filter((w) => w === 'in a sync round').length).toBeGreaterThanOrEqual(
      KILLS / 2 - 1,
    )
    await expectNothingLost(dataDir, server, other, acked)
  }, 3_600_000)
})
