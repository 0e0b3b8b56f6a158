import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestCore, type TestCore } from '../../support/core'

// A fill and a bar written at one wall-clock time in one zone are one instant, through the
// channels a trader uses, also on the nights clocks change (the zone module's policy: a time in
// the spring-forward gap moves forward by the gap, a repeated time takes its earlier instant).

let core: TestCore

beforeAll(async () => {
  core = await openTestCore()
})
afterAll(async () => {
  await core.close()
})
const ZONE = 'America/New_York'

// Each case imports under its own symbol, so the cases need no emptying in between.
async function fillInstant(wall: string, symbol: string): Promise<string> {
  await core.value('fills-import', {
    content: `Time,Symbol,Qty,Price,Account\n${wall},${symbol},10,100,A1\n`,
    fileName: 'fills.csv',
    broker: 'generic',
    tz: ZONE,
    mapping: {
      columns: { time: 'Time', symbol: 'Symbol', qty: 'Qty', price: 'Price', account: 'Account' },
      dateFormat: 'yyyy-MM-dd HH:mm:ss',
      assetClass: 'stock',
      currency: 'USD',
    },
  })
  const page = await core.value('fills-list', { symbol })
  const fill = page.rows[0]
  if (!fill) throw new Error('no fill stored')
  return fill.executedAt
}

async function barInstant(wall: string, symbol: string): Promise<string> {
  const result = await core.value('bars-import', {
    content: `time,open,high,low,close,volume\n${wall},1,2,0.5,1.5,100\n`,
    fileName: 'bars.csv',
    symbol,
    timeframe: '1Min',
    tz: ZONE,
  })
  return result.first
}

describe('fills-import and bars-import in one zone', () => {
  it.each([
    ['2024-03-10 02:30:00', '2024-03-10T07:30:00.000Z', 'GAP'],
    ['2024-11-03 01:30:00', '2024-11-03T05:30:00.000Z', 'OVERLAP'],
    ['2024-06-03 09:30:00', '2024-06-03T13:30:00.000Z', 'SUMMER'],
  ])('store %s America/New_York as the same instant', async (wall, want, symbol) => {
    expect(await fillInstant(wall, symbol)).toBe(want)
    expect(await barInstant(wall, symbol)).toBe(want)
  })
})
