// One transport contract, run over every implementation (STYLE §9.6): the in-process registry
// with JSON round-tripping, and the real HTTP server. HTTP-only guarantees (token, Origin, Host,
// SSE, static files) follow, then the bundled web host as a real process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  inputs,
  type DataDomain,
  type SystemInfo,
  type WireResult,
} from '../../electron/core/contract/index'
import { openCore, type Core } from '../../electron/core/core'
import { createWebServer, type CoreLink, type WebServer } from '../../electron/web/server'
import { createHttpTransport } from '../../renderer/src/api/http-transport'
import { openTestCore, type TestCore } from '../support/core'
import { ensureBuilt } from '../e2e/support/build'
import { launchWebHost, tempDataDir, type WebHostProcess } from '../e2e/support/web-host'

type Invoke = (channel: string, input?: unknown) => Promise<WireResult<unknown>>
type Harness = { invoke: Invoke; close: () => Promise<void> }

/** The first channel (by name) whose schema rejects `{}` with a path into a field. */
function channelWithRequiredField(): { channel: string; path: (string | number)[] } {
  const schemas = inputs as unknown as Record<string, z.ZodType>
  for (const channel of Object.keys(schemas).sort()) {
    const parsed = schemas[channel]?.safeParse({})
    const issue = parsed && !parsed.success ? parsed.error.issues[0] : undefined
    if (issue && issue.path.length > 0) {
      return { channel, path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) }
    }
  }
  throw new Error('no channel has a required field to test field paths with')
}

/** The in-process core, with an event hub the HTTP server can subscribe to. */
async function openLinkedCore(): Promise<{ core: Core; link: CoreLink }> {
  const listeners = new Set<(event: string, payload: unknown) => void>()
  const core = await openCore({
    dataDir: null,
    emit: (event, payload) => {
      for (const listener of listeners) listener(event, payload)
    },
  })
  const link: CoreLink = {
    invoke: (channel, input, caller) => core.registry.invoke(channel, input, caller),
    onAny(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return { core, link }
}

function staticFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgebook-static-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Edgebook</title><div id="root">')
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log("app")')
  writeFileSync(join(dir, 'assets', 'app-abc123.css'), 'body{}')
  return dir
}

async function rpc(
  server: WebServer,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.url}/rpc`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${server.token}`,
      ...headers,
    },
    body: JSON.stringify(body),
  })
  return { status: response.status, json: await response.json() }
}

/**
 * A raw request, for headers `fetch` will not let us set (Host, Origin) and paths it would
 * normalise (`..`).
 */
function raw(
  server: WebServer,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

function transportContract(name: string, open: () => Promise<Harness>): void {
  describe(`transport contract: ${name}`, () => {
    let harness: Harness
    beforeAll(async () => {
      harness = await open()
    })
    afterAll(async () => {
      await harness?.close()
    })

    it('answers system-info with the schema version and tables per PG schema', async () => {
      const result = await harness.invoke('system-info', {})
      expect(result.ok).toBe(true)
      if (!result.ok) return
      const info = result.value as SystemInfo
      expect(info.schemaVersion).toMatch(/^\d{4}_/)
      expect(info.totalTables).toBeGreaterThan(0)
      expect(info.schemas.reduce((n, s) => n + s.tables, 0)).toBe(info.totalTables)
      expect(info.dataDir).toBeNull()
    })

    it('refuses malformed input with invalid-input and the field path', async () => {
      const { channel, path } = channelWithRequiredField()
      const result = await harness.invoke(channel, {})
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.error.code).toBe('invalid-input')
      expect(result.error.issues?.[0]?.path).toEqual(path)
      expect(result.error.message).toContain(String(path[0]))
    })

    it('refuses unexpected keys on a strict input', async () => {
      const result = await harness.invoke('system-info', { bogus: 1 })
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    })

    it('answers an unknown channel with not-found', async () => {
      const result = await harness.invoke('no-such-channel', {})
      expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } })
    })
  })
}

