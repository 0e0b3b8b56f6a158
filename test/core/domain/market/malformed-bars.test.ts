import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseBarCsv } from '../../../../electron/core/domain/market/bar-csv'

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/bars')
const goog = readFileSync(resolve(FIXTURES, 'backtesting_py_GOOG.csv'), 'utf8').trim().split('\n')
const day = readFileSync(resolve(FIXTURES, 'backtrader_2006-day-001.txt'), 'utf8')
  .trim()
  .split('\n')
const eur = readFileSync(resolve(FIXTURES, 'backtesting_py_EURUSD.csv'), 'utf8').trim().split('\n')

/** Replaces cell `col` of physical line `line` (1-based) with `value`. */
function setCell(lines: readonly string[], line: number, col: number, value: string): string[] {
  return lines.map((l, i) => {
    if (i !== line - 1) return l
    const cells = l.split(',')
    cells[col] = value
    return cells.join(',')
  })
}

/** Rewrites physical line `line` (1-based) with `edit` over its numeric cells (time kept). */
function editRow(
  lines: readonly string[],
  line: number,
  edit: (o: number, h: number, l: number, c: number) => number[],
): string[] {
  return lines.map((text, i) => {
    if (i !== line - 1) return text
    const cells = text.split(',')
    const [o, h, l, c] = cells.slice(1, 5).map(Number) as [number, number, number, number]
    const next = edit(o, h, l, c)
    return [cells[0], ...next.map(String), ...cells.slice(5)].join(',')
  })
}

type Case = {
  name: string
  text: string
  line: number
  field: string
  message: RegExp
  tz?: string
}

