import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { writeParquet, type ParquetColumn } from './parquet-writer'

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/bars')
export const goog = readFileSync(resolve(FIXTURES, 'backtesting_py_GOOG.csv'), 'utf8')
  .trim()
  .split('\n')
const day = readFileSync(resolve(FIXTURES, 'backtrader_2006-day-001.txt'), 'utf8')
  .trim()
  .split('\n')
const eur = readFileSync(resolve(FIXTURES, 'backtesting_py_EURUSD.csv'), 'utf8').trim().split('\n')

/** Replaces cell `col` of physical line `line` (1-based) with `value`. */
export function setCell(
  lines: readonly string[],
  line: number,
  col: number,
  value: string,
): string[] {
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

export type Case = {
  name: string
  text: string
  line: number
  field: string
  message: RegExp
  tz?: string
}

// Each case starts from a real file and breaks one thing; line numbers are physical lines.
export const cases: Case[] = [
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

// Cases only a new rule catches: implausible times, duplicated columns, monster lines, NULs.
cases.push(
  {
    name: 'year 2199',
    text: setCell(goog, 30, 0, '2199-01-02').join('\n'),
    line: 30,
    field: '(first column)',
    message: /more than 3 days in the future/,
  },
  {
    name: 'year 1850',
    text: setCell(day, 31, 0, '1850-01-02').join('\n'),
    line: 31,
    field: 'Date',
    message: /before 1900/,
  },
  {
    name: 'epoch milliseconds in 2199',
    text: setCell(eur, 32, 0, String(Date.UTC(2199, 0, 1))).join('\n'),
    line: 32,
    field: '(first column)',
    message: /in the future/,
  },
  {
    name: 'duplicate close column',
    text: [(goog[0] ?? '').replace('Volume', 'Close'), ...goog.slice(1)].join('\n'),
    line: 1,
    field: 'Close',
    message: /"Close" column 2 times \(columns 5, 6\)/,
  },
  {
    name: 'duplicate open column in another case',
    text: [(day[0] ?? '').replace('OpenInterest', 'open'), ...day.slice(1)].join('\n'),
    line: 1,
    field: 'Open',
    message: /column 2 times/,
  },
  {
    name: 'a 2 MB line',
    text: [...goog.slice(0, 4), '9'.repeat(2 * 1024 * 1024), ...goog.slice(4)].join('\n'),
    line: 5,
    field: '(line)',
    message: /characters long \(the limit is 65,536\)/,
  },
  {
    name: 'NUL in a cell',
    text: setCell(goog, 7, 1, '1\u00002').join('\n'),
    line: 7,
    field: 'encoding',
    message: /NUL character/,
  },
)

/** One bar file as bytes, and where its first error must point. */
export type BarBytesCase = { name: string; bytes: Uint8Array; line: number; field: string }

/** Every real bar file as text. */
export function barFixtures(): { name: string; text: string }[] {
  return readdirSync(FIXTURES)
    .sort()
    .map((name) => ({ name, text: readFileSync(resolve(FIXTURES, name), 'utf8') }))
}

function utf16(text: string, endian: 'le' | 'be', withBom: boolean): Uint8Array {
  const out = new Uint8Array((withBom ? 2 : 0) + text.length * 2)
  let at = 0
  if (withBom) {
    out[0] = endian === 'le' ? 0xff : 0xfe
    out[1] = endian === 'le' ? 0xfe : 0xff
    at = 2
  }
  for (let i = 0; i < text.length; i++) {
    const lo = text.charCodeAt(i) & 0xff
    const hi = text.charCodeAt(i) >> 8
    out[at + i * 2] = endian === 'le' ? lo : hi
    out[at + i * 2 + 1] = endian === 'le' ? hi : lo
  }
  return out
}

/** Every real bar file in UTF-16 with a byte-order mark, both endians: each imports whole. */
export function utf16BarFiles(): { name: string; bytes: Uint8Array; text: string }[] {
  return barFixtures().flatMap(({ name, text }) =>
    (['le', 'be'] as const).map((endian) => ({
      name: `utf16${endian}-bom-${name}`,
      bytes: utf16(text, endian, true),
      text,
    })),
  )
}

/**
 * Byte-level cases: encodings the reader must refuse, and every real file cut in the middle of a
 * line at three points (the cut row is short, which names its line).
 */
export function barBytesCases(): BarBytesCase[] {
  const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
  const out: BarBytesCase[] = [
    {
      name: 'GOOG-utf16le-without-bom.csv',
      bytes: utf16(goog.join('\n'), 'le', false),
      line: 1,
      field: 'encoding',
    },
    {
      name: 'GOOG-latin1-byte.csv',
      bytes: Uint8Array.from([...utf8(goog.slice(0, 3).join('\n')), 0x0a, 0xe9, 0x0a]),
      line: 4,
      field: 'encoding',
    },
    {
      name: 'GOOG-utf16be-bom-odd-length.csv',
      // The BOM, the 27-character header and its line break, and half of the next character.
      bytes: utf16(goog.slice(0, 3).join('\n'), 'be', true).subarray(0, 2 + 28 * 2 + 9),
      line: 2,
      field: 'encoding',
    },
    {
      name: 'GOOG-utf16le-bom-nul.csv',
      bytes: utf16(setCell(goog, 3, 2, '7\u00007').join('\n'), 'le', true),
      line: 3,
      field: 'encoding',
    },
    {
      name: 'GOOG-utf8-nul-byte.csv',
      bytes: utf8(setCell(goog, 4, 2, '7\u00007').join('\n')),
      line: 4,
      field: 'encoding',
    },
  ]
  for (const { name, text } of barFixtures()) {
    const lines = text.split('\n')
    for (const fraction of [0.25, 0.5, 0.75]) {
      const line = Math.max(2, Math.floor(lines.length * fraction))
      const cut = lines.slice(0, line - 1).join('\n').length + 1
      const half = Math.floor((lines[line - 1] ?? '').length / 2)
      out.push({
        name: `cut-line-${line}-${name}`,
        bytes: utf8(text.slice(0, cut + half)),
        line,
        field: '(row)',
      })
    }
  }
  return out
}

/** Parquet files from the first GOOG bars, each broken in one way, and where the error points. */
export function parquetCases(): BarBytesCase[] {
  const rows = goog.slice(1, 11).map((l) => l.split(','))
  const time = rows.map((r) => Date.parse(`${r[0] ?? ''}T00:00:00Z`))
  const num = (col: number): number[] => rows.map((r) => Number(r[col]))
  const columns = (edit: (cols: ParquetColumn[]) => ParquetColumn[] = (c) => c): Uint8Array =>
    writeParquet(
      edit([
        { name: 'timestamp', kind: 'timestamp-ms', values: time },
        { name: 'Open', kind: 'double', values: num(1) },
        { name: 'High', kind: 'double', values: num(2) },
        { name: 'Low', kind: 'double', values: num(3) },
        { name: 'Close', kind: 'double', values: num(4) },
        { name: 'Volume', kind: 'double', values: num(5) },
      ]),
    )
  const whole = columns()
  return [
    {
      name: 'cut-half.parquet',
      bytes: whole.subarray(0, whole.length >> 1),
      line: 0,
      field: '(file)',
    },
    {
      name: 'cut-tail.parquet',
      bytes: whole.subarray(0, whole.length - 5),
      line: 0,
      field: '(file)',
    },
    {
      name: 'duplicate-close.parquet',
      bytes: columns((c) =>
        c.map((col) => (col.name === 'Volume' ? { ...col, name: 'Close' } : col)),
      ),
      line: 0,
      field: 'Close',
    },
    {
      name: 'year-2199.parquet',
      bytes: columns((c) =>
        c.map((col): ParquetColumn =>
          col.name === 'timestamp'
            ? {
                name: 'timestamp',
                kind: 'timestamp-ms',
                values: time.map((t, i) => (i === 3 ? Date.UTC(2199, 0, 1) : t)),
              }
            : col,
        ),
      ),
      line: 4,
      field: 'timestamp',
    },
    {
      name: 'zero-open.parquet',
      bytes: columns((c) =>
        c.map((col) =>
          col.name === 'Open' && col.kind === 'double'
            ? { ...col, values: col.values.map((v, i) => (i === 6 ? 0 : v)) }
            : col,
        ),
      ),
      line: 7,
      field: 'Open',
    },
    {
      name: 'nul-in-date.parquet',
      bytes: columns((c) => [
        {
          name: 'date',
          kind: 'utf8',
          values: rows.map((r, i) => (i === 2 ? `${r[0] ?? ''}\u0000` : (r[0] ?? ''))),
        },
        ...c.slice(1),
      ]),
      line: 3,
      field: 'date',
    },
  ]
}

/** A valid Parquet file of the first ten GOOG bars. */
export function goodParquet(): Uint8Array {
  const rows = goog.slice(1, 11).map((l) => l.split(','))
  return writeParquet([
    { name: 'date', kind: 'utf8', values: rows.map((r) => r[0] ?? '') },
    ...(['Open', 'High', 'Low', 'Close', 'Volume'] as const).map((name, k): ParquetColumn => ({
      name,
      kind: 'double',
      values: rows.map((r) => Number(r[k + 1])),
    })),
  ])
}