transportContract('in-process registry (JSON round trip)', async () => {
  const core: TestCore = await openTestCore()
  return {
    invoke: (channel, input) => core.call(channel as 'system-info', input as undefined),
    close: () => core.close(),
  }
})

transportContract('HTTP (createWebServer)', async () => {
  const { core, link } = await openLinkedCore()
  const server = await createWebServer({ core: link, staticDir: staticFixture() })
  return {
    invoke: async (channel, input) => (await rpc(server, { channel, input })).json as never,
    close: async () => {
      await server.close()
      await core.close()
    },
  }
})

// The renderer's own HTTP client (fetch + bearer token) against the real server.
transportContract('HTTP (renderer http-transport)', async () => {
  const { core, link } = await openLinkedCore()
  const server = await createWebServer({ core: link, staticDir: staticFixture() })
  const client = createHttpTransport(server.token, server.url)
  return {
    invoke: (channel, input) => client.invoke(channel, input),
    close: async () => {
      await server.close()
      await core.close()
    },
  }
})

describe('renderer http-transport', () => {
  it('answers unauthorized without a token, and unavailable when the host is gone', async () => {
    const { core, link } = await openLinkedCore()
    const server = await createWebServer({ core: link, staticDir: staticFixture() })
    try {
      const anonymous = await createHttpTransport(null, server.url).invoke('system-info', {})
      expect(anonymous).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
      const wrong = await createHttpTransport('0'.repeat(64), server.url).invoke('system-info', {})
      expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    } finally {
      await server.close()
    }
    const gone = await createHttpTransport(server.token, server.url).invoke('system-info', {})
    expect(gone).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    await core.close()
  })

  it('delivers core events to listeners and reconnects after the host restarts', async () => {
    const { core, link } = await openLinkedCore()
    const staticDir = staticFixture()
    let server = await createWebServer({ core: link, staticDir })
    const { port, token } = server
    const client = createHttpTransport(token, server.url)
    const seen: string[] = []
    let notify: (() => void) | null = null
    const next = (): Promise<void> => new Promise((resolve) => (notify = resolve))
    const off = client.on('data-changed', (payload) => {
      seen.push(...payload.domains)
      notify?.()
    })
    try {
      // Until the stream is connected an emit is lost, so emit until one arrives.
      const deliver = async (domain: DataDomain): Promise<void> => {
        const arrived = next()
        let isDone = false
        void arrived.then(() => (isDone = true))
        while (!isDone) {
          core.deps.emit('data-changed', { domains: [domain] })
          await Promise.race([arrived, new Promise((r) => setTimeout(r, 100))])
        }
      }
      await deliver('fills')
      expect(seen).toContain('fills')

      await server.close()
      server = await createWebServer({ core: link, staticDir, port, token })
      await deliver('market')
      expect(seen).toContain('market')
    } finally {
      off()
      await server.close()
      await core.close()
    }
  })
})

