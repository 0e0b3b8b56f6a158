import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  dedupeKeys,
  parseFills,
  type GenericMapping,
} from '../../../../../electron/core/domain/journal/import/index'

const mapping: GenericMapping = {
  columns: {
    account: 'Account',
    symbol: 'Symbol',
    side: 'Side',
    qty: 'Qty',
    price: 'Price',
    time: 'Time',
  },
  dateFormat: 'yyyy-MM-dd HH:mm:ss',
}

type Row = {
  account: string
  symbol: string
  side: string
  qty: number
  price: string
  minute: number
}

// Small alphabets on purpose: identical rows must turn up often.
const row: fc.Arbitrary<Row> = fc.record({
  account: fc.constantFrom('A', 'B'),
  symbol: fc.constantFrom('ES', 'NQ'),
  side: fc.constantFrom('BUY', 'SELL'),
  qty: fc.integer({ min: 1, max: 3 }),
  price: fc.constantFrom('100', '100.25', '1,000.5'),
  minute: fc.integer({ min: 0, max: 3 }),
})

function csvOf(rows: Row[]): string {
  return [
    'Account,Symbol,Side,Qty,Price,Time',
    ...rows.map(
      (r) =>
        `${r.account},${r.symbol},${r.side},${r.qty},"${r.price}",2024-05-01 10:0${r.minute}:00`,
    ),
  ].join('\n')
}

describe('dedupe keys (property)', () => {
  it('keep every row, key each uniquely and give a re-parse the same keys', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
        const text = csvOf(rows)
        const first = parseFills(text, { fileName: 'p.csv', mapping, tz: 'UTC' })
        const again = parseFills(text, { fileName: 'p.csv', mapping, tz: 'UTC' })
        if (!first.ok || !again.ok) throw new Error('parse failed')
        expect(first.value.fills).toHaveLength(rows.length)
        const keys = dedupeKeys(first.value.fills)
        expect(new Set(keys).size).toBe(rows.length)
        expect(dedupeKeys(again.value.fills)).toEqual(keys)
      }),
      { seed: 20260521, numRuns: 200 },
    )
  })

  it("give a file that repeats another file's rows only new keys for the extra copies", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => {
        const parse = (rs: Row[]) => {
          const out = parseFills(csvOf(rs), { fileName: 'p.csv', mapping, tz: 'UTC' })
          if (!out.ok) throw new Error('parse failed')
          return new Set(dedupeKeys(out.value.fills))
        }
        const once = parse(rows)
        const twice = parse([...rows, ...rows])
        const added = [...twice].filter((k) => !once.has(k))
        expect(added).toHaveLength(rows.length)
        for (const k of once) expect(twice.has(k)).toBe(true)
      }),
      { seed: 7, numRuns: 200 },
    )
  })
})
