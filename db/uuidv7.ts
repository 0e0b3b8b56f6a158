import { randomBytes } from 'node:crypto'

let lastMs = 0
let seq = 0

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Minted on the client so two
 * devices never collide and ids sort by creation time. Within one millisecond a 12-bit counter in
 * `rand_a` keeps ids from one process strictly increasing.
 */
export function uuidv7(nowMs: number = Date.now()): string {
  if (nowMs <= lastMs) {
    seq = (seq + 1) & 0xfff
    if (seq === 0) lastMs += 1
    nowMs = lastMs
  } else {
    lastMs = nowMs
    seq = randomBytes(2).readUInt16BE(0) & 0x3ff
  }
  const bytes = randomBytes(16)
  bytes.writeUIntBE(nowMs, 0, 6)
  bytes[6] = 0x70 | ((seq >> 8) & 0x0f)
  bytes[7] = seq & 0xff
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f)
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
