import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  FOREIGN_DEVICE_SQLSTATE,
  FORBIDDEN_SQLSTATE,
  grantsSql,
  INVALID_BATCH_SQLSTATE,
} from '../../db/sync/server-sql'
import { uuidv7 } from '../../db/uuidv7'
import { redactUrl } from '../../electron/core/sync/credentials'
import { localSchemaVersion } from '../../electron/core/sync/schema-version'
import {
  openDevice,
  startSyncServer,
  writeFills,
  type Device,
  type SyncServer,
} from './support/world'

// Hostile roles on a real PostgreSQL: alice may use broker account acct-a, bob acct-b. Each
// attack below is made the way an attacker would (a device of their own, or sync_push called
// by hand with their login) and must fail for them while the victim's data stays intact.

let server: SyncServer
const devices: Device[] = []

function roleUrl(role: string): string {
  return server.url.replace('postgres://postgres@', `postgres://${role}@`)
}

async function device(): Promise<Device> {
  const d = await openDevice()
  devices.push(d)
  return d
}

/** A raw connection as `role`, for attacks that bypass the client. */
async function asRole<T>(role: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: roleUrl(role) })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

function hlcAt(ms: number, device: string): string {
  return `${ms.toString(16).padStart(12, '0')}-0000-${device}`
}

type Change = {
  s?: number
  sc: string
  t: string
  k: string
  h: string
  b: string | null
  o: string
  r: Record<string, unknown>
}

function fillRow(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uuidv7(),
    broker_connection_id: null,
    account_id: null,
    account: 'acct-a',
    symbol: 'AAPL',
    side: 'buy',
    quantity: 1,
    price: 100,
    fees: 0,
    multiplier: 1,
    executed_at: '2026-01-02T14:30:00+00:00',
    broker: null,
    asset_type: 'stock',
    currency: 'USD',
    order_id: null,
    venue: null,
    external_trade_id: null,
    content_hash: null,
    source: null,
    import_batch_id: null,
    corrects_fill_id: null,
    raw_data: null,
    created_at: '2026-01-02T14:30:00+00:00',
    ...over,
  }
}

function fillChange(s: number, deviceId: string, over: Record<string, unknown> = {}): Change {
  const r = fillRow(over)
  return {
    s,
    sc: 'journal',
    t: 'trade_fills',
    k: String(r.id),
    h: hlcAt(Date.now(), deviceId),
    b: null,
    o: 'put',
    r,
  }
}

async function push(c: pg.Client, deviceId: string, batch: unknown): Promise<unknown> {
  const res = await c.query<{ a: unknown }>('SELECT sync.sync_push($1, $2, $3::jsonb) AS a', [
    deviceId,
    localSchemaVersion(),
    JSON.stringify(batch),
  ])
  return res.rows[0]?.a
}

async function serverCount(sqlText: string, params: unknown[] = []): Promise<number> {
  const res = await server.admin.query<{ n: number }>(sqlText, params)
  return res.rows[0]?.n ?? -1
}

/** Creates the local trader (a user account) and a journal entry of it, as the app does. */
async function addOwnEntry(d: Device, content: string, email?: string): Promise<string> {
  const pgl = d.core.pg
  const user = await pgl.query<{ id: string }>(
    'SELECT id::text FROM core.user_accounts ORDER BY created_at LIMIT 1',
  )
  let userId = user.rows[0]?.id
  if (!userId) {
    userId = uuidv7()
    await pgl.query('INSERT INTO core.user_accounts (id, name, email) VALUES ($1, $2, $3)', [
      userId,
      'Local trader',
      email ?? null,
    ])
  }
  const id = uuidv7()
  await pgl.query(
    `INSERT INTO journal.journal_entries (id, account_id, date, entry_type, content)
     VALUES ($1, $2, '2026-01-02', 'general', $3)`,
    [id, userId, content],
  )
  return id
}

beforeAll(async () => {
  server = await startSyncServer()
  for (const [role, account] of [
    ['alice', 'acct-a'],
    ['bob', 'acct-b'],
  ] as const) {
    await server.admin.query(`CREATE ROLE ${role} LOGIN`)
    await server.admin.query(grantsSql(role, [account]))
  }
  await server.admin.query('CREATE ROLE carol LOGIN')
  await server.admin.query(grantsSql('carol'))
}, 120_000)

afterEach(async () => {
  while (devices.length > 0) await devices.pop()?.close()
})

afterAll(async () => {
  await server?.stop()
})

