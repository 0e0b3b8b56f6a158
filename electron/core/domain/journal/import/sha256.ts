// SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, in plain TypeScript so the domain needs no
// platform module. Dedupe keys are stored, so the digest must equal every other SHA-256: a test
// compares it with the platform's on random text.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])

const encoder = new TextEncoder()
const W = new Uint32Array(64)
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
// Reused between calls (the domain is synchronous): fills hash short strings by the hundred
// thousand, and allocating per call costs more than the rounds.
let buffer = new Uint8Array(256)

/** The SHA-256 digest of `text` (UTF-8) as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  // At most 3 bytes per UTF-16 unit, plus the padding.
  const room = text.length * 3 + 72
  if (buffer.length < room) buffer = new Uint8Array(Math.max(room, buffer.length * 2))
  const bytes = buffer
  const length = encoder.encodeInto(text, bytes).written
  const bitLength = length * 8
  // Message, 0x80, zero padding, 64-bit big-endian length: a multiple of 64 bytes.
  const total = Math.ceil((length + 9) / 64) * 64
  bytes[length] = 0x80
  bytes.fill(0, length + 1, total - 8)
  const high = Math.floor(bitLength / 0x1_0000_0000)
  const low = bitLength >>> 0
  bytes[total - 8] = high >>> 24
  bytes[total - 7] = (high >>> 16) & 0xff
  bytes[total - 6] = (high >>> 8) & 0xff
  bytes[total - 5] = high & 0xff
  bytes[total - 4] = low >>> 24
  bytes[total - 3] = (low >>> 16) & 0xff
  bytes[total - 2] = (low >>> 8) & 0xff
  bytes[total - 1] = low & 0xff

  let h0 = 0x6a09e667
  let h1 = 0xbb67ae85
  let h2 = 0x3c6ef372
  let h3 = 0xa54ff53a
  let h4 = 0x510e527f
  let h5 = 0x9b05688c
  let h6 = 0x1f83d9ab
  let h7 = 0x5be0cd19

  for (let off = 0; off < total; off += 64) {
    for (let i = 0, j = off; i < 16; i++, j += 4) {
      W[i] =
        ((bytes[j] as number) << 24) |
        ((bytes[j + 1] as number) << 16) |
        ((bytes[j + 2] as number) << 8) |
        (bytes[j + 3] as number)
    }
    for (let i = 16; i < 64; i++) {
      const a = W[i - 15] as number
      const b = W[i - 2] as number
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10)
      W[i] = ((W[i - 16] as number) + s0 + (W[i - 7] as number) + s1) | 0
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    let f = h5
    let g = h6
    let h = h7
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const ch = (e & f) ^ (~e & g)
      const t1 = (h + S1 + ch + (K[i] as number) + (W[i] as number)) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const maj = (a & b) ^ (a & c) ^ (b & c)
      const t2 = (S0 + maj) | 0
      h = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
    h5 = (h5 + f) | 0
    h6 = (h6 + g) | 0
    h7 = (h7 + h) | 0
  }
  let out = ''
  for (const word of [h0, h1, h2, h3, h4, h5, h6, h7]) {
    out += HEX[(word >>> 24) & 0xff]! + HEX[(word >>> 16) & 0xff]! + HEX[(word >>> 8) & 0xff]!
    out += HEX[word & 0xff]!
  }
  return out
}
