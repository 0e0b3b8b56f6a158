import { describe, expect, it } from 'vitest'
import { parseFills } from '../../../../../electron/core/domain/journal/import/index'
import {
  malformedCorpus,
  truncatedCorpus,
  utf16Samples,
} from '../../../../support/malformed-fills-corpus'

const corpus = malformedCorpus()

describe('malformed broker files', () => {
  it('holds at least 100 cases with distinct names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100)
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length)
  })

  it.each(corpus.map((c) => [c.name, c] as const))(
    '%s fails with an error naming file, line and field',
    (_name, c) => {
      const outcome = parseFills(c.bytes, {
        fileName: c.name,
        ...(c.format ? { format: c.format } : {}),
        ...(c.mapping ? { mapping: c.mapping } : {}),
      })
      expect(outcome.ok).toBe(false)
      if (outcome.ok) return
      const first = outcome.errors[0]
      expect({ file: first?.file, line: first?.line, field: first?.field }).toEqual({
        file: c.name,
        line: c.line,
        field: c.field,
      })
      expect(first?.message.length).toBeGreaterThan(10)
    },
  )

  it('refuses an unknown time zone by name', () => {
    const outcome = parseFills('a,b\n', {
      fileName: 'x.csv',
      format: 'ninjatrader8',
      tz: 'Mars/Base',
    })
    expect(outcome).toEqual({
      ok: false,
      errors: [
        { file: 'x.csv', line: 0, field: 'tz', message: '"Mars/Base" is not an IANA time zone' },
      ],
    })
  })

  it.each(truncatedCorpus().map((c) => [c.name, c] as const))(
    '%s is refused, or read whole with a warning that it may be cut',
    (_name, c) => {
      const outcome = parseFills(c.bytes, { fileName: c.name, tz: 'UTC' })
      if (!outcome.ok) {
        expect(outcome.errors[0]?.file).toBe(c.name)
        expect(outcome.errors[0]?.line).toBeGreaterThanOrEqual(1)
        return
      }
      // Accepted only with a warning naming the last line, so no fills go missing unnoticed.
      expect(outcome.value.warnings.map((w) => w.code)).toContain('unterminated-last-line')
      expect(outcome.value.fills.length).toBeLessThanOrEqual(c.fills)
    },
  )

  it.each(utf16Samples().map((c) => [c.name, c] as const))(
    '%s (UTF-16 with a byte-order mark) imports every fill',
    (_name, c) => {
      const outcome = parseFills(c.bytes, { fileName: c.name, tz: 'UTC' })
      expect(outcome.ok && outcome.value.fills.length).toBe(c.fills)
    },
  )

  it('refuses fills past the plausibility horizon relative to the time it is given', () => {
    const row = 'Ticker,Side,Shares,Px,When\nAAPL,BUY,10,190.5,2024-03-10 10:00:00\n'
    const mapping = {
      columns: { symbol: 'Ticker', side: 'Side', qty: 'Shares', price: 'Px', time: 'When' },
      dateFormat: 'yyyy-MM-dd HH:mm:ss',
    }
    const at = (iso: string): boolean =>
      parseFills(row, { fileName: 'g.csv', mapping, tz: 'UTC', nowMs: Date.parse(iso) }).ok
    expect(at('2024-03-07T10:00:01Z')).toBe(true)
    expect(at('2024-03-07T09:59:59Z')).toBe(false)
  })

  it('asks for a zone when the machine names none the runtime knows, instead of guessing', () => {
    const saved = process.env.TZ
    process.env.TZ = 'Mars/Base'
    try {
      const nt =
        'Instrument,Action,Quantity,Price,Time,ID,E/X,Account\nES MAR25,Buy,1,5000,1/28/2025 10:59:52 AM,x1,Entry,Sim101\n'
      const outcome = parseFills(nt, { fileName: 'nt.csv' })
      expect(outcome.ok).toBe(false)
      if (outcome.ok) return
      expect(outcome.errors[0]).toMatchObject({ file: 'nt.csv', line: 0, field: 'tz' })
      expect(outcome.errors[0]?.message).toMatch(/choose the zone/)
      expect(parseFills(nt, { fileName: 'nt.csv', tz: 'UTC' }).ok).toBe(true)
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })
})