describe('sync server against hostile roles', () => {
  it('[SEC-1] a role cannot push fills into an account it is not granted; the owner never pulls them', async () => {
    const bob = await device()
    await writeFills(bob, 2, 'acct-b')
    await bob.sync(roleUrl('bob'))

    const alice = await device()
    await writeFills(alice, 1, 'acct-a')
    const [intruder] = await writeFills(alice, 1, 'acct-b')
    await expect(alice.sync(roleUrl('alice'))).rejects.toMatchObject({
      code: 'conflict',
      details: { reason: 'forbidden' },
    })
    // The whole batch was refused: not even alice's own fill went in.
    expect(await serverCount(`SELECT count(*)::int AS n FROM journal.trade_fills`)).toBe(2)
    expect(
      await serverCount(`SELECT count(*)::int AS n FROM journal.trade_fills WHERE id = $1`, [
        intruder,
      ]),
    ).toBe(0)

    // The same attack by hand: a 1,000-lot fill into acct-b under a fresh device of alice's.
    await asRole('alice', async (c) => {
      const dev = `attacker-${uuidv7()}`
      await expect(
        push(c, dev, [fillChange(1, dev, { account: 'acct-b', quantity: 1000 })]),
      ).rejects.toMatchObject({ code: FORBIDDEN_SQLSTATE })
    })
    const bob2 = await device()
    await bob2.sync(roleUrl('bob'))
    const pulled = await bob2.core.pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.trade_fills WHERE quantity >= 1000 OR id = $1`,
      [intruder],
    )
    expect(pulled.rows[0]?.n).toBe(0)
  }, 120_000)

  it("[SEC-2] a role cannot rename another role's user account or change its email", async () => {
    const bob = await device()
    await addOwnEntry(bob, 'bob writes', 'bob@example.test')
    await bob.sync(roleUrl('bob'))
    const userRow = await bob.core.pg.query<{ row: Record<string, unknown> }>(
      `SELECT to_jsonb(u) AS row FROM core.user_accounts u`,
    )
    const victim = userRow.rows[0]?.row
    expect(victim).toBeDefined()
    if (!victim) return

    await asRole('alice', async (c) => {
      const dev = `attacker-${uuidv7()}`
      const r = { ...victim, name: 'pwned', email: 'alice@evil.test' }
      const change: Change = {
        s: 1,
        sc: 'core',
        t: 'user_accounts',
        k: String(victim.id),
        h: hlcAt(Date.now(), dev),
        b: null,
        o: 'put',
        r,
      }
      await expect(push(c, dev, [change])).rejects.toMatchObject({ code: FORBIDDEN_SQLSTATE })
      // Nor may it delete bob's journal entry.
      const entry = await bob.core.pg.query<{ id: string; row: Record<string, unknown> }>(
        `SELECT id::text, to_jsonb(e) AS row FROM journal.journal_entries e`,
      )
      const e = entry.rows[0]
      if (!e) throw new Error('no entry')
      await expect(
        push(c, dev, [
          {
            s: 2,
            sc: 'journal',
            t: 'journal_entries',
            k: e.id,
            h: hlcAt(Date.now(), dev),
            b: null,
            o: 'del',
            r: e.row,
          },
        ]),
      ).rejects.toMatchObject({ code: FORBIDDEN_SQLSTATE })
    })
    const onServer = await server.admin.query<{ name: string; email: string }>(
      `SELECT name, email FROM core.user_accounts WHERE id = $1`,
      [victim.id],
    )
    expect(onServer.rows).toEqual([{ name: 'Local trader', email: 'bob@example.test' }])
    expect(await serverCount(`SELECT count(*)::int AS n FROM journal.journal_entries`)).toBe(1)
  }, 120_000)

  it("[SEC-3] a role cannot greet or push under another role's device id", async () => {
    const bob = await device()
    await addOwnEntry(bob, 'first')
    await bob.sync(roleUrl('bob'))
    const bobId = await bob.engine.deviceId()

    await asRole('alice', async (c) => {
      await expect(c.query('SELECT sync.sync_hello($1)', [bobId])).rejects.toMatchObject({
        code: FOREIGN_DEVICE_SQLSTATE,
      })
      // A high seq under bob's id would have acknowledged (and so dropped) bob's next writes.
      await expect(
        push(c, bobId, [fillChange(1_000_000, bobId, { account: 'acct-a' })]),
      ).rejects.toMatchObject({ code: FOREIGN_DEVICE_SQLSTATE })
    })
    const entry = await addOwnEntry(bob, 'second')
    const r = await bob.sync(roleUrl('bob'))
    expect(r.pending).toBe(0)
    expect(
      await serverCount(`SELECT count(*)::int AS n FROM journal.journal_entries WHERE id = $1`, [
        entry,
      ]),
    ).toBe(1)
  }, 120_000)

  it('[SEC-4] clocks beyond the drift bound are refused by the server and quarantined on pull', async () => {
    await asRole('alice', async (c) => {
      const dev = `attacker-${uuidv7()}`
      const max = fillChange(1, dev)
      max.h = `ffffffffffff-ffff-${dev}`
      await expect(push(c, dev, [max])).rejects.toMatchObject({ code: INVALID_BATCH_SQLSTATE })
      const twoDays = fillChange(1, dev)
      twoDays.h = hlcAt(Date.now() + 2 * 86_400_000, dev)
      await expect(push(c, dev, [twoDays])).rejects.toMatchObject({
        code: INVALID_BATCH_SQLSTATE,
      })
    })
    // A log entry that got in anyway (an older server, a hand edit): the device keeps it aside
    // and its clock never runs past now + one day.
    const victimRow = fillRow({ account: 'acct-a' })
    await server.admin.query(
      `INSERT INTO sync.sync_changes (device, device_seq, schema_name, table_name, pk, hlc, op, row,
         account, role_name)
       VALUES ('legacy', 1, 'journal', 'trade_fills', $1, 'ffffffffffff-ffff-legacy', 'put', $2, 'acct-a', 'alice')`,
      [victimRow.id, JSON.stringify(victimRow)],
    )
    const alice = await device()
    await alice.sync(roleUrl('alice'))
    const state = await alice.core.pg.query<{ wall: string }>(
      'SELECT hlc_wall_ms::text AS wall FROM sync.sync_state',
    )
    expect(Number(state.rows[0]?.wall)).toBeLessThanOrEqual(Date.now() + 86_400_000)
    const held = await alice.core.pg.query<{ pk: string; reason: string }>(
      'SELECT pk, reason FROM sync.sync_quarantine',
    )
    expect(held.rows.map((r) => r.pk)).toEqual([victimRow.id])
    expect(held.rows[0]?.reason).toContain('h: clock')
    const status = await alice.core.value('sync-status', {})
    expect(status.quarantined).toBe(1)
    // A write made after the pull still gets a sane clock and syncs.
    await writeFills(alice, 1, 'acct-a')
    const r = await alice.sync(roleUrl('alice'))
    expect(r.pending).toBe(0)
  }, 120_000)

  it('[SEC-5] NaN, Infinity and negative prices are refused; a bad pulled fill is quarantined, not fatal', async () => {
    const before = await serverCount(`SELECT count(*)::int AS n FROM journal.trade_fills`)
    await asRole('alice', async (c) => {
      const dev = `attacker-${uuidv7()}`
      for (const over of [
        { price: 'NaN' },
        { price: 'Infinity' },
        { price: -5 },
        { quantity: '-Infinity' },
        { side: 'hold' },
        { executed_at: '2199-01-01T00:00:00Z' },
      ]) {
        await expect(push(c, dev, [fillChange(1, dev, over)])).rejects.toMatchObject({
          code: INVALID_BATCH_SQLSTATE,
        })
      }
    })
    expect(await serverCount(`SELECT count(*)::int AS n FROM journal.trade_fills`)).toBe(before)

    const poison = fillRow({ account: 'acct-a', price: 'NaN' })
    await server.admin.query(
      `INSERT INTO sync.sync_changes (device, device_seq, schema_name, table_name, pk, hlc, op, row,
         account, role_name)
       VALUES ('legacy', 2, 'journal', 'trade_fills', $1, $3, 'put', $2, 'acct-a', 'alice')`,
      [poison.id, JSON.stringify(poison), hlcAt(Date.now(), 'legacy')],
    )
    const alice = await device()
    await writeFills(alice, 4, 'acct-a')
    await alice.sync(roleUrl('alice'))
    const fills = await alice.core.pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.trade_fills WHERE price = 'NaN'::float8`,
    )
    expect(fills.rows[0]?.n).toBe(0)
    const held = await alice.core.pg.query<{ reason: string }>(
      'SELECT reason FROM sync.sync_quarantine WHERE pk = $1',
      [poison.id],
    )
    expect(held.rows[0]?.reason).toContain('price')
    expect((await alice.core.call('campaigns-rebuild', {})).ok).toBe(true)
    expect((await alice.core.call('campaigns-list', {})).ok).toBe(true)
    expect((await alice.core.call('journal-stats', {})).ok).toBe(true)
    expect((await alice.core.value('sync-status', {})).quarantined).toBeGreaterThanOrEqual(1)
  }, 120_000)

  it('[SEC-6] a malformed batch is refused whole: a missing seq, a ledger delete, a foreign pk', async () => {
    const before = await serverCount(`SELECT count(*)::int AS n FROM journal.trade_fills`)
    await asRole('alice', async (c) => {
      const dev = `attacker-${uuidv7()}`
      const good = fillChange(1, dev)
      const noSeq = fillChange(2, dev)
      delete noSeq.s
      await expect(push(c, dev, [good, noSeq])).rejects.toMatchObject({
        code: INVALID_BATCH_SQLSTATE,
      })
      const del = { ...fillChange(3, dev), o: 'del' }
      await expect(push(c, dev, [good, del])).rejects.toMatchObject({
        code: INVALID_BATCH_SQLSTATE,
      })
      const wrongPk = { ...fillChange(4, dev), k: uuidv7() }
      await expect(push(c, dev, [good, wrongPk])).rejects.toMatchObject({
        code: INVALID_BATCH_SQLSTATE,
      })
      const unknownTable = { ...fillChange(5, dev), t: 'pg_authid' }
      await expect(push(c, dev, [good, unknownTable])).rejects.toMatchObject({
        code: INVALID_BATCH_SQLSTATE,
      })
      await expect(push(c, dev, [good, { ...fillChange(1, dev) }])).rejects.toMatchObject({
        code: INVALID_BATCH_SQLSTATE,
      })
    })
    expect(await serverCount(`SELECT count(*)::int AS n FROM journal.trade_fills`)).toBe(before)
  }, 120_000)

  it('[SEC-7] user rows are read only by their owner; a restricted role gets its own entries on a second device', async () => {
    const bob = await device()
    await addOwnEntry(bob, 'private note', 'bob.private@example.test')
    await bob.sync(roleUrl('bob'))
    for (const role of ['alice', 'carol']) {
      const seen = await asRole(role, (c) =>
        c.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM sync.sync_changes
           WHERE row::text LIKE '%bob.private@%' OR row::text LIKE '%private note%'`,
        ),
      )
      expect(seen.rows[0]?.n, role).toBe(0)
    }

    const laptop = await device()
    const entry = await addOwnEntry(laptop, 'from the laptop')
    await laptop.sync(roleUrl('alice'))
    const desktop = await device()
    await desktop.sync(roleUrl('alice'))
    const got = await desktop.core.pg.query<{ content: string }>(
      'SELECT content FROM journal.journal_entries WHERE id = $1',
      [entry],
    )
    expect(got.rows).toEqual([{ content: 'from the laptop' }])
    const users = await desktop.core.pg.query<{ email: string | null }>(
      'SELECT email FROM core.user_accounts',
    )
    expect(users.rows.map((u) => u.email)).not.toContain('bob.private@example.test')
  }, 120_000)

  it('[SEC-8] init-server redacts every form of password and refuses SQL in --role', async () => {
    const run = promisify(execFile)
    const cli = join(import.meta.dirname, '..', '..', 'electron', 'cli', 'edgebook.mjs')
    const secretUrl = `${server.url}?PassWord=hunter2&sslmode=disable`
    const { stdout } = await run(
      process.execPath,
      [
        cli,
        'sync',
        'init-server',
        '--url',
        secretUrl,
        '--print-grants',
        '--role',
        'dave',
        '--json',
      ],
      { timeout: 120_000 },
    )
    expect(stdout).not.toContain('hunter2')
    expect(stdout).toContain('PassWord=***')
    expect(redactUrl('postgres://u:s3cret@h/db?password=x&sslpassword=y')).toBe(
      'postgres://u:***@h/db?password=***&sslpassword=***',
    )
    const injected = run(
      process.execPath,
      [
        cli,
        'sync',
        'init-server',
        '--url',
        server.url,
        '--print-grants',
        '--role',
        'x\nDROP SCHEMA journal CASCADE; --',
        '--json',
      ],
      { timeout: 120_000 },
    )
    const refusal = await injected.then(
      () => null,
      (err: { stderr?: string }) => err,
    )
    expect(refusal?.stderr).toContain('control character')
    // Nothing ran: the journal schema is still there.
    expect(
      await serverCount(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'journal'`),
    ).toBe(1)
    expect(grantsSql('we"ird', ["it's"])).toContain(`TO "we""ird";`)
    expect(grantsSql('we"ird', ["it's"])).toContain(`('we"ird', 'it''s')`)
    expect(() => grantsSql('ok', ['a\rb'])).toThrow(/control character/)

    // The URL can come from a file instead of the process list.
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'edgebook-url-'))
    try {
      writeFileSync(join(dir, 'url'), `${server.url}?password=fromfile\n`, { mode: 0o600 })
      const viaFile = await run(
        process.execPath,
        [cli, 'sync', 'init-server', '--url-file', join(dir, 'url'), '--json'],
        { timeout: 120_000 },
      )
      expect(viaFile.stdout).not.toContain('fromfile')
      expect(viaFile.stdout).toContain('schemaVersion')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 300_000)
})