// Each case starts from a real file and breaks one thing; line numbers are physical lines.
const cases: Case[] = [
  {
    name: 'open is zero',
    text: setCell(goog, 10, 1, '0').join('\n'),
    line: 10,
    field: 'Open',
    message: /must be > 0/,
  },
  {
    name: 'negative close',
    text: setCell(goog, 11, 4, '-5').join('\n'),
    line: 11,
    field: 'Close',
    message: /must be > 0/,
  },
  {
    name: 'negative low',
    text: setCell(day, 20, 3, '-1').join('\n'),
    line: 20,
    field: 'Low',
    message: /must be > 0/,
  },
  {
    name: 'high below low',
    text: setCell(goog, 12, 2, '1').join('\n'),
    line: 12,
    field: 'High',
    message: /below low/,
  },
  {
    name: 'high below open',
    text: editRow(goog, 13, (o, _h, l) => [
      o,
      o - 0.01,
      Math.min(l, o - 0.02),
      Math.min(l, o - 0.02),
    ]).join('\n'),
    line: 13,
    field: 'High',
    message: /high .* below open/,
  },
  {
    name: 'high below close',
    text: editRow(day, 5, (_o, _h, l, c) => [l, c - 0.01, l, c]).join('\n'),
    line: 5,
    field: 'High',
    message: /below close/,
  },
  {
    name: 'low above open',
    text: editRow(day, 6, (o, h, _l, c) => [o, h, o + 0.01, Math.max(c, o + 0.02)]).join('\n'),
    line: 6,
    field: 'Low',
    message: /low .* above open/,
  },
  {
    name: 'low above close only',
    text: editRow(goog, 3, (_o, h, _l, c) => [h, h, c + 0.01, c]).join('\n'),
    line: 3,
    field: 'Low',
    message: /above close/,
  },
  {
    name: 'negative volume',
    text: setCell(goog, 14, 5, '-100').join('\n'),
    line: 14,
    field: 'Volume',
    message: /volume must be ≥ 0/,
  },
  {
    name: 'volume not a number',
    text: setCell(goog, 15, 5, 'lots').join('\n'),
    line: 15,
    field: 'Volume',
    message: /not a number/,
  },
  {
    name: 'empty volume',
    text: setCell(goog, 16, 5, '').join('\n'),
    line: 16,
    field: 'Volume',
    message: /volume is empty/,
  },
  {
    name: 'price not a number',
    text: setCell(goog, 17, 1, 'abc').join('\n'),
    line: 17,
    field: 'Open',
    message: /"abc" is not a number/,
  },
  {
    name: 'price NaN',
    text: setCell(goog, 18, 2, 'NaN').join('\n'),
    line: 18,
    field: 'High',
    message: /not a number/,
  },
  {
    name: 'price Infinity',
    text: setCell(goog, 19, 3, 'Infinity').join('\n'),
    line: 19,
    field: 'Low',
    message: /not a number/,
  },
  {
    name: 'empty close',
    text: setCell(goog, 20, 4, '').join('\n'),
    line: 20,
    field: 'Close',
    message: /close is empty/,
  },
  {
    name: 'bad date text',
    text: setCell(goog, 21, 0, 'yesterday').join('\n'),
    line: 21,
    field: '(first column)',
    message: /not a date/,
  },
  {
    name: 'impossible month',
    text: setCell(goog, 22, 0, '2004-13-01').join('\n'),
    line: 22,
    field: '(first column)',
    message: /not a date/,
  },
  {
    name: 'impossible day',
    text: setCell(day, 23, 0, '2006-02-30').join('\n'),
    line: 23,
    field: 'Date',
    message: /not a date/,
  },
  {
    name: 'empty time',
    text: setCell(goog, 24, 0, '').join('\n'),
    line: 24,
    field: '(first column)',
    message: /time is empty/,
  },
  {
    name: 'bad hour',
    text: setCell(eur, 25, 0, '2017-04-20 25:00:00').join('\n'),
    line: 25,
    field: '(first column)',
    message: /not a date/,
  },
  {
    name: 'duplicate date',
    text: setCell(goog, 26, 0, goog[24]?.split(',')[0] ?? '').join('\n'),
    line: 26,
    field: '(first column)',
    message: /duplicate time .* line 25/,
  },
  {
    name: 'duplicate hour',
    text: setCell(eur, 30, 0, eur[28]?.split(',')[0] ?? '').join('\n'),
    line: 30,
    field: '(first column)',
    message: /duplicate time/,
  },
  {
    name: 'duplicate after sort',
    text: [day[0], day[5], day[3], day[5]].join('\n'),
    line: 4,
    field: 'Date',
    message: /duplicate time .* line 2/,
  },
  {
    name: 'too few fields',
    text: goog.map((l, i) => (i === 40 ? l.split(',').slice(0, 4).join(',') : l)).join('\n'),
    line: 41,
    field: '(row)',
    message: /has 4 fields, expected 6/,
  },
  {
    name: 'too many fields',
    text: goog.map((l, i) => (i === 41 ? `${l},9` : l)).join('\n'),
    line: 42,
    field: '(row)',
    message: /has 7 fields, expected 6/,
  },
  {
    name: 'missing close column',
    text: goog
      .map((l) =>
        l
          .split(',')
          .filter((_, i) => i !== 4)
          .join(','),
      )
      .join('\n'),
    line: 1,
    field: 'close',
    message: /missing column\(s\): close/,
  },
  {
    name: 'missing time column',
    text: day.map((l) => l.split(',').slice(1).join(',')).join('\n'),
    line: 1,
    field: 'time',
    message: /missing column\(s\): time/,
  },
  { name: 'header only', text: goog[0] ?? '', line: 1, field: '(file)', message: /no data rows/ },
  { name: 'empty file', text: '\n\n', line: 1, field: '(file)', message: /empty/ },
  {
    name: 'not a table',
    text: 'hello world\nthis is not csv\n',
    line: 1,
    field: '(file)',
    message: /no delimiter/,
  },
  {
    name: 'unknown zone',
    text: eur.slice(0, 5).join('\n'),
    line: 0,
    field: 'tz',
    message: /unknown time zone/,
    tz: 'Mars/Olympus',
  },
  {
    name: 'bad clock column',
    text: [
      'Date,Time,Open,High,Low,Close,Volume',
      '2024-01-02,09:30,1,2,0.5,1.5,3',
      '2024-01-02,9h45,1,2,0.5,1.5,3',
    ].join('\n'),
    line: 3,
    field: 'Time',
    message: /not a clock time/,
  },
  {
    name: 'thousands separator',
    text: setCell(goog, 50, 5, '1 000').join('\n'),
    line: 50,
    field: 'Volume',
    message: /not a number/,
  },
  {
    name: 'error deep in a long file',
    text: setCell(eur, 4999, 2, '0.5').join('\n'),
    line: 4999,
    field: 'High',
    message: /below low/,
  },
]

describe('parseBarCsv on malformed files', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30)
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
})
