import { describe, expect, it } from 'vitest'
import { parseFills } from '../../../../electron/core/domain/journal/import/index'
import { parseBarCsv } from '../../../../electron/core/domain/market/bar-csv'
import {
  isValidZone,
  localParts,
  machineZone,
  wallClockToEpochMs,
  zoneOffsetMs,
  zonedToEpochMs,
} from '../../../../electron/core/domain/time/zone'

/** The instant of `wall` (`YYYY-MM-DDTHH:MM[:SS]`, no zone) in `zone`, as an ISO UTC string. */
function instant(wall: string, zone: string): string {
  return new Date(wallClockToEpochMs(Date.parse(`${wall}Z`), zone)).toISOString()
}

// The reference: the wall clock Intl gives for each instant, read part by part.
const formats = new Map<string, Intl.DateTimeFormat>()

function reference(epochMs: number, zone: string) {
  let format = formats.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    })
    formats.set(zone, format)
  }
  const parts = format.formatToParts(new Date(epochMs))
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday') ?? ''),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
  }
}

// Zones whose offsets change on the hour, on the half hour (Adelaide at 16:30 UTC) and by half an
// hour (Lord Howe), one without daylight saving, and UTC.
const ZONES = [
  'America/New_York',
  'Europe/Stockholm',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'UTC',
]

