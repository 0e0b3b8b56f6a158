import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseBarCsv } from '../../../electron/core/domain/market/bar-csv'
import { resolveProviderEndpoints } from '../../../electron/core/providers/endpoints'
import { missingRanges } from '../../../electron/core/providers/missing-ranges'
import { openTestCore, type TestCore } from '../../support/core'

const DAY = 86_400_000
const parsed = parseBarCsv(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/bars/backtesting_py_GOOG.csv'), 'utf8'),
  { fileName: 'GOOG.csv' },
)
if (!parsed.ok) throw new Error(parsed.error.message)
const goog = parsed.value.bars

const KEY_ID = 'PKTESTKEYID0001'
const SECRET = 'alpaca-secret-do-not-store'
const POLY_KEY = 'polygon-key-do-not-store'

type Hit = { path: string; query: URLSearchParams; headers: IncomingMessage['headers'] }

/** A loopback server answering in the providers' documented shapes, from the GOOG series. */
class FakeProviders {
  hits: Hit[] = []
  /** Statuses to answer before serving normally (429, 500, 403, …), consumed in order. */
  failures: number[] = []
  server: Server = createServer((req, res) => this.handle(req, res))
  url = ''

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  private bars(fromMs: number, toMs: number): number[] {
    const idx: number[] = []
    for (let i = 0; i < goog.time.length; i++) {
      const t = goog.time[i] as number
      if (t >= fromMs && t <= toMs) idx.push(i)
    }
    return idx
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url)
    this.hits.push({ path: url.pathname, query: url.searchParams, headers: req.headers })
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    const failure = this.failures.shift()
    if (failure === 429)
      return send(
        429,
        {
          status: 'ERROR',
          error: 'You have exceeded the maximum requests per minute',
          message: 'too many requests',
        },
        { 'retry-after': '0' },
      )
    if (failure === 403) return send(403, { message: 'forbidden.' })
    if (failure) return send(failure, { message: 'internal server error' })
    const alpaca = /^\/v2\/stocks\/([^/]+)\/bars$/.exec(url.pathname)
    if (alpaca) {
      if (
        req.headers['apca-api-key-id'] !== KEY_ID ||
        req.headers['apca-api-secret-key'] !== SECRET
      )
        return send(401, { message: 'unauthorized.' })
      const idx = this.bars(
        Date.parse(url.searchParams.get('start') ?? ''),
        Date.parse(url.searchParams.get('end') ?? ''),
      )
      const offset = Number(url.searchParams.get('page_token') ?? 0)
      const page = idx.slice(offset, offset + 500)
      const next = offset + 500 < idx.length ? String(offset + 500) : null
      return send(200, {
        bars: page.map((i) => ({
          t: new Date(goog.time[i] as number).toISOString(),
          o: goog.open[i],
          h: goog.high[i],
          l: goog.low[i],
          c: goog.close[i],
          v: goog.volume[i],
          n: 100,
          vw: goog.close[i],
        })),
        symbol: alpaca[1],
        next_page_token: next,
      })
    }
    const polygon = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/(\d+)\/(\w+)\/(\d+)\/(\d+)$/.exec(
      url.pathname,
    )
    if (polygon) {
      if (url.searchParams.get('apiKey') !== POLY_KEY)
        return send(401, { status: 'ERROR', error: 'Unknown API Key' })
      const idx = this.bars(Number(polygon[4]), Number(polygon[5]))
      const cursor = Number(url.searchParams.get('cursor') ?? 0)
      const page = idx.slice(cursor, cursor + 700)
      const body: Record<string, unknown> = {
        ticker: polygon[1],
        status: 'OK',
        adjusted: false,
        queryCount: page.length,
        resultsCount: page.length,
        results: page.map((i) => ({
          t: goog.time[i],
          o: goog.open[i],
          h: goog.high[i],
          l: goog.low[i],
          c: goog.close[i],
          v: goog.volume[i],
          vw: goog.close[i],
          n: 100,
        })),
      }
      if (cursor + 700 < idx.length)
        body.next_url = `${this.url}${url.pathname}?cursor=${cursor + 700}`
      return send(200, body)
    }
    send(404, { message: 'not found' })
  }
}

