import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  backoffDelayMs,
  compareHlc,
  DEFAULT_BACKOFF,
  packHlc,
  parseHlc,
  receiveHlc,
  tickHlc,
  type Hlc,
} from '../../electron/core/domain/sync/index'

const SEED = 20261122
const device = fc.constantFrom('a', 'b', '0190aa00-0000-7000-8000-000000000001', 'zz')
const hlc: fc.Arbitrary<Hlc> = fc.record({
  wallMs: fc.integer({ min: 0, max: 2 ** 45 }),
  counter: fc.integer({ min: 0, max: 0xffff }),
  device,
})

type Event = { kind: 'tick'; nowMs: number } | { kind: 'recv'; nowMs: number; remote: Hlc }
const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ kind: fc.constant('tick' as const), nowMs: fc.integer({ min: 0, max: 2 ** 45 }) }),
  fc.record({
    kind: fc.constant('recv' as const),
    nowMs: fc.integer({ min: 0, max: 2 ** 45 }),
    remote: hlc,
  }),
)

describe('hlc', () => {
  it('packs to text that sorts like the clock', () => {
    fc.assert(
      fc.property(hlc, hlc, (a, b) => {
        const pa = packHlc(a)
        const pb = packHlc(b)
        const textOrder = pa === pb ? 0 : pa < pb ? -1 : 1
        expect(Math.sign(compareHlc(a, b))).toBe(textOrder)
        expect(parseHlc(pa)).toEqual(a)
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })

  it('is strictly monotone under any clock, however far it jumps back', () => {
    fc.assert(
      fc.property(hlc, fc.array(event, { minLength: 1, maxLength: 60 }), (start, events) => {
        let last = start
        for (const e of events) {
          const next =
            e.kind === 'tick' ? tickHlc(last, e.nowMs) : receiveHlc(last, e.remote, e.nowMs)
          expect(compareHlc(next, last)).toBeGreaterThan(0)
          expect(next.device).toBe(start.device)
          if (e.kind === 'recv') {
            // After seeing a remote stamp, everything minted here sorts after it.
            expect(
              next.wallMs > e.remote.wallMs ||
                (next.wallMs === e.remote.wallMs && next.counter > e.remote.counter),
            ).toBe(true)
          }
          // It never runs further ahead of the physical clock than what it has seen.
          expect(next.wallMs).toBeLessThanOrEqual(
            Math.max(e.nowMs, last.wallMs, e.kind === 'recv' ? e.remote.wallMs : 0) + 1,
          )
          last = next
        }
      }),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('lets a device hours behind win with an edit made after seeing a newer one', () => {
    const hours = 3 * 3_600_000
    const now = 1_800_000_000_000
    const fast: Hlc = tickHlc({ wallMs: 0, counter: 0, device: 'fast' }, now)
    const slowSeen = receiveHlc(
      { wallMs: now - hours, counter: 0, device: 'slow' },
      fast,
      now - hours,
    )
    const slowEdit = tickHlc(slowSeen, now - hours + 1_000)
    expect(compareHlc(slowEdit, fast)).toBeGreaterThan(0)
  })

  it('carries a full counter into the wall time', () => {
    const next = tickHlc({ wallMs: 10, counter: 0xffff, device: 'a' }, 5)
    expect(next).toEqual({ wallMs: 11, counter: 0, device: 'a' })
    expect(packHlc(next) > packHlc({ wallMs: 10, counter: 0xffff, device: 'a' })).toBe(true)
  })

  it('rejects out-of-range parts and unparsable text', () => {
    expect(() => packHlc({ wallMs: -1, counter: 0, device: 'a' })).toThrow(RangeError)
    expect(() => packHlc({ wallMs: 1, counter: 0x10000, device: 'a' })).toThrow(RangeError)
    expect(parseHlc('not-a-clock')).toBeNull()
  })
})

describe('backoffDelayMs', () => {
  it('grows, stays within the cap and never drops below half the base', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, unit) => {
          const d = backoffDelayMs(attempt, unit)
          expect(d).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.baseMs / 2)
          expect(d).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs)
          expect(backoffDelayMs(attempt + 1, 0.999999)).toBeGreaterThanOrEqual(
            backoffDelayMs(attempt, 0),
          )
        },
      ),
      { seed: SEED, numRuns: 500 },
    )
  })
})
