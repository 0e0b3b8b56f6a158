import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { UploadStore } from '../../../electron/core/files/uploads'
import { openTestCore, type TestCore } from '../../support/core'
import { resetJournal } from '../../support/journal'

const SAMPLES = resolve(import.meta.dirname, '../../fixtures/broker-samples')
const BARS = resolve(import.meta.dirname, '../../fixtures/bars')

let core: TestCore
let dir: string

beforeAll(async () => {
  core = await openTestCore()
  dir = mkdtempSync(join(tmpdir(), 'edgebook-upload-'))
})

afterAll(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(async () => {
  await resetJournal(core.pg)
})

function b64(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64')
}

async function upload(fileName: string, bytes: Uint8Array, chunkBytes = bytes.length) {
  let token: string | undefined
  let last = null
  for (let at = 0; at < bytes.length || at === 0; at += chunkBytes) {
    const chunk = bytes.subarray(at, at + chunkBytes)
    const isLast = at + chunkBytes >= bytes.length
    last = await core.value('file-upload', {
      ...(token ? { token } : {}),
      fileName,
      chunkBase64: b64(chunk),
      isLast,
    })
    token = last.token
    if (isLast) break
  }
  return last as NonNullable<typeof last>
}

/** A NinjaTrader 8 grid of `rows` executions, one bad price on data row `badRow` (1-based). */
function ninjaGrid(rows: number, badRow?: number): string {
  const header =
    'Instrument,Action,Quantity,Price,Time,ID,E/X,Position,Order ID,Name,Commission,Rate,Account,Connection,'
  const lines = [header]
  for (let i = 1; i <= rows; i++) {
    const side = i % 2 === 1 ? 'Buy' : 'Sell'
    const price = i === badRow ? 'abc' : (21500 + (i % 40) * 0.25).toFixed(2)
    const minute = String(i % 60).padStart(2, '0')
    const hour = 9 + Math.floor(i / 3600)
    const second = String(Math.floor(i / 60) % 60).padStart(2, '0')
    lines.push(
      `MNQ MAR25,${side},1,${price},1/28/2025 ${hour}:${minute}:${second} AM,id${String(i).padStart(8, '0')}padpadpadpadpadpadpad,${side === 'Buy' ? 'Entry' : 'Exit'},1 L,order${i},name,$0.00,1,Sim101,ATF NinjaTrader,`,
    )
  }
  return `${lines.join('\r\n')}\r\n`
}

describe('file-upload', () => {
  it('previews and imports by token, and refuses the token once the import used it', async () => {
    const bytes = readFileSync(join(SAMPLES, 'ninjatrader8-executions-grid-2025-01-28.csv'))
    const sent = await upload('nt.csv', bytes, 1000)
    expect(sent).toMatchObject({ fileName: 'nt.csv', bytes: bytes.length })
    expect(sent.sha256).toMatch(/^[0-9a-f]{64}$/)

    const preview = await core.value('fills-preview', { token: sent.token, limit: 5 })
    const byBytes = await core.value('fills-preview', {
      contentBase64: b64(bytes),
      fileName: 'nt.csv',
      limit: 5,
    })
    expect(preview).toEqual(byBytes)
    expect(preview).toMatchObject({ fileName: 'nt.csv', format: 'ninjatrader8', isPartial: false })
    // A tweak of the preview names the same token again.
    const tweaked = await core.value('fills-preview', { token: sent.token, tz: 'UTC', limit: 5 })
    expect(tweaked.zone).toBe('UTC')

    const summary = await core.value('fills-import', { token: sent.token, tz: 'UTC' })
    expect(summary.fills).toBe(preview.total)
    const [batch] = await core.value('import-list', {})
    const stored = await core.pg.query<{ file_sha256: string }>(
      'SELECT file_sha256 FROM journal.import_batches WHERE id = $1',
      [batch?.id],
    )
    expect(stored.rows[0]?.file_sha256).toBe(sent.sha256)

    for (const channel of ['fills-import', 'fills-preview'] as const) {
      const again = await core.call(channel, { token: sent.token })
      expect(again.ok).toBe(false)
      if (!again.ok) {
        expect(again.error.code).toBe('not-found')
        expect(again.error.message).toContain('used by an import')
        expect(again.error.message).toContain('choose the file again')
      }
    }
  })

  it('keeps the token after a refused import, so the trader can fix the options and retry', async () => {
    const sent = await upload('other.csv', new TextEncoder().encode('Ticker;Px\nAAPL;1\n'))
    const refused = await core.call('fills-import', { token: sent.token })
    expect(refused.ok).toBe(false)
    const preview = await core.value('fills-preview', { token: sent.token })
    expect(preview.head[0]).toEqual(['Ticker', 'Px'])
  })

  it('imports bars by token and releases it', async () => {
    const bytes = readFileSync(join(BARS, 'backtrader_2006-week-001.txt'))
    const sent = await upload('week.txt', bytes, 700)
    const preview = await core.value('bars-preview', { token: sent.token, limit: 3 })
    expect(preview.isValid).toBe(true)
    const result = await core.value('bars-import', {
      token: sent.token,
      symbol: 'UPL',
      timeframe: '1Week',
    })
    expect(result.rows).toBe(preview.total)
    const again = await core.call('bars-preview', { token: sent.token })
    expect(again.ok ? null : again.error.code).toBe('not-found')
  })

  it('refuses an upload whose last chunk has not arrived, and a chunk after the last', async () => {
    const first = await core.value('file-upload', {
      fileName: 'half.csv',
      chunkBase64: b64('Instrument,'),
      isLast: false,
    })
    expect(first.sha256).toBe(null)
    const early = await core.call('fills-preview', { token: first.token })
    expect(early.ok ? null : early.error).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('not complete') as string,
    })
    await core.value('file-upload', { token: first.token, fileName: 'half.csv', chunkBase64: '' })
    const late = await core.call('file-upload', {
      token: first.token,
      fileName: 'half.csv',
      chunkBase64: b64('x'),
    })
    expect(late.ok ? null : late.error.code).toBe('conflict')
  })

  it('applies each importer its own size limit to an upload', async () => {
    const big = new Uint8Array(16 * 1024 * 1024 + 1).fill(0x41)
    const sent = await upload('big.csv', big, 8 * 1024 * 1024)
    const fills = await core.call('fills-preview', { token: sent.token })
    expect(fills.ok ? null : fills.error).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('imports are limited to 16.0 MB') as string,
    })
  })

  it('previews a large row-per-fill file from its first rows; the import checks every row', async () => {
    const text = ninjaGrid(3000, 2900)
    expect(text.length).toBeGreaterThan(256 * 1024)
    const sent = await upload('grid.csv', new TextEncoder().encode(text))
    const preview = await core.value('fills-preview', { token: sent.token, tz: 'UTC', limit: 50 })
    expect(preview).toMatchObject({ isPartial: true, total: 50, errors: [] })
    expect(preview.fills.map((f) => f.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2))
    const imported = await core.call('fills-import', { token: sent.token, tz: 'UTC' })
    expect(imported.ok ? null : imported.error).toMatchObject({
      code: 'parse-error',
      message: expect.stringMatching(/^grid\.csv:2901 Price: /) as string,
    })
  })
})