let core: TestCore
const fake = new FakeProviders()

async function storedCount(): Promise<number> {
  const r = await core.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM market.ohlcv_bars')
  return r.rows[0]?.n ?? 0
}

beforeAll(async () => {
  await fake.start()
  // The endpoints are the opener's to set, never a request's.
  core = await openTestCore(null, { providerEndpoints: { alpaca: fake.url, polygon: fake.url } })
})
afterAll(async () => {
  await core.close()
  await new Promise<void>((r) => fake.server.close(() => r()))
})
beforeEach(async () => {
  fake.hits = []
  fake.failures = []
  await core.pg.exec('TRUNCATE market.ohlcv_bars, market.data_sync_log, market.tickers CASCADE')
})

describe('missingRanges', () => {
  it('asks for everything when nothing is stored, and only the edges otherwise', () => {
    expect(missingRanges({ fromMs: 0, toMs: 10 * DAY }, null, DAY)).toEqual([
      { fromMs: 0, toMs: 10 * DAY },
    ])
    expect(
      missingRanges({ fromMs: 0, toMs: 10 * DAY }, { fromMs: 3 * DAY, toMs: 6 * DAY }, DAY),
    ).toEqual([
      { fromMs: 0, toMs: 2 * DAY },
      { fromMs: 7 * DAY, toMs: 10 * DAY },
    ])
    expect(
      missingRanges({ fromMs: 4 * DAY, toMs: 5 * DAY }, { fromMs: 3 * DAY, toMs: 6 * DAY }, DAY),
    ).toEqual([])
    expect(
      missingRanges({ fromMs: 0, toMs: 4 * DAY }, { fromMs: 3 * DAY, toMs: 6 * DAY }, DAY),
    ).toEqual([{ fromMs: 0, toMs: 2 * DAY }])
  })
})

describe('bars-fetch from Alpaca', () => {
  it('pages through bars, retries after a 429, and then asks only for missing ranges', async () => {
    fake.failures = [429]
    const first = await core.value('bars-fetch', {
      provider: 'alpaca',
      symbol: 'GOOG',
      timeframe: '1Day',
      from: '2010-01-01',
      to: '2011-12-31',
      keyId: KEY_ID,
      secretKey: SECRET,
    })
    const expected = [...goog.time].filter(
      (t) => t >= Date.UTC(2010, 0, 1) && t < Date.UTC(2012, 0, 1),
    ).length
    expect(first).toMatchObject({
      provider: 'alpaca',
      fetched: expected,
      inserted: expected,
      duplicates: 0,
    })
    expect(first.requested).toEqual([
      { from: '2010-01-01T00:00:00.000Z', to: '2011-12-31T23:59:59.999Z' },
    ])
    // One 429, then two pages (500 + the rest).
    expect(fake.hits).toHaveLength(3)
    expect(fake.hits[2]?.query.get('page_token')).toBe('500')
    expect(await storedCount()).toBe(expected)
    const stored = await core.value('bars-get', { symbol: 'GOOG', timeframe: '1Day', limit: 1 })
    expect(stored.close[0]).toBe(
      goog.close[[...goog.time].findLastIndex((t) => t < Date.UTC(2012, 0, 1))],
    )

    fake.hits = []
    const again = await core.value('bars-fetch', {
      provider: 'alpaca',
      symbol: 'GOOG',
      timeframe: '1Day',
      from: '2010-03-01',
      to: '2011-06-30',
      keyId: KEY_ID,
      secretKey: SECRET,
    })
    expect(again).toMatchObject({ requested: [], fetched: 0, inserted: 0 })
    expect(fake.hits).toHaveLength(0)

    const wider = await core.value('bars-fetch', {
      provider: 'alpaca',
      symbol: 'GOOG',
      timeframe: '1Day',
      from: '2009-12-01',
      to: '2012-01-31',
      keyId: KEY_ID,
      secretKey: SECRET,
    })
    expect(wider.requested.map((r) => r.from.slice(0, 10))).toEqual(['2009-12-01', '2011-12-31'])
    expect(fake.hits.map((h) => h.query.get('start')?.slice(0, 10))).toEqual([
      '2009-12-01',
      '2011-12-31',
    ])
    expect(wider.duplicates).toBe(0)
    expect(wider.inserted).toBeGreaterThan(30)
  })

  it('fails unauthorized on a refused key and writes nothing', async () => {
    const r = await core.call('bars-fetch', {
      provider: 'alpaca',
      symbol: 'GOOG',
      timeframe: '1Day',
      from: '2010-01-01',
      to: '2010-12-31',
      keyId: 'wrong',
      secretKey: 'wrong',
    })
    expect(r.ok === false && r.error.code).toBe('unauthorized')
    expect(r.ok === false && r.error.message).toContain('unauthorized.')
    expect(await storedCount()).toBe(0)
  })

  it('requires keys', async () => {
    const r = await core.call('bars-fetch', {
      provider: 'alpaca',
      symbol: 'GOOG',
      timeframe: '1Day',
      from: '2010-01-01',
      to: '2010-12-31',
    })
    expect(r.ok === false && r.error.code).toBe('invalid-input')
  })
})

