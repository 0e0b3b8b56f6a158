import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WireResult } from '../../../electron/core/contract/errors'
import { openTestCore, type TestCore } from '../../support/core'
import {
  malformedCorpus,
  truncatedCorpus,
  utf16Samples,
} from '../../support/malformed-fills-corpus'
import {
  barBytesCases,
  cases as barTextCases,
  goodParquet,
  parquetCases,
  utf16BarFiles,
} from '../../support/malformed-bars-corpus'

// Every malformed file goes through the real channels: each is refused with a clear error (or
// imported correctly), never `internal`, never a hang, and a refused file writes nothing.

const SAMPLES = resolve(import.meta.dirname, '../../fixtures/broker-samples')
const BARS = resolve(import.meta.dirname, '../../fixtures/bars')
const CLEAR = ['parse-error', 'invalid-input', 'not-found']

let core: TestCore
let dir: string

type Counts = { fills: number; batches: number; campaigns: number; bars: number; series: number }

async function counts(): Promise<Counts> {
  const n = async (sql: string): Promise<number> =>
    Number((await core.pg.query<{ n: number }>(sql)).rows[0]?.n ?? 0)
  return {
    fills: await n('SELECT count(*)::int AS n FROM journal.trade_fills'),
    batches: await n('SELECT count(*)::int AS n FROM journal.import_batches'),
    campaigns: await n('SELECT count(*)::int AS n FROM journal.campaign_fills'),
    bars: await n('SELECT count(*)::int AS n FROM market.ohlcv_bars'),
    series: await n('SELECT count(*)::int AS n FROM market.data_sync_log'),
  }
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}

/** A refusal with a code a trader can act on, naming the file. */
function expectClear(result: WireResult<unknown>, name: string): void {
  expect(result.ok, name).toBe(false)
  if (result.ok) return
  expect(CLEAR, `${name}: ${result.error.code} ${result.error.message}`).toContain(
    result.error.code,
  )
  expect(result.error.message).toContain(name)
}

beforeAll(async () => {
  core = await openTestCore()
  dir = mkdtempSync(join(tmpdir(), 'edgebook-malformed-'))
  // Something on file already, so "nothing written" is checked against real rows.
  await core.value('fills-import', { path: resolve(SAMPLES, 'tradovate-orders-history.csv') })
  await core.value('bars-import', {
    path: resolve(BARS, 'backtrader_2006-week-001.txt'),
    symbol: 'IDX',
    timeframe: '1Week',
  })
})