describe('wallClockToEpochMs', () => {
  it('applies summer and winter offsets, whole and half hours', () => {
    expect(instant('2022-06-21T09:34:56', 'America/New_York')).toBe('2022-06-21T13:34:56.000Z')
    expect(instant('2022-01-21T09:34:56', 'America/New_York')).toBe('2022-01-21T14:34:56.000Z')
    expect(instant('2024-07-01T12:00:00', 'Europe/Berlin')).toBe('2024-07-01T10:00:00.000Z')
    expect(instant('2024-07-01T12:00:00', 'Asia/Kolkata')).toBe('2024-07-01T06:30:00.000Z')
    expect(instant('2024-01-15T12:00:00', 'Australia/Adelaide')).toBe('2024-01-15T01:30:00.000Z')
    expect(instant('2024-07-01T12:00:00', 'UTC')).toBe('2024-07-01T12:00:00.000Z')
  })

  it('moves a time in the spring-forward gap forward by the gap (America/New_York, 2024-03-10)', () => {
    // Clocks go from 02:00 EST to 03:00 EDT: 02:30 is read as 03:30 EDT.
    expect(instant('2024-03-10T02:30:00', 'America/New_York')).toBe('2024-03-10T07:30:00.000Z')
    expect(instant('2024-03-10T02:00:00', 'America/New_York')).toBe('2024-03-10T07:00:00.000Z')
    expect(instant('2024-03-10T01:59:59', 'America/New_York')).toBe('2024-03-10T06:59:59.000Z')
    expect(instant('2024-03-10T03:00:00', 'America/New_York')).toBe('2024-03-10T07:00:00.000Z')
    expect(instant('2024-03-10T03:30:00', 'America/New_York')).toBe('2024-03-10T07:30:00.000Z')
  })

  it('gives a time repeated at fall-back its earlier instant (America/New_York, 2024-11-03)', () => {
    // Clocks go from 02:00 EDT back to 01:00 EST: 01:30 happens at 05:30Z and again at 06:30Z.
    expect(instant('2024-11-03T01:30:00', 'America/New_York')).toBe('2024-11-03T05:30:00.000Z')
    expect(instant('2024-11-03T01:00:00', 'America/New_York')).toBe('2024-11-03T05:00:00.000Z')
    expect(instant('2024-11-03T00:59:59', 'America/New_York')).toBe('2024-11-03T04:59:59.000Z')
    expect(instant('2024-11-03T02:00:00', 'America/New_York')).toBe('2024-11-03T07:00:00.000Z')
  })

  it('follows the same policy in a southern half-hour zone (Australia/Adelaide)', () => {
    // 2024-04-07: 03:00 ACDT (+10:30) falls back to 02:00 ACST (+09:30); the earlier 02:30 wins.
    expect(instant('2024-04-07T02:30:00', 'Australia/Adelaide')).toBe('2024-04-06T16:00:00.000Z')
    expect(instant('2024-04-07T03:00:00', 'Australia/Adelaide')).toBe('2024-04-06T17:30:00.000Z')
    // 2024-10-06: 02:00 ACST springs forward to 03:00 ACDT; 02:30 is read as 03:30 ACDT.
    expect(instant('2024-10-06T02:30:00', 'Australia/Adelaide')).toBe('2024-10-05T17:00:00.000Z')
    expect(instant('2024-10-06T03:30:00', 'Australia/Adelaide')).toBe('2024-10-05T17:00:00.000Z')
  })

  it('moves by the gap when the gap is half an hour (Australia/Lord_Howe)', () => {
    // 2024-10-06: 02:00 (+10:30) springs forward to 02:30 (+11): 02:15 is read as 02:45.
    expect(instant('2024-10-06T02:15:00', 'Australia/Lord_Howe')).toBe('2024-10-05T15:45:00.000Z')
    // 2024-04-07: 02:00 (+11) falls back to 01:30 (+10:30): 01:45 takes the +11 instant.
    expect(instant('2024-04-07T01:45:00', 'Australia/Lord_Howe')).toBe('2024-04-06T14:45:00.000Z')
  })

  it('gives back every instant from its wall clock, except the second pass of a repeated time', () => {
    const start = Date.UTC(2024, 0, 1)
    const end = Date.UTC(2025, 0, 1)
    let checked = 0
    for (const zone of ZONES) {
      for (let t = start; t < end; t += 37 * 60_000 + 11_000) {
        const wall = t + zoneOffsetMs(t, zone)
        const back = wallClockToEpochMs(wall, zone)
        // A repeated wall time maps to its first pass, never later than the instant it came from.
        if (back !== t && !(back < t && zoneOffsetMs(back, zone) > zoneOffsetMs(t, zone))) {
          expect(new Date(back).toISOString(), `${zone} ${new Date(t).toISOString()}`).toBe(
            new Date(t).toISOString(),
          )
        }
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(80_000)
  })

  it('reads a LocalDateTime the same way (zonedToEpochMs)', () => {
    const local = { year: 2024, month: 3, day: 10, hour: 2, minute: 30, second: 0, millisecond: 5 }
    expect(new Date(zonedToEpochMs(local, 'America/New_York')).toISOString()).toBe(
      '2024-03-10T07:30:00.005Z',
    )
  })
})

describe('localParts', () => {
  it('gives the wall clock of every instant, across daylight-saving transitions', () => {
    const start = Date.UTC(2024, 0, 1)
    const end = Date.UTC(2025, 0, 1)
    let checked = 0
    for (const zone of ZONES) {
      // Every 37 minutes and 11 seconds: instants at every minute of the hour over a year.
      for (let t = start; t < end; t += 37 * 60_000 + 11_000) {
        const got = localParts(t, zone)
        const want = reference(t, zone)
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          expect(got, `${zone} ${new Date(t).toISOString()}`).toEqual(want)
        }
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(80_000)
  })

  it('is exact right around a half-hour transition', () => {
    // Adelaide left daylight saving on 2024-04-07 at 03:00 local (16:30 UTC the day before).
    const at = Date.UTC(2024, 3, 6, 16, 30)
    for (const t of [at - 60_000, at - 1000, at, at + 1000, at + 60_000]) {
      expect(localParts(t, 'Australia/Adelaide')).toEqual(reference(t, 'Australia/Adelaide'))
    }
  })

  it('reads instants before 1980 exactly', () => {
    const t = Date.UTC(1975, 6, 4, 16, 0)
    expect(localParts(t, 'America/New_York')).toEqual(reference(t, 'America/New_York'))
    expect(localParts(t, 'America/New_York')).toEqual({
      date: '1975-07-04',
      weekday: 5,
      hour: 12,
      minute: 0,
    })
  })
})

describe('zones', () => {
  it('tells valid zones from invalid ones', () => {
    expect(isValidZone('America/Chicago')).toBe(true)
    expect(isValidZone('UTC')).toBe(true)
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false)
    expect(isValidZone('')).toBe(false)
  })

  it("names the machine's zone as one the runtime knows, or none", () => {
    const zone = machineZone()
    expect(zone === null || isValidZone(zone)).toBe(true)
  })
})

describe('a fill and a bar at the same wall-clock time', () => {
  // thinkorswim times are in America/New_York; the bar file is read in the same zone.
  function fillAt(wall: string): string {
    const outcome = parseFills(
      [
        'Date,Time,Symbol,Qty,Price,Account',
        `${wall.slice(0, 10)},${wall.slice(11)},AAPL,10,100,A1`,
        '',
      ].join('\n'),
      {
        fileName: 'fills.csv',
        tz: 'America/New_York',
        mapping: {
          columns: {
            time: 'Date',
            timeOfDay: 'Time',
            symbol: 'Symbol',
            qty: 'Qty',
            price: 'Price',
            account: 'Account',
          },
          dateFormat: 'yyyy-MM-dd HH:mm:ss',
          assetClass: 'stock',
          currency: 'USD',
        },
      },
    )
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors))
    const fill = outcome.value.fills[0]
    if (!fill) throw new Error('no fill')
    return fill.executedAt
  }

  function barAt(wall: string): string {
    const result = parseBarCsv(`time,open,high,low,close,volume\n${wall},1,2,0.5,1.5,100\n`, {
      fileName: 'bars.csv',
      tz: 'America/New_York',
    })
    if (!result.ok) throw new Error(result.error.message)
    return new Date(result.value.bars.time[0] ?? Number.NaN).toISOString()
  }

  it.each([
    ['2024-03-10 02:30:00', '2024-03-10T07:30:00.000Z'],
    ['2024-11-03 01:30:00', '2024-11-03T05:30:00.000Z'],
    ['2024-06-03 09:30:00', '2024-06-03T13:30:00.000Z'],
  ])('%s America/New_York is one instant for both', (wall, want) => {
    expect(fillAt(wall)).toBe(want)
    expect(barAt(wall)).toBe(want)
  })
})