describe('HTTP transport', () => {
  let core: Core
  let server: WebServer
  let staticDir: string
  let emit: Core['deps']['emit']

  beforeAll(async () => {
    const linked = await openLinkedCore()
    core = linked.core
    emit = core.deps.emit
    staticDir = staticFixture()
    server = await createWebServer({
      core: linked.link,
      staticDir,
      maxBodyBytes: 64 * 1024,
      keepAliveMs: 50,
    })
  })
  afterAll(async () => {
    await server.close()
    await core.close()
    rmSync(staticDir, { recursive: true, force: true })
  })

  it('binds to 127.0.0.1 and mints a 32-byte hex token per launch', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    expect(server.token).toMatch(/^[0-9a-f]{64}$/)
    const other = await createWebServer({
      core: {
        invoke: (c, i, caller) => core.registry.invoke(c, i, caller),
        onAny: () => () => undefined,
      },
      staticDir,
    })
    expect(other.token).not.toBe(server.token)
    await other.close()
  })

  it('gives the same system-info over HTTP as in-process', async () => {
    const direct = JSON.parse(
      JSON.stringify(await core.registry.invoke('system-info', {})),
    ) as unknown
    const { status, json } = await rpc(server, { channel: 'system-info', input: {} })
    expect(status).toBe(200)
    expect(json).toEqual(direct)
  })

  it('refuses a call without the token: 401 unauthorized', async () => {
    const response = await fetch(`${server.url}/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'system-info', input: {} }),
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
  })

  it('refuses a wrong token: 401 unauthorized', async () => {
    const wrong = 'f'.repeat(64)
    const { status, json } = await rpc(
      server,
      { channel: 'system-info' },
      { authorization: `Bearer ${wrong}` },
    )
    expect(status).toBe(401)
    expect(json).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    const short = await rpc(server, { channel: 'system-info' }, { authorization: 'Bearer abc' })
    expect(short.status).toBe(401)
  })

  it('refuses a foreign Origin with 403, even with the token', async () => {
    const res = await raw(server, {
      method: 'POST',
      path: '/rpc',
      headers: {
        origin: 'http://evil.example',
        authorization: `Bearer ${server.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ channel: 'system-info', input: {} }),
    })
    expect(res.status).toBe(403)
    expect(JSON.parse(res.text)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
  })

  it('accepts its own Origin', async () => {
    const res = await raw(server, {
      method: 'POST',
      path: '/rpc',
      headers: {
        origin: server.url,
        authorization: `Bearer ${server.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ channel: 'system-info', input: {} }),
    })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text)).toMatchObject({ ok: true })
  })

  it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, '127.0.0.1:1']) {
      const res = await raw(server, { path: '/', headers: { host } })
      expect(res.status, host).toBe(403)
    }
    const ok = await raw(server, { path: '/', headers: { host: `localhost:${server.port}` } })
    expect(ok.status).toBe(200)
  })

  it('refuses a body over the size limit with 413', async () => {
    const { status, json } = await rpc(server, {
      channel: 'system-info',
      input: { pad: 'x'.repeat(70 * 1024) },
    })
    expect(status).toBe(413)
    expect(json).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('refuses a body that is not JSON with 400 and a non-JSON content type with 415', async () => {
    const bad = await raw(server, {
      method: 'POST',
      path: '/rpc',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: '{not json',
    })
    expect(bad.status).toBe(400)
    const form = await raw(server, {
      method: 'POST',
      path: '/rpc',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/plain' },
      body: '{}',
    })
    expect(form.status).toBe(415)
  })

  it('streams an emitted core event over SSE, with keep-alive comments', async () => {
    const response = await fetch(`${server.url}/events`, {
      headers: { authorization: `Bearer ${server.token}` },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    // The first chunk proves the subscription is live; only then emit.
    text += (await reader.read()).value ?? ''
    emit('data-changed', { domains: ['journal'] })
    while (!text.includes('event: data-changed') || !text.includes(': keep-alive')) {
      const { value, done } = await reader.read()
      if (done) break
      text += value
    }
    await reader.cancel()
    expect(text).toContain('event: data-changed\ndata: {"domains":["journal"]}\n\n')
    expect(text).toContain(': keep-alive')
  })

  it('never accepts the token in a query string, on /events or /rpc', async () => {
    // A query string is kept in browser history, logs and Referer headers.
    const events = await fetch(`${server.url}/events?token=${server.token}`)
    expect(events.status).toBe(401)
    expect(await events.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    const rpcQuery = await fetch(`${server.url}/rpc?token=${server.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'system-info', input: {} }),
    })
    expect(rpcQuery.status).toBe(401)
    const header = await fetch(`${server.url}/events`, {
      headers: { authorization: `Bearer ${server.token}` },
    })
    expect(header.status).toBe(200)
    await header.body?.cancel()
  })

  it('calls the core as a page: a file path is refused', async () => {
    const { status, json } = await rpc(server, {
      channel: 'fills-preview',
      input: { path: '/etc/passwd' },
    })
    expect(status).toBe(200)
    expect(json).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(JSON.stringify(json)).not.toContain('root:')
  })

  it('answers Object.prototype channel names with not-found and keeps serving', async () => {
    for (const channel of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const { status, json } = await rpc(server, { channel, input: {} })
      expect(status, channel).toBe(200)
      expect(json, channel).toMatchObject({ ok: false, error: { code: 'not-found' } })
    }
    const { json } = await rpc(server, { channel: 'system-info', input: {} })
    expect(json).toMatchObject({ ok: true })
  })

  it('serves a file with a prototype-named extension as octet-stream', async () => {
    const odd = join(staticDir, 'assets', 'x.constructor')
    writeFileSync(odd, 'x')
    const res = await raw(server, { path: '/assets/x.constructor' })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/octet-stream')
  })

  it('serves the renderer with MIME types, the CSP on HTML and an SPA fallback', async () => {
    const index = await raw(server, { path: '/' })
    expect(index.status).toBe(200)
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(index.headers['content-security-policy']).toContain("script-src 'self'")
    expect(index.headers['content-security-policy']).toContain("connect-src 'self'")
    const js = await raw(server, { path: '/assets/app-abc123.js' })
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.headers['content-security-policy']).toBeUndefined()
    const css = await raw(server, { path: '/assets/app-abc123.css' })
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
    const route = await raw(server, { path: '/journal/some-campaign' })
    expect(route.status).toBe(200)
    expect(route.text).toContain('<div id="root">')
    const missing = await raw(server, { path: '/assets/missing.js' })
    expect(missing.status).toBe(404)
  })

  it('never serves a file outside the renderer folder', async () => {
    const secret = join(staticDir, '..', `edgebook-secret-${process.pid}.txt`)
    writeFileSync(secret, 'top secret')
    try {
      for (const path of [
        `/../edgebook-secret-${process.pid}.txt`,
        `/%2e%2e/edgebook-secret-${process.pid}.txt`,
        `/assets/..%2f..%2fedgebook-secret-${process.pid}.txt`,
        `/..%5cedgebook-secret-${process.pid}.txt`,
      ]) {
        const res = await raw(server, { path })
        expect(res.text, path).not.toContain('top secret')
      }
    } finally {
      rmSync(secret, { force: true })
    }
  })
})