describe('bars-fetch from Polygon', () => {
  it('follows next_url with the key and stores the aggregates', async () => {
    const r = await core.value('bars-fetch', {
      provider: 'polygon',
      symbol: 'GOOG',
      timeframe: '1Day',
      from: '2005-01-01',
      to: '2009-12-31',
      apiKey: POLY_KEY,
    })
    const expected = [...goog.time].filter(
      (t) => t >= Date.UTC(2005, 0, 1) && t < Date.UTC(2010, 0, 1),
    ).length
    expect(r).toMatchObject({ fetched: expected, inserted: expected })
    expect(fake.hits.length).toBe(Math.ceil(expected / 700))
    expect(fake.hits.every((h) => h.query.get('apiKey') === POLY_KEY)).toBe(true)
    expect(fake.hits[0]?.path).toBe(
      `/v2/aggs/ticker/GOOG/range/1/day/${Date.UTC(2005, 0, 1)}/${Date.UTC(2009, 11, 31) + DAY - 1}`,
    )
  })

  it('gives up as unavailable when rate limits persist, and on server errors', async () => {
    fake.failures = [429, 429, 429, 429]
    const limited = await core.call('bars-fetch', {
      provider: 'polygon',
      symbol: 'GOOG',
      timeframe: '1Day',
      from: '2005-01-01',
      to: '2005-12-31',
      apiKey: POLY_KEY,
    })
    expect(limited.ok === false && limited.error.code).toBe('unavailable')
    expect(limited.ok === false && limited.error.message).toContain('rate limited')
    expect(fake.hits).toHaveLength(4)
    fake.failures = [500]
    const down = await core.call('bars-fetch', {
      provider: 'polygon',
      symbol: 'GOOG',
      timeframe: '1Day',
      from: '2005-01-01',
      to: '2005-12-31',
      apiKey: POLY_KEY,
    })
    expect(down.ok === false && down.error.code).toBe('unavailable')
    fake.failures = [403]
    const forbidden = await core.call('bars-fetch', {
      provider: 'polygon',
      symbol: 'GOOG',
      timeframe: '1Day',
      from: '2005-01-01',
      to: '2005-12-31',
      apiKey: POLY_KEY,
    })
    expect(forbidden.ok === false && forbidden.error.code).toBe('unauthorized')
    expect(await storedCount()).toBe(0)
  })

  it('keeps no key anywhere in the database', async () => {
    await core.value('bars-fetch', {
      provider: 'polygon',
      symbol: 'GOOG',
      timeframe: '1Day',
      from: '2006-01-01',
      to: '2006-03-31',
      apiKey: POLY_KEY,
    })
    await core.value('bars-fetch', {
      provider: 'alpaca',
      symbol: 'GOOG',
      timeframe: '1Day',
      from: '2006-04-01',
      to: '2006-06-30',
      keyId: KEY_ID,
      secretKey: SECRET,
    })
    const tables = await core.pg.query<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    )
    for (const { s, t } of tables.rows) {
      const hit = await core.pg.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${s}"."${t}" x WHERE x::text LIKE '%' || $1 || '%' OR x::text LIKE '%' || $2 || '%' OR x::text LIKE '%' || $3 || '%'`,
        [POLY_KEY, SECRET, KEY_ID],
      )
      expect(hit.rows[0]?.n, `${s}.${t}`).toBe(0)
    }
  })
})

