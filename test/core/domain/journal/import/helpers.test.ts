import { describe, expect, it } from 'vitest'
import type { ParsedFill } from '../../../../../electron/core/domain/journal/fill'
import {
  contentHash,
  decodeText,
  dedupeKeys,
  parseCsv,
  parseLocalDateTime,
  parseNumber,
} from '../../../../../electron/core/domain/journal/import/index'
import { toUtcIso } from '../../../../../electron/core/domain/journal/import/time'
import {
  defaultMultiplier,
  splitFuturesSymbol,
} from '../../../../../electron/core/domain/journal/multipliers'

function utc(local: string, zone: string, pattern = 'yyyy-MM-dd HH:mm:ss'): string {
  const iso = toUtcIso(local, pattern, zone)
  if (iso === null) throw new Error(`unparsable ${local}`)
  return iso
}

// The zone policy itself is tested with the zone module (test/core/domain/time/zone.test.ts).
describe('toUtcIso', () => {
  it('applies summer and winter offsets', () => {
    expect(utc('2022-06-21 09:34:56', 'America/New_York')).toBe('2022-06-21T13:34:56.000Z')
    expect(utc('2022-01-21 09:34:56', 'America/New_York')).toBe('2022-01-21T14:34:56.000Z')
    expect(utc('2024-07-01 12:00:00', 'Europe/Berlin')).toBe('2024-07-01T10:00:00.000Z')
    expect(utc('2024-07-01 12:00:00', 'Asia/Kolkata')).toBe('2024-07-01T06:30:00.000Z')
    expect(utc('2024-07-01 12:00:00', 'UTC')).toBe('2024-07-01T12:00:00.000Z')
  })

  it('maps a time repeated when clocks fall back to its first occurrence', () => {
    expect(utc('2022-11-06 01:30:00', 'America/New_York')).toBe('2022-11-06T05:30:00.000Z')
  })

  it('moves a time skipped when clocks spring forward past the gap', () => {
    expect(utc('2022-03-13 02:30:00', 'America/New_York')).toBe('2022-03-13T07:30:00.000Z')
  })

  it('handles the hour around the change exactly', () => {
    expect(utc('2022-03-13 01:59:59', 'America/New_York')).toBe('2022-03-13T06:59:59.000Z')
    expect(utc('2022-03-13 03:00:00', 'America/New_York')).toBe('2022-03-13T07:00:00.000Z')
    expect(utc('2022-11-06 02:00:00', 'America/New_York')).toBe('2022-11-06T07:00:00.000Z')
  })
})

describe('parseLocalDateTime', () => {
  it('reads 12-hour clocks with AM/PM', () => {
    expect(parseLocalDateTime('1/28/2025 12:05:09 AM', 'M/d/yyyy h:mm:ss a')).toMatchObject({
      year: 2025,
      month: 1,
      day: 28,
      hour: 0,
      minute: 5,
    })
    expect(parseLocalDateTime('1/28/2025 12:05:09 PM', 'M/d/yyyy h:mm:ss a')?.hour).toBe(12)
    expect(parseLocalDateTime('1/28/2025 1:05:09 PM', 'M/d/yyyy h:mm:ss a')?.hour).toBe(13)
  })

  it('rejects impossible dates and clock values', () => {
    expect(parseLocalDateTime('2023-02-29 10:00:00', 'yyyy-MM-dd HH:mm:ss')).toBe(null)
    expect(parseLocalDateTime('2024-02-29 10:00:00', 'yyyy-MM-dd HH:mm:ss')).not.toBe(null)
    expect(parseLocalDateTime('2024-13-01 10:00:00', 'yyyy-MM-dd HH:mm:ss')).toBe(null)
    expect(parseLocalDateTime('2024-01-01 24:00:00', 'yyyy-MM-dd HH:mm:ss')).toBe(null)
    expect(parseLocalDateTime('13/28/2025 10:00:00 AM', 'M/d/yyyy h:mm:ss a')).toBe(null)
  })

  it('reads month names and compact Flex stamps', () => {
    expect(parseLocalDateTime('16-Jul-21', 'dd-MMM-yy')).toMatchObject({ year: 2021, month: 7 })
    expect(parseLocalDateTime('20260126;115715', 'yyyyMMdd;HHmmss')).toMatchObject({
      year: 2026,
      month: 1,
      day: 26,
      hour: 11,
      minute: 57,
      second: 15,
    })
  })
})

