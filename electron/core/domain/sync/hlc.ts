/**
 * A hybrid logical clock (HLC): physical milliseconds plus a logical counter plus the device id.
 * Every synced write carries one; last-writer-wins compares them. The packed text form sorts
 * byte-wise in the same order as the clock (fixed-width lowercase hex), so the database can
 * compare HLCs with `COLLATE "C"` and the client with `<`.
 */
export type Hlc = {
  /** Milliseconds since the Unix epoch, as the clock believes it (never goes backwards). */
  wallMs: number
  /** Logical counter within one `wallMs`, 0..`MAX_COUNTER`. */
  counter: number
  /** The device that minted the timestamp; breaks ties so two devices never compare equal. */
  device: string
}

/** Largest counter before the clock borrows a millisecond from the future. */
export const MAX_COUNTER = 0xffff
/** Largest wall time the 12 hex digits hold (year 10889). */
export const MAX_WALL_MS = 0xffffffffffff

const WALL_DIGITS = 12
const COUNTER_DIGITS = 4

/** The packed, sortable text form: `<12 hex wall>-<4 hex counter>-<device>`. */
export function packHlc(hlc: Hlc): string {
  if (!Number.isSafeInteger(hlc.wallMs) || hlc.wallMs < 0 || hlc.wallMs > MAX_WALL_MS)
    throw new RangeError(`HLC wall time out of range: ${hlc.wallMs}`)
  if (!Number.isInteger(hlc.counter) || hlc.counter < 0 || hlc.counter > MAX_COUNTER)
    throw new RangeError(`HLC counter out of range: ${hlc.counter}`)
  const wall = hlc.wallMs.toString(16).padStart(WALL_DIGITS, '0')
  const counter = hlc.counter.toString(16).padStart(COUNTER_DIGITS, '0')
  return `${wall}-${counter}-${hlc.device}`
}

const PACKED = /^([0-9a-f]{12})-([0-9a-f]{4})-(.+)$/

/** Parses a packed HLC; null when the text is not one. */
export function parseHlc(text: string): Hlc | null {
  const m = PACKED.exec(text)
  if (!m) return null
  return {
    wallMs: Number.parseInt(m[1] as string, 16),
    counter: Number.parseInt(m[2] as string, 16),
    device: m[3] as string,
  }
}

/** Total order of clocks: wall, then counter, then device id (byte order). */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1
  if (a.device === b.device) return 0
  return a.device < b.device ? -1 : 1
}

/** Moves `wallMs`/`counter` forward past `floor`, carrying a counter overflow into the wall. */
function advance(wallMs: number, counter: number, device: string): Hlc {
  if (counter > MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, device }
  return { wallMs, counter, device }
}

/**
 * The timestamp for a local write at physical time `nowMs`. Strictly greater than `last`
 * whatever the physical clock does: a clock that jumps back keeps the old wall and counts on.
 */
export function tickHlc(last: Hlc, nowMs: number): Hlc {
  if (nowMs > last.wallMs) return { wallMs: nowMs, counter: 0, device: last.device }
  return advance(last.wallMs, last.counter + 1, last.device)
}

/**
 * The clock after seeing a remote timestamp at physical time `nowMs`: strictly greater than both
 * `last` and `remote`, so every later local write sorts after everything this device has seen.
 * This is what keeps a device whose clock is hours behind from losing edits it made after
 * seeing newer ones.
 */
export function receiveHlc(last: Hlc, remote: Hlc, nowMs: number): Hlc {
  const wallMs = Math.max(last.wallMs, remote.wallMs, nowMs)
  if (wallMs === last.wallMs && wallMs === remote.wallMs)
    return advance(wallMs, Math.max(last.counter, remote.counter) + 1, last.device)
  if (wallMs === last.wallMs) return advance(wallMs, last.counter + 1, last.device)
  if (wallMs === remote.wallMs) return advance(wallMs, remote.counter + 1, last.device)
  return { wallMs, counter: 0, device: last.device }
}

/** How far the remote clock runs ahead of the local physical clock, in ms (negative: behind). */
export function clockSkewMs(remote: Hlc, nowMs: number): number {
  return remote.wallMs - nowMs
}
