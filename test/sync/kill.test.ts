import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/core'
import { SyncEngine } from '../../electron/core/sync/engine'
import {
  openDevice,
  startSyncServer,
  writeFills,
  type Device,
  type SyncServer,
} from './support/world'

const KILLS = 20
const WRITER = join(import.meta.dirname, 'support', 'kill-writer.ts')

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

type Run = { acked: string[]; sawSync: boolean }

/** Runs the writer until it is SIGKILLed at a random moment (some right inside a sync round). */
function runAndKill(iteration: number, rng: () => number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', WRITER, dataDir, server.url, String(iteration + 1)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const acked: string[] = []
    let sawSync = false
    let timer: NodeJS.Timeout | null = null
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const kill = (delayMs: number) => {
      if (timer) return
      timer = setTimeout(() => child.kill('SIGKILL'), delayMs)
    }
    // Odd runs die a few milliseconds into a sync round (push or pull); even ones at random.
    const inSync = iteration % 2 === 1
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.startsWith('ack ')) acked.push(line.slice(4))
      else if (line === 'ready' && !inSync) kill(200 + rng() * 1500)
      else if (line === 'event sync-started') {
        sawSync = true
        if (inSync && acked.length > 0) kill(rng() * 120)
      }
    })
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer)
      if (signal === 'SIGKILL') resolve({ acked, sawSync })
      else reject(new Error(`writer exited with ${code ?? signal}: ${stderr}`))
    })
    // A run that never reaches a sync round still dies.
    setTimeout(() => kill(0), 15_000).unref()
  })
}

describe('kill test', () => {
  it(`[KILL-1] every fill acknowledged before ${KILLS} SIGKILLs is on the server and another device exactly once`, async () => {
    let s = 42
    const rng = () => {
      s = (s * 1103515245 + 12345) % 2147483648
      return s / 2147483648
    }
    const acked = new Set<string>()
    let killedInSync = 0
    for (let i = 0; i < KILLS; i++) {
      const run = await runAndKill(i, rng)
      for (const id of run.acked) acked.add(id)
      if (run.sawSync) killedInSync++
      // Meanwhile another device writes, so the killed one has pages to pull.
      await writeFills(other, 7, 'other')
      await other.sync(server.url).catch(() => undefined)
    }
    expect(acked.size).toBeGreaterThan(KILLS)
    expect(killedInSync).toBeGreaterThanOrEqual(KILLS / 2 - 1)

    // The data dir opens again and finishes its work.
    const core = await openCore({ dataDir })
    const engine = new SyncEngine(core.deps)
    const last = await engine.syncNow(server.url)
    expect(last.pending).toBe(0)
    const local = await core.deps.pg.query<{ id: string }>(
      `SELECT id::text AS id FROM journal.trade_fills WHERE account = 'kill'`,
    )
    await engine.close()
    await core.close()
    await other.sync(server.url)

    const ids = [...acked]
    const onServer = await server.admin.query<{ id: string; n: number }>(
      `SELECT id::text AS id, count(*)::int AS n FROM journal.trade_fills
       WHERE id = ANY($1::uuid[]) GROUP BY id`,
      [ids],
    )
    const onOther = await other.core.deps.pg.query<{ id: string; n: number }>(
      `SELECT id::text AS id, count(*)::int AS n FROM journal.trade_fills
       WHERE id = ANY($1::uuid[]) GROUP BY id`,
      [ids],
    )
    const localIds = new Set(local.rows.map((r) => r.id))
    expect(ids.filter((id) => !localIds.has(id))).toEqual([])
    expect(onServer.rows.map((r) => r.id).sort()).toEqual([...ids].sort())
    expect(onServer.rows.every((r) => r.n === 1)).toBe(true)
    expect(onOther.rows.map((r) => r.id).sort()).toEqual([...ids].sort())
    expect(onOther.rows.every((r) => r.n === 1)).toBe(true)
    // Nothing committed on the killed device is missing anywhere, acknowledged or not.
    const serverKill = await server.admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.trade_fills WHERE account = 'kill'`,
    )
    expect(serverKill.rows[0]?.n).toBe(localIds.size)
    // The log holds each of the killed device's fills once per device id it pushed under.
    const log = await server.admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT device, pk FROM sync.sync_changes
         WHERE table_name = 'trade_fills' GROUP BY device, pk HAVING count(*) > 1) d`,
    )
    expect(log.rows[0]?.n).toBe(0)
  }, 600_000)
})
