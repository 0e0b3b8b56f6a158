import { describe, expect, it } from 'vitest'
import { localParts } from '../../../../../electron/core/domain/journal/stats/local-time'

// The reference: the wall clock Intl gives for each instant, read part by part.
const formats = new Map<string, Intl.DateTimeFormat>()

function reference(utcMs: number, zone: string) {
  let format = formats.get(zone)
  if (!format) formats.set(zone, (format = referenceFormat(zone)))
  const parts = format.formatToParts(new Date(utcMs))
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday') ?? ''),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
  }
}

function referenceFormat(zone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  })
}

describe('localParts', () => {
  // Zones whose offsets change on the hour, on the half hour (Adelaide at 16:30 UTC) and by
  // half an hour (Lord Howe), and one without daylight saving.
  const zones = [
    'America/New_York',
    'Europe/Stockholm',
    'Australia/Adelaide',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
  ]

  it('gives the wall clock of every instant, across daylight-saving transitions', () => {
    const start = Date.UTC(2024, 0, 1)
    const end = Date.UTC(2025, 0, 1)
    let checked = 0
    for (const zone of zones) {
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
    expect(checked).toBeGreaterThan(60_000)
  })

  it('is exact right around a half-hour transition', () => {
    // Adelaide left daylight saving on 2024-04-07 at 03:00 local (16:30 UTC the day before).
    const at = Date.UTC(2024, 3, 6, 16, 30)
    for (const t of [at - 60_000, at - 1000, at, at + 1000, at + 60_000]) {
      expect(localParts(t, 'Australia/Adelaide')).toEqual(reference(t, 'Australia/Adelaide'))
    }
  })
})