afterAll(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('malformed broker files through fills-preview and fills-import', () => {
  const corpus = malformedCorpus()

  it.each(corpus.map((c) => [c.name, c] as const))(
    '%s: preview names file, line and field; import refuses it and writes nothing',
    async (_name, c) => {
      const source = {
        contentBase64: base64(c.bytes),
        fileName: c.name,
        ...(c.format ? { broker: c.format } : {}),
        ...(c.mapping ? { mapping: c.mapping } : {}),
      }
      const preview = await core.call('fills-preview', source)
      expect(preview.ok, c.name).toBe(true)
      if (preview.ok) {
        expect(preview.value.errors[0]).toMatchObject({
          file: c.name,
          line: c.line,
          field: c.field,
        })
      }
      const before = await counts()
      const result = await core.call('fills-import', source)
      expectClear(result, c.name)
      if (!result.ok) {
        expect(result.error.code).toBe('parse-error')
        expect(result.error.message.startsWith(`${c.name}:${c.line} ${c.field}:`)).toBe(true)
      }
      expect(await counts()).toEqual(before)
    },
  )

  it.each(truncatedCorpus().map((c) => [c.name, c] as const))(
    '%s: refused, or imported with a warning that it may be cut',
    async (_name, c) => {
      const before = await counts()
      const result = await core.call('fills-import', {
        contentBase64: base64(c.bytes),
        fileName: c.name,
        tz: 'UTC',
      })
      if (!result.ok) {
        expectClear(result, c.name)
        expect(await counts()).toEqual(before)
        return
      }
      expect(result.value.warnings.map((w) => w.code)).toContain('unterminated-last-line')
      expect(result.value.fills + result.value.duplicates).toBeLessThanOrEqual(c.fills)
    },
  )

  it('imports every sample in UTF-16 with a byte-order mark, both endians, whole', async () => {
    for (const c of utf16Samples()) {
      const result = await core.value('fills-import', {
        contentBase64: base64(c.bytes),
        fileName: c.name,
        tz: 'UTC',
      })
      expect(result.fills + result.duplicates, c.name).toBe(c.fills)
    }
  })

  it('refuses an unknown or malformed time zone and a NUL in the account, writing nothing', async () => {
    const before = await counts()
    const source = { path: resolve(SAMPLES, 'ninjatrader8-executions-grid-2025-01-28.csv') }
    for (const tz of ['Mars/Base', '+05:00', 'UTC+5', 'Etc/GMT+15', 'America/New_York\u0000']) {
      const result = await core.call('fills-import', { ...source, tz })
      expect(result.ok === false && result.error.code, tz).toBe('parse-error')
      expect(result.ok === false && result.error.details?.errors).toEqual([
        expect.objectContaining({ line: 0, field: 'tz' }),
      ])
    }
    const nul = await core.call('fills-import', { ...source, account: 'Sim\u0000101' })
    expect(nul.ok === false && nul.error.code).toBe('parse-error')
    expect(nul.ok === false && nul.error.message).toMatch(/account contains a NUL/)
    const name = await core.call('fills-import', { content: 'a,b\n', fileName: 'a\u0000.csv' })
    expect(name.ok === false && name.error.code).toBe('invalid-input')
    expect(await counts()).toEqual(before)
  })
})

describe('malformed bar files through bars-import', () => {
  const target = { symbol: 'BAD', timeframe: '1Day' }

  it.each(barTextCases.map((c) => [c.name, c] as const))(
    '%s: refused naming file, line and field; nothing written',
    async (_name, c) => {
      const before = await counts()
      const result = await core.call('bars-import', {
        content: c.text,
        fileName: 'bad.csv',
        ...(c.tz ? { tz: c.tz } : {}),
        ...target,
      })
      expectClear(result, 'bad.csv')
      expect(result.ok === false && result.error.code).toBe('parse-error')
      expect(result.ok === false && result.error.details?.issues).toEqual(
        expect.arrayContaining([expect.objectContaining({ line: c.line, field: c.field })]),
      )
      expect(await counts()).toEqual(before)
    },
  )

  it.each(barBytesCases().map((c) => [c.name, c] as const))(
    '%s: refused naming file, line and field; nothing written',
    async (_name, c) => {
      const before = await counts()
      const result = await core.call('bars-import', {
        contentBase64: base64(c.bytes),
        fileName: c.name,
        ...target,
      })
      expectClear(result, c.name)
      expect(result.ok === false && result.error.code).toBe('parse-error')
      const issues = result.ok ? [] : (result.error.details?.issues as unknown[])
      expect(issues[0]).toMatchObject({ file: c.name, line: c.line, field: c.field })
      expect(await counts()).toEqual(before)
    },
  )

  it.each(parquetCases().map((c) => [c.name, c] as const))(
    '%s: refused naming file, line and field; nothing written',
    async (_name, c) => {
      const before = await counts()
      const result = await core.call('bars-import', {
        contentBase64: base64(c.bytes),
        fileName: c.name,
        ...target,
      })
      expectClear(result, c.name)
      expect(result.ok === false && result.error.code).toBe('parse-error')
      const issues = result.ok ? [] : (result.error.details?.issues as unknown[])
      expect(issues[0]).toMatchObject({ file: c.name, line: c.line, field: c.field })
      expect(await counts()).toEqual(before)
    },
  )

  it('imports a good Parquet file, so the refusals above are about the damage', async () => {
    const result = await core.value('bars-import', {
      contentBase64: base64(goodParquet()),
      fileName: 'good.parquet',
      symbol: 'PQ',
      timeframe: '1Day',
    })
    expect(result.inserted).toBe(10)
    await core.value('bars-delete', { symbol: 'PQ', timeframe: '1Day' })
  })

  it('imports every bar file in UTF-16 with a byte-order mark as it imports the UTF-8 file', async () => {
    for (const file of utf16BarFiles()) {
      const preview = await core.value('bars-preview', { content: file.text, limit: 1 })
      const result = await core.value('bars-import', {
        contentBase64: base64(file.bytes),
        fileName: file.name,
        symbol: 'U16',
        timeframe: '1Day',
      })
      expect(result.rows, file.name).toBe(preview.total)
      await core.value('bars-delete', { symbol: 'U16', timeframe: '1Day' })
    }
  })
})

describe('special files by path', () => {
  const fillsImport = (path: string) => core.call('fills-import', { path })
  const fillsPreview = (path: string) => core.call('fills-preview', { path })
  const barsImport = (path: string) =>
    core.call('bars-import', { path, symbol: 'SPECIAL', timeframe: '1Day' })
  const barsPreview = (path: string) => core.call('bars-preview', { path })
  const channels = [fillsImport, fillsPreview, barsImport, barsPreview]

  async function refusedEverywhere(path: string, code: string, message: RegExp): Promise<void> {
    const before = await counts()
    for (const call of channels) {
      const result = await call(path)
      expect(result.ok === false && result.error.code, path).toBe(code)
      expect(result.ok === false && result.error.message).toMatch(message)
    }
    expect(await counts()).toEqual(before)
  }

  it('refuses a symlink to /dev/zero without reading it', async () => {
    const link = join(dir, 'zero.csv')
    symlinkSync('/dev/zero', link)
    await refusedEverywhere(link, 'invalid-input', /is a device; only regular files/)
  })

  it('refuses five FIFOs without blocking, and reads a regular file right after', async () => {
    for (let i = 0; i < 5; i++) {
      const fifo = join(dir, `pipe-${i}.csv`)
      execFileSync('mkfifo', [fifo])
      await refusedEverywhere(fifo, 'invalid-input', /is a named pipe \(FIFO\)/)
    }
    const preview = await core.value('fills-preview', {
      path: resolve(SAMPLES, 'tradovate-performance.csv'),
    })
    expect(preview.total).toBe(4)
  })

  it('refuses a directory', async () => {
    const sub = join(dir, 'folder.csv')
    mkdirSync(sub)
    await refusedEverywhere(sub, 'invalid-input', /is a directory/)
  })

  it('refuses a file over the size limit, naming its size and the limit', async () => {
    const big = join(dir, 'big.csv')
    writeFileSync(big, 'Ticker,Side,Shares,Px,When\n')
    truncateSync(big, 65 * 1024 * 1024)
    const before = await counts()
    const fillsLimit = /^big\.csv is 65\.0 MB; imports are limited to 16\.0 MB — split the file/
    const barsLimit = /^big\.csv is 65\.0 MB; imports are limited to 64\.0 MB — split the file/
    for (const [call, message] of [
      [fillsImport, fillsLimit],
      [fillsPreview, fillsLimit],
      [barsImport, barsLimit],
      [barsPreview, barsLimit],
    ] as const) {
      const result = await call(big)
      expect(result.ok === false && result.error.code).toBe('invalid-input')
      expect(result.ok === false && result.error.message).toMatch(message)
    }
    // Past the fills limit but within the bars one: read, and refused for what it holds.
    truncateSync(big, 17 * 1024 * 1024)
    const fills = await fillsImport(big)
    expect(fills.ok === false && fills.error.message).toMatch(
      /^big\.csv is 17\.0 MB; imports are limited to 16\.0 MB/,
    )
    const bars = await barsImport(big)
    expect(bars.ok === false && bars.error.code).toBe('parse-error')
    expect(await counts()).toEqual(before)
  })

  it('refuses a symlink loop and reports a dangling symlink as not found', async () => {
    const a = join(dir, 'loop-a.csv')
    const b = join(dir, 'loop-b.csv')
    symlinkSync(b, a)
    symlinkSync(a, b)
    await refusedEverywhere(a, 'invalid-input', /too many levels of symbolic links/)
    const dangling = join(dir, 'dangling.csv')
    symlinkSync(join(dir, 'nothing-here.csv'), dangling)
    await refusedEverywhere(dangling, 'not-found', /no such file/)
  })

  it('follows a symlink to a regular file', async () => {
    const link = join(dir, 'perf-link.csv')
    symlinkSync(resolve(SAMPLES, 'tradovate-performance.csv'), link)
    const preview = await core.value('fills-preview', { path: link })
    expect(preview.format).toBe('tradovate-performance')
    expect(preview.total).toBe(4)
  })
})