describe('bars-fetch endpoints', () => {
  it('refuses a baseUrl in the request and sends the keys nowhere', async () => {
    const previous = process.env.EDGEBOOK_ALPACA_KEY_ID
    const previousSecret = process.env.EDGEBOOK_ALPACA_SECRET_KEY
    // Keys the user keeps in the environment: the attacker hopes they follow the request.
    process.env.EDGEBOOK_ALPACA_KEY_ID = KEY_ID
    process.env.EDGEBOOK_ALPACA_SECRET_KEY = SECRET
    const catcher = new FakeProviders()
    await catcher.start()
    try {
      for (const caller of ['page', 'cli'] as const) {
        const r = await core.registry.invoke(
          'bars-fetch',
          {
            provider: 'alpaca',
            symbol: 'GOOG',
            timeframe: '1Day',
            from: '2010-01-01',
            to: '2010-01-31',
            baseUrl: catcher.url,
          },
          caller,
        )
        expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
        expect(JSON.stringify(r)).toContain('baseUrl')
      }
      expect(catcher.hits).toHaveLength(0)
      expect(fake.hits).toHaveLength(0)
    } finally {
      if (previous === undefined) delete process.env.EDGEBOOK_ALPACA_KEY_ID
      else process.env.EDGEBOOK_ALPACA_KEY_ID = previous
      if (previousSecret === undefined) delete process.env.EDGEBOOK_ALPACA_SECRET_KEY
      else process.env.EDGEBOOK_ALPACA_SECRET_KEY = previousSecret
      await new Promise<void>((r) => catcher.server.close(() => r()))
    }
  })

  it('uses the providers own https endpoints unless the opener of the core sets others', () => {
    expect(resolveProviderEndpoints()).toEqual({
      alpaca: 'https://data.alpaca.markets',
      polygon: 'https://api.polygon.io',
    })
    expect(resolveProviderEndpoints({ polygon: 'http://127.0.0.1:9/x' }).polygon).toBe(
      'http://127.0.0.1:9',
    )
    for (const bad of [
      'http://evil.example',
      'http://10.0.0.5:8080',
      'ftp://127.0.0.1',
      'https://user:pw@proxy.example',
      'not a url',
    ]) {
      expect(() => resolveProviderEndpoints({ alpaca: bad }), bad).toThrow(/alpaca endpoint/)
    }
  })

  it('does not follow a Polygon next_url to another origin with the key', async () => {
    const elsewhere = new FakeProviders()
    await elsewhere.start()
    const original = fake.server.listeners('request')[0] as (
      req: IncomingMessage,
      res: ServerResponse,
    ) => void
    fake.server.removeAllListeners('request')
    fake.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.hits.push({ path: req.url ?? '', query: new URLSearchParams(), headers: req.headers })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ status: 'OK', results: [], next_url: `${elsewhere.url}/v2/steal` }))
    })
    try {
      const r = await core.call('bars-fetch', {
        provider: 'polygon',
        symbol: 'GOOG',
        timeframe: '1Day',
        from: '2005-01-01',
        to: '2005-01-31',
        apiKey: POLY_KEY,
      })
      expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } })
      expect(fake.hits).toHaveLength(1)
      expect(elsewhere.hits).toHaveLength(0)
    } finally {
      fake.server.removeAllListeners('request')
      fake.server.on('request', original)
      await new Promise<void>((r) => elsewhere.server.close(() => r()))
    }
  })
})
