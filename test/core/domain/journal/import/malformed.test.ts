import { describe, expect, it } from 'vitest'
import { parseFills } from '../../../../../electron/core/domain/journal/import/index'
import { malformedCorpus } from './malformed-corpus'

const corpus = malformedCorpus()

describe('malformed broker files', () => {
  it('holds at least 50 cases with distinct names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50)
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
})