describe('parseNumber', () => {
  it.each([
    ['1,234.50', 1234.5],
    ['$(400.00)', -400],
    ['(12.5)', -12.5],
    ['$1,200.00', 1200],
    ['+500', 500],
    ['-1.25', -1.25],
    ['€ 3.10', 3.1],
    ['-$3.10', -3.1],
    ['USD 7', 7],
    ['  42  ', 42],
    ['.5', 0.5],
  ])('reads %s as %d', (raw, value) => {
    expect(parseNumber(raw)).toBe(value)
  })

  it.each(['', 'NaN', 'Infinity', '1.2.3', '12,34', 'abc', '--', '1e400', '$'])(
    'refuses %s',
    (raw) => {
      expect(parseNumber(raw)).toBe(null)
    },
  )
})

describe('parseCsv', () => {
  it('reads quoted delimiters, doubled quotes, embedded newlines and CRLF with start lines', () => {
    const out = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\r\nlast,3')
    expect(out.ok && out.rows).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['x, y', 'say "hi"'], line: 2 },
      { fields: ['multi\nline', '2'], line: 3 },
      { fields: ['last', '3'], line: 5 },
    ])
  })

  it('names the line where an unclosed quote starts', () => {
    const out = parseCsv('a,b\n1,2\n"open,3\n4,5\n')
    expect(out).toEqual({
      ok: false,
      error: { line: 3, message: 'a quoted field is never closed' },
    })
  })
})

describe('decodeText', () => {
  it('strips a UTF-8 BOM and decodes UTF-16 with a BOM', () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62])
    expect(decodeText(utf8)).toEqual({ ok: true, text: 'a,b' })
    const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0, 0x2c, 0, 0x62, 0])
    expect(decodeText(utf16)).toEqual({ ok: true, text: 'a,b' })
  })

  it('refuses Latin-1 bytes, naming their line', () => {
    const latin1 = new Uint8Array([0x61, 0x0a, 0x62, 0x0a, 0x63, 0xe9, 0x0a])
    const out = decodeText(latin1)
    expect(out.ok).toBe(false)
    if (!out.ok) {
      expect(out.error.line).toBe(3)
      expect(out.error.message).toMatch(/0xe9 is not valid UTF-8/)
    }
  })
})

describe('multipliers', () => {
  it('splits futures codes by the longest known root', () => {
    expect(splitFuturesSymbol('MESU4')).toEqual({ root: 'MES', month: 'U', year: '4' })
    expect(splitFuturesSymbol('/CLJ24')).toEqual({ root: 'CL', month: 'J', year: '24' })
    expect(splitFuturesSymbol('MGCZ5')?.root).toBe('MGC')
    expect(splitFuturesSymbol('6EH5')?.root).toBe('6E')
  })

  it('gives point values by root, 100 for equity options, null for unknown roots', () => {
    expect(defaultMultiplier('future', 'ES')).toBe(50)
    expect(defaultMultiplier('future', 'MES')).toBe(5)
    expect(defaultMultiplier('future_option', 'CL')).toBe(1000)
    expect(defaultMultiplier('option', 'AAPL')).toBe(100)
    expect(defaultMultiplier('stock', 'AAPL')).toBe(1)
    expect(defaultMultiplier('future', 'ZZZ')).toBe(null)
  })
})

describe('dedupeKeys', () => {
  const fill: ParsedFill = {
    account: 'A1',
    broker: 'generic',
    symbol: 'ES',
    underlying: 'ES',
    assetClass: 'future',
    side: 'buy',
    qty: 1,
    price: 5000.25,
    multiplier: 50,
    commission: 2,
    fees: 0,
    currency: 'USD',
    executedAt: '2024-01-02T15:00:00.000Z',
    externalTradeId: null,
    orderId: null,
    openClose: null,
    line: 2,
  }

  it('counts occurrences of identical content so twins stay two fills', () => {
    const keys = dedupeKeys([fill, { ...fill, line: 3 }, { ...fill, qty: 2, line: 4 }])
    expect(keys[0]).toMatch(/^h:[0-9a-f]{32}:0$/)
    expect(keys[1]).toBe(keys[0]?.replace(/:0$/, ':1'))
    expect(keys[2]).toMatch(/:0$/)
    expect(keys[2]).not.toBe(keys[0])
  })

  it('uses the broker execution id when there is one', () => {
    expect(dedupeKeys([{ ...fill, externalTradeId: 'X9' }])).toEqual(['id:X9'])
  })

  it('ignores costs, broker and line, so two reports of one execution agree', () => {
    expect(contentHash({ ...fill, commission: 0, broker: 'other', line: 40 })).toBe(
      contentHash(fill),
    )
    expect(contentHash({ ...fill, account: 'A2' })).not.toBe(contentHash(fill))
  })
})
