import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseBarCsv } from '../../../../electron/core/domain/market/bar-csv'

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/bars')

function read(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8')
}

function parse(text: string, fileName = 'test.csv', tz?: string) {
  const result = parseBarCsv(text, { fileName, tz })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

const iso = (ms: number | undefined): string => new Date(ms ?? Number.NaN).toISOString()

describe('parseBarCsv on real files', () => {
  const expected: Record<string, { bars: number; first: string; last: string; close: number }> = {
    'backtesting_py_GOOG.csv': {
      bars: 2148,
      first: '2004-08-19',
      last: '2013-03-01',
      close: 806.19,
    },
    'backtesting_py_EURUSD.csv': {
      bars: 5000,
      first: '2017-04-19T09:00',
      last: '2018-02-07T15:00',
      close: 1.22904,
    },
    'backtesting_py_BTCUSD.csv': {
      bars: 156,
      first: '2012-01-31',
      last: '2024-12-31',
      close: 93381,
    },
    'backtrader_2006-day-001.txt': {
      bars: 255,
      first: '2006-01-02',
      last: '2006-12-29',
      close: 4119.94,
    },
    'backtrader_2006-week-001.txt': {
      bars: 52,
      first: '2006-01-06',
      last: '2006-12-29',
      close: 4119.94,
    },
    'backtrader_orcl-1995-2014.txt': {
      bars: 5036,
      first: '1995-01-03',
      last: '2014-12-31',
      close: 44.970001,
    },
    'backtrader_orcl-1995-2014_at-065f8ac9.txt': {
      bars: 5036,
      first: '1995-01-03',
      last: '2014-12-31',
      close: 44.97,
    },
    'vega_sp500-2000.csv': {
      bars: 5105,
      first: '2000-01-03',
      last: '2020-04-17',
      close: 2874.560059,
    },
  }

  it('covers every fixture file', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(Object.keys(expected).sort())
  })

  for (const [file, want] of Object.entries(expected)) {
    it(`reads ${file}`, () => {
      const parsed = parse(read(file), file)
      const n = parsed.bars.time.length
      expect(n).toBe(want.bars)
      expect(iso(parsed.bars.time[0]).startsWith(want.first)).toBe(true)
      expect(iso(parsed.bars.time[n - 1]).startsWith(want.last)).toBe(true)
      expect(parsed.bars.close[n - 1]).toBe(want.close)
      expect(parsed.warnings).toEqual([])
      expect(parsed.lines[0]).toBe(2)
    })
  }

  it('maps backtesting.py’s unnamed index column to time', () => {
    const parsed = parse(read('backtesting_py_GOOG.csv'))
    expect(parsed.layout).toMatchObject({
      timeColumn: '(first column)',
      timeKind: 'date',
      volume: 'Volume',
    })
    expect(parsed.bars.volume[0]).toBe(22351900)
  })

  it('ignores Adj Close and OpenInterest and keeps Close', () => {
    const orcl = parse(read('backtrader_orcl-1995-2014_at-065f8ac9.txt'))
    expect(orcl.layout.ignored).toEqual(['Adj Close'])
    expect(orcl.bars.close[0]).toBe(42.87)
    expect(orcl.bars.volume[0]).toBe(36301200)
    expect(parse(read('backtrader_2006-day-001.txt')).layout.ignored).toEqual(['OpenInterest'])
    expect(parse(read('vega_sp500-2000.csv')).layout.ignored).toEqual(['adjclose'])
  })

  it('keeps fractional volume', () => {
    expect(parse(read('backtesting_py_BTCUSD.csv')).bars.volume[0]).toBe(2012.25343589)
  })
})

