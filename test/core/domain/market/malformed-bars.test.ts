import { describe, expect, it } from 'vitest'
import { parseBarCsv } from '../../../../electron/core/domain/market/bar-csv'
import { decodeText } from '../../../../electron/core/domain/files/decode'
import { cases, goog, setCell, utf16BarFiles } from '../../../support/malformed-bars-corpus'

describe('parseBarCsv on malformed files', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40)
  })

  for (const c of cases) {
    it(`refuses: ${c.name}`, () => {
      const result = parseBarCsv(c.text, { fileName: 'bad.csv', tz: c.tz })
      expect(result.ok).toBe(false)
      if (result.ok) return
      const first = result.error.issues[0]
      expect(first).toMatchObject({ file: 'bad.csv', line: c.line, field: c.field })
      expect(first?.message).toMatch(c.message)
      // The summary names file, line and field so a trader can find the cell.
      const where = c.line > 0 ? `bad.csv:${c.line}: ${c.field}: ` : `bad.csv: ${c.field}: `
      expect(result.error.message.startsWith(where)).toBe(true)
    })
  }

  it('reports every bad row, not only the first', () => {
    let lines = goog
    for (const line of [5, 9, 100]) lines = setCell(lines, line, 1, '-1')
    const result = parseBarCsv(lines.join('\n'), { fileName: 'g.csv' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.issues.map((i) => i.line)).toEqual([5, 9, 100])
    expect(result.error.message).toContain('(and 2 more)')
  })

  it('caps the issue list on a file that is wrong everywhere', () => {
    const result = parseBarCsv(
      goog.map((l, i) => (i === 0 ? l : l.replace(/,[^,]*$/, ',-1'))).join('\n'),
      { fileName: 'g.csv' },
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.issues).toHaveLength(50)
    expect(result.error.truncated).toBe(true)
  })

  it('reads every bar file the same in UTF-16 with a byte-order mark as in UTF-8', () => {
    for (const file of utf16BarFiles()) {
      const decoded = decodeText(file.bytes)
      expect(decoded.ok, file.name).toBe(true)
      if (!decoded.ok) return
      const want = parseBarCsv(file.text, { fileName: file.name })
      const got = parseBarCsv(decoded.text, { fileName: file.name })
      expect(want.ok && got.ok && got.value.bars.time.length).toBe(
        want.ok && want.value.bars.time.length,
      )
    }
  })
})
