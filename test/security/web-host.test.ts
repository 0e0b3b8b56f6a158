// Attacks on the browser host, through the real bundled host (out/main/web.js) as a process:
// a page (or anything that learnt the token) must not crash the core, read local files, send the
// provider keys elsewhere, or find the token in a URL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt } from '../e2e/support/build'
import { startWebHost, tempDataDir, type WebHostProcess } from '../e2e/support/web-host'

const KEY_ID = 'PKSECURITYTESTKEY'
const SECRET = 'security-test-secret-never-leaves'

let host: WebHostProcess
let dataDir: string
let secretDir: string
let secretFile: string
const saved = {
  id: process.env.EDGEBOOK_ALPACA_KEY_ID,
  secret: process.env.EDGEBOOK_ALPACA_SECRET_KEY,
}

async function rpc(channel: string, input: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${host.origin}/rpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
    body: JSON.stringify({ channel, input }),
  })
  return { status: response.status, json: await response.json() }
}

beforeAll(async () => {
  await ensureBuilt()
  secretDir = mkdtempSync(join(tmpdir(), 'edgebook-secret-'))
  secretFile = join(secretDir, 'id_ed25519')
  writeFileSync(
    secretFile,
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
  )
  // Keys the user keeps in the host's environment: the host process inherits them.
  process.env.EDGEBOOK_ALPACA_KEY_ID = KEY_ID
  process.env.EDGEBOOK_ALPACA_SECRET_KEY = SECRET
  dataDir = tempDataDir('edgebook-security-')
  host = await startWebHost(dataDir)
}, 180_000)

afterAll(async () => {
  await host?.stop()
  for (const [name, value] of [
    ['EDGEBOOK_ALPACA_KEY_ID', saved.id],
    ['EDGEBOOK_ALPACA_SECRET_KEY', saved.secret],
  ] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(secretDir, { recursive: true, force: true })
})

describe('browser host under attack', () => {
  it('answers Object.prototype channel names with not-found and keeps serving', async () => {
    for (const channel of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '__lookupGetter__',
    ]) {
      const { status, json } = await rpc(channel, {})
      expect(status, channel).toBe(200)
      expect(json, channel).toMatchObject({ ok: false, error: { code: 'not-found' } })
    }
    const info = await rpc('system-info', {})
    expect(info.json).toMatchObject({ ok: true, value: { dataDir } })
    expect(host.child.exitCode).toBeNull()
    expect(host.stderr()).not.toContain('crashed')
  })

  it('refuses every file path a page sends and returns nothing of the file', async () => {
    const attempts: [string, Record<string, unknown>][] = [
      ['fills-preview', { path: '/etc/passwd' }],
      ['fills-preview', { path: secretFile }],
      ['fills-import', { path: secretFile }],
      ['bars-preview', { path: '/etc/passwd' }],
      ['bars-import', { path: secretFile, symbol: 'X', timeframe: '1Day' }],
    ]
    for (const [channel, input] of attempts) {
      const { json } = await rpc(channel, input)
      const text = JSON.stringify(json)
      expect(json, `${channel} ${String(input.path)}`).toMatchObject({
        ok: false,
        error: { code: 'unauthorized', issues: [{ path: ['path'] }] },
      })
      expect(text).not.toContain('root:')
      expect(text).not.toContain('OPENSSH')
    }
    // Content from the page is still read: the door is closed to paths only.
    const content = await rpc('fills-preview', { content: 'not,a,broker\n1,2,3\n' })
    expect(JSON.stringify(content.json)).not.toContain('unauthorized')
  })

  it('refuses a page-supplied provider endpoint and sends the stored keys nowhere', async () => {
    const hits: IncomingMessage['headers'][] = []
    const catcher = createServer((req, res) => {
      hits.push(req.headers)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"bars":[],"next_page_token":null}')
    })
    await new Promise<void>((r) => catcher.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(catcher.address() as AddressInfo).port}`
    try {
      const { json } = await rpc('bars-fetch', {
        provider: 'alpaca',
        symbol: 'GOOG',
        timeframe: '1Day',
        from: '2020-01-01',
        to: '2020-01-31',
        baseUrl: url,
      })
      expect(json).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
      expect(hits).toEqual([])
    } finally {
      await new Promise<void>((r) => catcher.close(() => r()))
    }
  })

  it('never takes the token from the query string', async () => {
    const events = await fetch(`${host.origin}/events?token=${host.token}`)
    expect(events.status).toBe(401)
    await events.body?.cancel()
    const viaRpc = await fetch(`${host.origin}/rpc?token=${host.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'system-info', input: {} }),
    })
    expect(viaRpc.status).toBe(401)
    const viaHeader = await fetch(`${host.origin}/events`, {
      headers: { authorization: `Bearer ${host.token}` },
    })
    expect(viaHeader.status).toBe(200)
    await viaHeader.body?.cancel()
  })
})
