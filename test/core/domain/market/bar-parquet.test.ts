import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseBarCsv } from '../../../../electron/core/domain/market/bar-csv'
import { parseBarParquet } from '../../../../electron/core/domain/market/bar-parquet'
import type { BarColumns } from '../../../../electron/core/domain/market/bars'
import { writeParquet, type ParquetColumn } from '../../../support/parquet-writer'

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/bars')

function goog(): BarColumns {
  const result = parseBarCsv(readFileSync(resolve(FIXTURES, 'backtesting_py_GOOG.csv'), 'utf8'), {
    fileName: 'GOOG.csv',
  })
  if (!result.ok) throw new Error(result.error.message)
  return result.value.bars
}

function toBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

function columnsOf(bars: BarColumns, timeKind: 'timestamp-ms' | 'utf8'): ParquetColumn[] {
  const time: ParquetColumn =
    timeKind === 'utf8'
      ? {
          name: 'date',
          kind: 'utf8',
          values: [...bars.time].map((t) => new Date(t).toISOString().slice(0, 10)),
        }
      : { name: 'timestamp', kind: 'timestamp-ms', values: [...bars.time] }
  return [
    time,
    { name: 'Open', kind: 'double', values: [...bars.open] },
    { name: 'High', kind: 'double', values: [...bars.high] },
    { name: 'Low', kind: 'double', values: [...bars.low] },
    { name: 'Close', kind: 'double', values: [...bars.close] },
    { name: 'Volume', kind: 'double', values: [...bars.volume] },
  ]
}

describe('parseBarParquet', () => {
  it('reads GOOG written as Parquet with a TIMESTAMP column, equal to the CSV', async () => {
    const bars = goog()
    const result = await parseBarParquet(toBuffer(writeParquet(columnsOf(bars, 'timestamp-ms'))), {
      fileName: 'GOOG.parquet',
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.bars).toEqual(bars)
    expect(result.value.layout).toMatchObject({
      format: 'parquet',
      timeColumn: 'timestamp',
      timeKind: 'zoned',
    })
  })

  it('reads text dates and ignores extra columns', async () => {
    const bars = goog()
    const columns = [
      ...columnsOf(bars, 'utf8'),
      { name: 'symbol', kind: 'utf8', values: [...bars.time].map(() => 'GOOG') } as ParquetColumn,
    ]
    const result = await parseBarParquet(toBuffer(writeParquet(columns)), {
      fileName: 'GOOG.parquet',
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.bars.time).toEqual(bars.time)
    expect(result.value.layout.ignored).toEqual(['symbol'])
  })

  it('names the row and column of a bad value', async () => {
    const bars = goog()
    const columns = columnsOf(bars, 'timestamp-ms')
    const high = columns[2] as unknown as { values: number[] }
    high.values[99] = 1
    const result = await parseBarParquet(toBuffer(writeParquet(columns)), {
      fileName: 'GOOG.parquet',
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.issues[0]).toMatchObject({ file: 'GOOG.parquet', line: 100, field: 'High' })
  })

  it('refuses bytes that are not Parquet and a file without a close column', async () => {
    const junk = await parseBarParquet(toBuffer(new TextEncoder().encode('date,open\n')), {
      fileName: 'x.parquet',
    })
    expect(junk.ok).toBe(false)
    if (!junk.ok)
      expect(junk.error.message).toMatch(/^x\.parquet: \(file\): not a readable Parquet file/)
    const noClose = columnsOf(goog(), 'timestamp-ms').filter((c) => c.name !== 'Close')
    const missing = await parseBarParquet(toBuffer(writeParquet(noClose)), {
      fileName: 'y.parquet',
    })
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(missing.error.message).toContain('missing column(s): close')
  })
})