describe('one reader for fills and bars', () => {
  const sources = (): [string, Record<string, unknown>][] => {
    writeFileSync(join(dir, 'empty.csv'), '')
    return [
      ['missing path', { path: join(dir, 'missing.csv') }],
      ['directory', { path: dir }],
      ['empty file', { path: join(dir, 'empty.csv') }],
      ['unknown token', { token: '0190a5e2-0000-7000-8000-000000000000' }],
    ]
  }

  it('answers fills and bars with the same code and message for each unreadable source', async () => {
    for (const [what, source] of sources()) {
      const fills = await core.call('fills-import', source)
      const bars = await core.call('bars-import', {
        ...source,
        symbol: 'X',
        timeframe: '1Day',
      })
      expect(fills.ok, what).toBe(false)
      expect(bars.ok, what).toBe(false)
      if (!fills.ok && !bars.ok) {
        expect({ code: bars.error.code, message: bars.error.message }, what).toEqual({
          code: fills.error.code,
          message: fills.error.message,
        })
      }
    }
  })

  it('names the size and limit of an oversize source alike for fills and bars', async () => {
    const huge = 'x'.repeat(64 * 1024 * 1024 + 1)
    const fills = await core.call('fills-import', { content: huge, fileName: 'huge.csv' })
    const bars = await core.call('bars-import', {
      content: huge,
      fileName: 'huge.csv',
      symbol: 'X',
      timeframe: '1Day',
    })
    expect(fills.ok ? null : fills.error.message).toMatch(
      /^huge\.csv is 64\.0 MB; imports are limited to 16\.0 MB/,
    )
    expect(bars.ok ? null : bars.error.message).toMatch(
      /^huge\.csv is 64\.0 MB; imports are limited to 64\.0 MB/,
    )
  })
})

describe('UploadStore', () => {
  it('drops an upload left idle past its time, with a clear error', () => {
    let now = 0
    const store = new UploadStore({ idleMs: 1000, now: () => now })
    const { token } = store.append({
      fileName: 'a.csv',
      chunk: new Uint8Array([1, 2]),
      isLast: true,
    })
    now = 900
    expect(store.read(token).bytes).toEqual(new Uint8Array([1, 2]))
    now = 2000
    expect(() => store.read(token)).toThrow(/sat idle for over/)
  })

  it('drops the least recently used uploads to stay under its byte cap', () => {
    let now = 0
    const store = new UploadStore({ maxTotalBytes: 10, now: () => now })
    const a = store.append({ fileName: 'a', chunk: new Uint8Array(4), isLast: true }).token
    now = 1
    const b = store.append({ fileName: 'b', chunk: new Uint8Array(4), isLast: true }).token
    now = 2
    store.read(a)
    now = 3
    const c = store.append({ fileName: 'c', chunk: new Uint8Array(4), isLast: true }).token
    expect(store.heldBytes()).toBe(8)
    expect(() => store.read(b)).toThrow(/not held/)
    expect(store.read(a).fileName).toBe('a')
    expect(store.read(c).fileName).toBe('c')
  })
})
