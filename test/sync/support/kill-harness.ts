// What the sync kill tests share: a writer process killed at chosen moments, an observing proxy
// that tells when the writer is inside a push or a pull, and the final comparison of what was
// acknowledged with what is stored, by id and checksum.
import { spawn } from 'node:child_process'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { expect } from 'vitest'
import { openCore } from '../../../electron/core/core'
import { SyncEngine } from '../../../electron/core/sync/engine'
import { FILL_CHECKSUM_SQL } from './kill-checksum'
import type { Device, SyncServer } from './world'

const WRITER = join(import.meta.dirname, 'kill-writer.ts')

/** A seeded generator (the same sequence of kill moments every run). */
export function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

/** A TCP proxy that forwards everything and reports client chunks containing a marker. */
export type ObservingProxy = {
  url: string
  /** Calls `onMarker` the next time (only) a client chunk contains `marker`. */
  watch(marker: string, onMarker: () => void): void
  unwatch(): void
  close(): Promise<void>
}

export async function startObservingProxy(targetUrl: string): Promise<ObservingProxy> {
  const target = new URL(targetUrl)
  const sockets = new Set<Socket>()
  let watching: { marker: string; onMarker: () => void } | null = null
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname)
    sockets.add(client).add(upstream)
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk)
      if (watching && chunk.toString('latin1').includes(watching.marker)) {
        const { onMarker } = watching
        watching = null
        onMarker()
      }
    })
    upstream.on('data', (chunk: Buffer) => client.write(chunk))
    for (const s of [client, upstream]) {
      s.on('error', () => undefined)
      s.on('close', () => {
        sockets.delete(s)
        client.destroy()
        upstream.destroy()
      })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const url = new URL(targetUrl)
  url.port = String(port)
  url.hostname = '127.0.0.1'
  return {
    url: url.toString(),
    watch: (marker, onMarker) => (watching = { marker, onMarker }),
    unwatch: () => (watching = null),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** What one writer run acknowledged before it died, and where it died. */
export type WriterRun = { acked: Map<string, string>; killedAt: string }

/**
 * How a run chooses its moment. `arm` is called once the writer is ready, with `kill(delay,
 * where)` and `onLine(text, action)`, which runs `action` once at the next line equal to `text`.
 */
export type KillPlan = (
  kill: (delayMs: number, where: string) => void,
  onLine: (text: string, action: () => void) => void,
) => void

/**
 * Runs the writer on `dataDir` until it is SIGKILLed by `plan` (or, failing that, `deadlineMs`
 * after it is ready: a run always ends). The clock starts when the writer says `ready`, so a slow
 * start on a loaded machine is waited for, not killed; a plan that waits for a moment (a push, a
 * pull) gets a deadline long enough for a bulk statement to be written first on a loaded machine.
 */
export function runWriter(
  dataDir: string,
  url: string,
  seed: number,
  mode: 'small' | 'bulk',
  plan: KillPlan,
  deadlineMs = 20_000,
): Promise<WriterRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WRITER, dataDir, url, String(seed), mode],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const acked = new Map<string, string>()
    let killedAt = 'not yet'
    let timer: NodeJS.Timeout | null = null
    let stderr = ''
    const listeners = new Map<string, () => void>()
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const kill = (delayMs: number, where: string) => {
      if (timer) return
      killedAt = where
      timer = setTimeout(() => child.kill('SIGKILL'), delayMs)
    }
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.startsWith('ack ')) {
        const [, id, sum] = line.split(' ')
        if (id && sum) acked.set(id, sum)
        return
      }
      if (line === 'ready') {
        plan(kill, (text, action) => listeners.set(text, action))
        setTimeout(() => kill(0, 'deadline'), deadlineMs).unref()
      }
      const action = listeners.get(line)
      if (action) {
        listeners.delete(line)
        action()
      }
    })
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer)
      if (signal === 'SIGKILL') resolve({ acked, killedAt })
      else reject(new Error(`writer exited with ${code ?? signal}: ${stderr}`))
    })
  })
}

/** Id → checksum of the fills of `account` in a database reached by `query`. */
export async function storedFills(
  query: (
    sql: string,
    params: unknown[],
  ) => Promise<{ rows: { id: string; c: string; n: number }[] }>,
  account: string,
): Promise<Map<string, { c: string; n: number }>> {
  const res = await query(
    `SELECT t.id::text AS id, ${FILL_CHECKSUM_SQL} AS c, count(*) OVER (PARTITION BY t.id)::int AS n
     FROM journal.trade_fills t WHERE t.account = $1`,
    [account],
  )
  return new Map(res.rows.map((r) => [r.id, { c: r.c, n: r.n }]))
}

/**
 * Opens the killed data dir once more, lets it finish (one full round, nothing pending), then
 * holds every acknowledged fill — and every fill the killed device committed at all — equal by
 * id and checksum, exactly once, locally, on the server and on the other device.
 */
export async function expectNothingLost(
  dataDir: string,
  server: SyncServer,
  other: Device,
  acked: Map<string, string>,
): Promise<void> {
  const core = await openCore({ dataDir })
  await core.pg.exec(`SET TimeZone = 'UTC'`)
  const engine = new SyncEngine(core.deps)
  const last = await engine.syncNow(server.url)
  expect(last.pending).toBe(0)
  const local = await storedFills((sql, p) => core.pg.query(sql, p), 'kill')
  await engine.close()
  await core.close()
  await other.sync(server.url)
  const onServer = await storedFills((sql, p) => server.admin.query(sql, p), 'kill')
  const onOther = await storedFills((sql, p) => other.core.pg.query(sql, p), 'kill')

  const ackedRows = [...acked].map(([id, c]) => ({ id, c }))
  const view = (m: Map<string, { c: string; n: number }>) =>
    ackedRows.filter((r) => m.get(r.id)?.c !== r.c || m.get(r.id)?.n !== 1).map((r) => r.id)
  // Acknowledged: on the device, the server and the other device, once, with the same content.
  expect(view(local), 'acknowledged fills missing or changed on the device').toEqual([])
  expect(view(onServer), 'acknowledged fills missing or changed on the server').toEqual([])
  expect(view(onOther), 'acknowledged fills missing or changed on the other device').toEqual([])
  // Committed but not yet acknowledged when the kill came: the same everywhere too.
  const digest = (m: Map<string, { c: string; n: number }>) =>
    [...m].map(([id, v]) => `${id}:${v.c}:${v.n}`).sort()
  expect(digest(onServer)).toEqual(digest(local))
  expect(digest(onOther)).toEqual(digest(local))
  // The log holds each fill once per device id it was pushed under.
  const log = await server.admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT device, pk FROM sync.sync_changes
       WHERE table_name = 'trade_fills' GROUP BY device, pk HAVING count(*) > 1) d`,
  )
  expect(log.rows[0]?.n).toBe(0)
}