describe('parseBarCsv time zones', () => {
  it('reads naive date-times in the chosen zone and stores UTC', () => {
    const text = read('backtesting_py_EURUSD.csv')
    const utc = parse(text, 'e.csv')
    const ny = parse(text, 'e.csv', 'America/New_York')
    // 2017-04-19 is in daylight saving time: New York is UTC−4.
    expect(iso(ny.bars.time[0])).toBe('2017-04-19T13:00:00.000Z')
    expect(iso(utc.bars.time[0])).toBe('2017-04-19T09:00:00.000Z')
    // 2018-02-07 is standard time: UTC−5.
    expect(iso(ny.bars.time[4999])).toBe('2018-02-07T20:00:00.000Z')
  })

  it('keeps date-only days at 00:00 UTC whatever the zone', () => {
    const parsed = parse(read('backtesting_py_GOOG.csv'), 'g.csv', 'Asia/Tokyo')
    expect(iso(parsed.bars.time[0])).toBe('2004-08-19T00:00:00.000Z')
  })

  it('honours an explicit offset or Z in the cell', () => {
    const parsed = parse(
      'time,open,high,low,close\n2024-01-02T09:30:00-05:00,1,2,0.5,1.5\n2024-01-02T15:00:00Z,1,2,0.5,1.5\n',
      'z.csv',
      'Asia/Tokyo',
    )
    expect(iso(parsed.bars.time[0])).toBe('2024-01-02T14:30:00.000Z')
    expect(iso(parsed.bars.time[1])).toBe('2024-01-02T15:00:00.000Z')
    expect(parsed.layout.timeKind).toBe('zoned')
  })

  it('reads epoch seconds and milliseconds', () => {
    const parsed = parse(
      'timestamp,open,high,low,close,volume\n1704186000,1,2,0.5,1.5,3\n1704186060000,1,2,0.5,1.5,3\n',
    )
    expect(iso(parsed.bars.time[0])).toBe('2024-01-02T09:00:00.000Z')
    expect(iso(parsed.bars.time[1])).toBe('2024-01-02T09:01:00.000Z')
  })
})

describe('parseBarCsv layouts', () => {
  const goog = read('backtesting_py_GOOG.csv').trim().split('\n').slice(1, 30)

  it('reads a headerless file as time,open,high,low,close,volume', () => {
    const parsed = parse(goog.join('\n'))
    expect(parsed.layout.hasHeader).toBe(false)
    expect(parsed.bars.time.length).toBe(29)
    expect(parsed.lines[0]).toBe(1)
    expect(parsed.bars.volume[0]).toBe(22351900)
  })

  it('detects ; TAB and | delimiters with decimal commas under ;', () => {
    const header = 'Date;Open;High;Low;Close;Volume'
    const semi = [header, ...goog.map((l) => l.replaceAll(',', ';').replaceAll('.', ','))].join(
      '\n',
    )
    const parsed = parse(semi)
    expect(parsed.layout.delimiter).toBe(';')
    expect(parsed.bars.high[0]).toBe(104.06)
    expect(
      parse([header, ...goog].join('\n').replaceAll(',', '\t').replaceAll(';', '\t')).layout
        .delimiter,
    ).toBe('\t')
    expect(
      parse([header, ...goog].join('\n').replaceAll(',', '|').replaceAll(';', '|')).layout
        .delimiter,
    ).toBe('|')
  })

  it('combines separate Date and Time columns', () => {
    const eur = read('backtesting_py_EURUSD.csv').trim().split('\n').slice(1, 10)
    const split = [
      'Date,Time,Open,High,Low,Close,Volume',
      ...eur.map((l) => l.replace(' ', ',')),
    ].join('\n')
    const parsed = parse(split, 's.csv', 'Europe/London')
    expect(parsed.layout.clockColumn).toBe('Time')
    expect(iso(parsed.bars.time[0])).toBe('2017-04-19T08:00:00.000Z')
  })

  it('reads quoted cells, CRLF line ends, a BOM and any column order', () => {
    const text =
      '\uFEFF"Close","Volume","High","Low","Open","Date"\r\n"1.5","10","2","0.5","1","2024-03-01"\r\n"2.5","11","3","1.5","2","2024-03-04"\r\n'
    const parsed = parse(text)
    expect([...parsed.bars.open]).toEqual([1, 2])
    expect([...parsed.bars.close]).toEqual([1.5, 2.5])
  })

  it('reads files without a volume column as zero volume', () => {
    const parsed = parse('date,open,high,low,close\n2024-03-01,1,2,0.5,1.5\n')
    expect(parsed.hasVolume).toBe(false)
    expect(parsed.bars.volume[0]).toBe(0)
  })

  it('sorts unsorted rows with a warning and keeps source lines', () => {
    const reversed = ['Date,Open,High,Low,Close,Volume', ...goog.slice(0, 5).reverse()].join('\n')
    const parsed = parse(reversed)
    expect(parsed.warnings).toEqual(['rows were not in time order; they were sorted by time'])
    expect(iso(parsed.bars.time[0])).toBe('2004-08-19T00:00:00.000Z')
    expect(parsed.lines).toEqual([6, 5, 4, 3, 2])
  })
})
