import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncResult, SyncStatus } from '../../electron/core/contract/sync'
import {
  CREDENTIALS_FILE,
  loadCredentialsFile,
  saveCredentialsFile,
} from '../../electron/core/sync/credentials'
import { startPgServer, type PgServer } from '../support/pg-server'
import { openDevice, writeFills, type Device } from './support/world'

const run = promisify(execFile)
const CLI = join(import.meta.dirname, '..', '..', 'electron', 'cli', 'edgebook.mjs')

let server: PgServer
let dir: string

async function cli(args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [CLI, ...args], { timeout: 120_000 })
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as unknown
}

beforeAll(async () => {
  server = await startPgServer()
  dir = mkdtempSync(join(tmpdir(), 'edgebook-sync-cli-'))
})
afterAll(async () => {
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('sync on the command line', () => {
  it('[CLI-1] init-server prepares the server and prints grants; sync --once and status answer JSON', async () => {
    const init = (await cli([
      'sync',
      'init-server',
      '--url',
      server.url,
      '--print-grants',
      '--role',
      'syncer',
      '--json',
    ])) as { schemaVersion: string; grants: string }
    expect(init.schemaVersion).toMatch(/^\d{4}_/)
    expect(init.grants).toContain(
      'GRANT EXECUTE ON FUNCTION sync.sync_push(text, text, jsonb) TO "syncer"',
    )

    const dataDir = join(dir, 'device')
    const first = (await cli([
      '--data-dir',
      dataDir,
      'sync',
      '--url',
      server.url,
      '--once',
      '--json',
    ])) as SyncResult
    expect(first).toEqual({ pushed: 0, pulled: 0, conflicts: 0, pending: 0, cursor: 0 })

    // Another device pushes; the CLI device pulls.
    const other = await openDevice()
    try {
      await writeFills(other, 12)
      await other.sync(server.url)
    } finally {
      await other.close()
    }
    const second = (await cli([
      '--data-dir',
      dataDir,
      'sync',
      '--url',
      server.url,
      '--once',
      '--json',
    ])) as SyncResult
    expect(second).toMatchObject({ pushed: 0, pulled: 12, pending: 0, cursor: 12 })
    const status = (await cli(['--data-dir', dataDir, 'sync', 'status', '--json'])) as SyncStatus
    expect(status).toMatchObject({ cursor: 12, pending: 0, isPaused: false })
    expect(status.lastPullAt).not.toBeNull()
  }, 300_000)

  it('[CLI-2] a role with only the printed grants syncs, reads only its accounts and writes nothing directly', async () => {
    const admin = new pg.Client({ connectionString: server.url })
    await admin.connect()
    let device: Device | null = null
    try {
      await admin.query('CREATE ROLE syncer LOGIN')
      const init = (await cli([
        'sync',
        'init-server',
        '--url',
        server.url,
        '--print-grants',
        '--role',
        'syncer',
        '--account',
        'acct-mine',
        '--json',
      ])) as { grants: string }
      await admin.query(init.grants)
      await admin.query('TRUNCATE sync.sync_changes, journal.trade_fills CASCADE')
      const roleUrl = server.url.replace('postgres://postgres@', 'postgres://syncer@')

      const writer = await openDevice()
      try {
        await writeFills(writer, 3, 'acct-mine')
        await writeFills(writer, 4, 'acct-other')
        await writer.sync(server.url)
      } finally {
        await writer.close()
      }
      device = await openDevice()
      await writeFills(device, 2, 'acct-mine')
      const r = await device.sync(roleUrl)
      expect(r.pushed).toBe(2)
      expect(r.pulled).toBe(3)
      const accounts = await device.core.pg.query<{ account: string; n: number }>(
        `SELECT account, count(*)::int AS n FROM journal.trade_fills GROUP BY account ORDER BY 1`,
      )
      expect(accounts.rows).toEqual([{ account: 'acct-mine', n: 5 }])

      const direct = new pg.Client({ connectionString: roleUrl })
      await direct.connect()
      try {
        await expect(direct.query(`DELETE FROM journal.trade_fills`)).rejects.toMatchObject({
          code: '42501',
        })
        await expect(direct.query(`DELETE FROM sync.sync_changes`)).rejects.toMatchObject({
          code: '42501',
        })
      } finally {
        await direct.end()
      }
    } finally {
      await device?.close()
      await admin.end()
    }
  }, 300_000)
})

describe('sync channels', () => {
  it('[CH-1] status, test-connection, now, pause and resume go through the registry', async () => {
    const d = await openDevice()
    try {
      const before = await d.core.value('sync-status', {})
      expect(before.state).toBe('unconfigured')
      const missing = await d.core.call('sync-now', {})
      expect(missing.ok).toBe(false)
      if (!missing.ok) expect(missing.error.details?.reason).toBe('not-configured')

      const test = await d.core.value('sync-test-connection', { url: server.url })
      expect(test.compatibility).toBe('same')
      const unreachable = await d.core.call('sync-test-connection', {
        url: 'postgres://nobody@127.0.0.1:1/none',
      })
      expect(unreachable.ok).toBe(false)
      if (!unreachable.ok) expect(unreachable.error.details?.reason).toBe('remote-unreachable')

      const configured = await d.core.value('sync-configure', {
        url: server.url,
        autoStart: false,
        sessionOnly: true,
      })
      expect(configured.isConfigured).toBe(true)
      expect(configured.server).not.toContain('password')
      await writeFills(d, 2)
      const result = await d.core.value('sync-now', { reason: 'manual' })
      expect(result.pending).toBe(0)
      const paused = await d.core.value('sync-pause', {})
      expect(paused).toMatchObject({ state: 'paused', isPaused: true })
      const resumed = await d.core.value('sync-resume', {})
      expect(resumed.isPaused).toBe(false)
      const types = d.core.events
        .filter((e) => e.event === 'sync-event')
        .map((e) => (e.payload as { type: string }).type)
      expect(types).toEqual(
        expect.arrayContaining(['sync-started', 'sync-completed', 'paused', 'resumed']),
      )
    } finally {
      await d.close()
    }
  })

  it('[CRED-1] the passphrase file keeps the URL encrypted and refuses a wrong passphrase', () => {
    const url = 'postgres://trader:s3cret@db.example:5432/journal?sslmode=require'
    saveCredentialsFile(dir, url, 'correct horse')
    const raw = readFileSync(join(dir, CREDENTIALS_FILE), 'utf8')
    expect(raw).not.toContain('s3cret')
    expect(raw).not.toContain('db.example')
    expect(loadCredentialsFile(dir, 'correct horse')).toBe(url)
    expect(() => loadCredentialsFile(dir, 'wrong')).toThrow()
  })
})