describe('web host process (out/main/web.js)', () => {
  let dataDir: string
  let first: WebHostProcess | null = null

  beforeAll(async () => {
    await ensureBuilt()
    dataDir = tempDataDir()
  })
  afterAll(async () => {
    await first?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  // A cold data dir runs every migration; give a loaded machine room.
  it(
    'serves the app on a temp data dir and refuses a second opener with locked',
    { timeout: 180_000 },
    async () => {
      const started = await launchWebHost(dataDir)
      if (!started.ok) throw new Error(`first host refused: ${started.error.message}`)
      first = started
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/)
      const info = await fetch(`${first.origin}/rpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${first.token}` },
        body: JSON.stringify({ channel: 'system-info', input: {} }),
      })
      expect(await info.json()).toMatchObject({ ok: true, value: { dataDir } })

      const second = await launchWebHost(dataDir)
      expect(second.ok).toBe(false)
      if (second.ok) {
        await second.stop()
        return
      }
      expect(second.error.code).toBe('locked')
      expect(second.error.message).toContain(`pid ${first.pid}`)
      expect(second.exitCode).toBe(3)
      expect(second.stderr).toContain('locked')
    },
  )

  it(
    'releases the data dir on SIGTERM so the next host opens it',
    { timeout: 180_000 },
    async () => {
      expect(first).not.toBeNull()
      expect(await first!.stop()).toBe(0)
      first = null
      const again = await launchWebHost(dataDir)
      if (!again.ok) throw new Error(`reopen refused: ${again.error.message}`)
      expect(await again.stop()).toBe(0)
    },
  )
})
