import { describe, expect, it } from 'vitest'
import {
  parseFills,
  type GenericMapping,
} from '../../../../../electron/core/domain/journal/import/index'

const mapping: GenericMapping = {
  columns: {
    symbol: 'Instrument',
    qty: 'Menge',
    price: 'Kurs',
    time: 'Datum',
    timeOfDay: 'Zeit',
    commission: 'Provision',
    account: 'Konto',
    executionId: 'Ausführung',
  },
  dateFormat: 'dd.MM.yyyy HH:mm:ss',
  assetClass: 'future',
  currency: 'EUR',
}

const text = [
  'Konto;Instrument;Menge;Kurs;Datum;Zeit;Provision;Ausführung',
  'D1;FDAXH5;+2;21.500,5;14.01.2025;09:15:00;€ (4,00);',
  'D1;FDAXH5;-2;21530;14.01.2025;10:00:00;€ (4,00);X-2',
  '',
].join('\r\n')

describe('generic CSV importer', () => {
  it('reads a mapped file with signed quantities, separate date and time, and a zone', () => {
    const outcome = parseFills(
      text.replaceAll('21.500,5', '21500.5').replaceAll('(4,00)', '(4.00)'),
      {
        fileName: 'broker.csv',
        mapping,
        tz: 'Europe/Berlin',
      },
    )
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    expect(outcome.value.format).toBe('generic')
    expect(outcome.value.fills).toEqual([
      expect.objectContaining({
        account: 'D1',
        symbol: 'FDAXH5',
        underlying: 'FDAX',
        assetClass: 'future',
        side: 'buy',
        qty: 2,
        price: 21500.5,
        multiplier: 25,
        commission: 4,
        currency: 'EUR',
        executedAt: '2025-01-14T08:15:00.000Z',
        externalTradeId: null,
      }),
      expect.objectContaining({ side: 'sell', qty: -2, price: 21530, externalTradeId: 'X-2' }),
    ])
  })

  it('names the mapped column when a decimal comma does not parse', () => {
    const outcome = parseFills(text, { fileName: 'broker.csv', mapping, tz: 'Europe/Berlin' })
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.errors[0]).toMatchObject({ file: 'broker.csv', line: 2, field: 'Kurs' })
  })
})
