// Sync benchmark against a local PostgreSQL server (started here, or EDGEBOOK_BENCH_PG_URL):
//  1. capture cost: 100k fills written through the fills repo with capture on, then the same on a
//     fresh data dir with the capture trigger disabled (same machine, same run);
//  2. the first push of those 100k fills (target ≤ 15 s);
//  3. an incremental round trip of 100 changes, pushed by one device and pulled by another
//     (target ≤ 300 ms, median of several rounds).
// PGlite on disk, as the app runs it. Prints one JSON summary. Run with `npm run bench:sync`.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openRemoteDb } from '../db/client'
import { migrateRemote } from '../db/migrate'
import { insertFills, insertImportBatch, type FillInsert } from '../db/repos/fills-repo'
import { serverSetupSql } from '../db/sync/server-sql'
import { uuidv7 } from '../db/uuidv7'
import { openCore, type Core } from '../electron/core/core'
import { SyncEngine } from '../electron/core/sync/engine'
import { pendingCount } from '../electron/core/sync/local'
import { localSchemaVersion } from '../electron/core/sync/schema-version'
import { startPgServer } from '../test/support/pg-server'
import type { PGlite } from '@electric-sql/pglite'
import { rawOf } from '../db/query'

const FILLS = Number(process.env.BENCH_FILLS ?? 100_000)
const ROUNDS = 7
const TARGET_FIRST_PUSH_MS = 15_000
const TARGET_ROUND_TRIP_MS = 300

function makeFills(count: number, batchId: string, seed: number): FillInsert[] {
  const start = Date.UTC(2024, 0, 2, 14, 30)
  return Array.from({ length: count }, (_, i) => ({
    id: uuidv7(),
    account: `ACC-${(i % 4) + 1}`,
    symbol: ['AAPL', 'MSFT', 'NVDA', 'ESZ5'][i % 4] ?? 'AAPL',
    side: i % 3 === 0 ? 'sell' : 'buy',
    quantity: 1 + (i % 5),
    price: 100 + (i % 100) / 4,
    fees: 0.5,
    multiplier: 1,
    executedAt: new Date(start + i * 1000).toISOString(),
    broker: 'bench',
    assetType: 'stock',
    currency: 'USD',
    orderId: null,
    externalTradeId: `sync-bench-${seed}-${i}`,
    contentHash: `sync-bench-${seed}-${i}`,
    importBatchId: batchId,
    rawData: { line: i + 2 },
  }))
}

async function importFills(core: Core, rows: FillInsert[]): Promise<number> {
  const batchId = rows[0]?.importBatchId ?? uuidv7()
  const t0 = performance.now()
  await core.deps.db.transaction(async (tx) => {
    await insertImportBatch(tx, {
      id: batchId,
      fileName: 'bench.csv',
      format: 'generic',
      account: null,
      fileSha256: `bench-${batchId}`,
    })
    await insertFills(tx, rows)
  })
  return performance.now() - t0
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

const dirs: string[] = []
function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `edgebook-bench-sync-${name}-`))
  dirs.push(dir)
  return dir
}

const external = process.env.EDGEBOOK_BENCH_PG_URL
const server = external ? null : await startPgServer()
const url = external ?? server?.url ?? ''
try {
  const remote = openRemoteDb(url)
  await migrateRemote(remote.db)
  await remote.pool.query(serverSetupSql(localSchemaVersion()))
  await remote.close()

  // 1. Capture cost on the import path: alternate runs with and without the capture trigger on
  // fresh data dirs and keep the best of each, so a busy machine skews both sides alike.
  const plainRuns: number[] = []
  const captureRuns: number[] = []
  for (let run = 0; run < 2; run++) {
    const plain = await openCore({ dataDir: tempDir('plain') })
    await rawOf(plain.deps.db).exec(
      'ALTER TABLE journal.trade_fills DISABLE TRIGGER sync_capture_ins',
    )
    plainRuns.push(await importFills(plain, makeFills(FILLS, uuidv7(), 10 + run)))
    await plain.close()
    if (run === 1) continue
    const captured = await openCore({ dataDir: tempDir('captured') })
    captureRuns.push(await importFills(captured, makeFills(FILLS, uuidv7(), 20 + run)))
    await captured.close()
  }
  const a = await openCore({ dataDir: tempDir('a') })
  captureRuns.push(await importFills(a, makeFills(FILLS, uuidv7(), 2)))
  const importWithoutCaptureMs = Math.min(...plainRuns)
  const importWithCaptureMs = Math.min(...captureRuns)
  const outboxChanges = await pendingCount(rawOf(a.deps.db) as PGlite)

  // 2. First push of everything.
  const engineA = new SyncEngine(a.deps)
  const t0 = performance.now()
  const first = await engineA.syncNow(url)
  const firstPushMs = performance.now() - t0

  // A second device catches up (pull of 100k).
  const b = await openCore({ dataDir: tempDir('b') })
  const engineB = new SyncEngine(b.deps)
  const t1 = performance.now()
  const firstPull = await engineB.syncNow(url)
  const firstPullMs = performance.now() - t1

  // 3. Incremental round trips: 50 new fills and 50 entry edits on A, then A pushes, B pulls.
  const entryIds = Array.from({ length: 50 }, () => uuidv7())
  for (const id of entryIds) {
    await rawOf(a.deps.db).query(
      `INSERT INTO journal.journal_entries (id, date, entry_type, content) VALUES ($1, '2026-01-02', 'daily', 'v0')`,
      [id],
    )
  }
  await engineA.syncNow(url)
  await engineB.syncNow(url)
  const roundTrips: number[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    await importFills(a, makeFills(50, uuidv7(), 100 + round))
    await rawOf(a.deps.db).query(
      'UPDATE journal.journal_entries SET content = $1 WHERE id = ANY($2::uuid[])',
      [`v${round}`, entryIds],
    )
    const t = performance.now()
    const pushed = await engineA.syncNow(url)
    const pulled = await engineB.syncNow(url)
    roundTrips.push(performance.now() - t)
    // 100 changes plus the import batch row the fills belong to.
    if (pushed.pushed < 100 || pulled.pulled < 100)
      throw new Error(`round ${round}: pushed ${pushed.pushed}, pulled ${pulled.pulled}`)
  }
  await engineA.close()
  await engineB.close()
  await a.close()
  await b.close()

  const roundTripMedianMs = median(roundTrips)
  const summary = {
    bench: 'sync',
    server: server?.version ?? 'external',
    fills: FILLS,
    capture: {
      importWithoutCaptureMs: Math.round(importWithoutCaptureMs),
      importWithCaptureMs: Math.round(importWithCaptureMs),
      runsMs: { without: plainRuns.map(Math.round), with: captureRuns.map(Math.round) },
      overheadRatio: Number((importWithCaptureMs / importWithoutCaptureMs).toFixed(2)),
      outboxChanges,
    },
    firstPush: {
      ms: Math.round(firstPushMs),
      pushed: first.pushed,
      targetMs: TARGET_FIRST_PUSH_MS,
      isWithinTarget: firstPushMs <= TARGET_FIRST_PUSH_MS,
    },
    firstPull: { ms: Math.round(firstPullMs), pulled: firstPull.pulled },
    roundTrip100: {
      medianMs: Math.round(roundTripMedianMs),
      roundsMs: roundTrips.map((v) => Math.round(v)),
      targetMs: TARGET_ROUND_TRIP_MS,
      isWithinTarget: roundTripMedianMs <= TARGET_ROUND_TRIP_MS,
    },
  }
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
} finally {
  await server?.stop()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
}
