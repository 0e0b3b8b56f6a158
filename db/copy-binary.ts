/**
 * Encoder for PostgreSQL's binary COPY format, for bulk writes through `COPY … FROM '/dev/blob'
 * WITH (FORMAT binary)`. PGlite spends most of a text COPY turning each cell back into a datum
 * (uuid_in, timestamptz_in, float8in); binary cells are copied as they are.
 *
 * Format: a signature, flags and header extension, then per row a 16-bit field count and per
 * field a 32-bit byte length (−1 for NULL) and the bytes in network order, then a 16-bit −1.
 */

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]
// Microseconds between the Unix epoch and PostgreSQL's (2000-01-01T00:00:00Z).
const PG_EPOCH_MS = 946_684_800_000
const encoder = new TextEncoder()
const HEX = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) HEX[48 + i] = i
for (let i = 0; i < 6; i++) {
  HEX[97 + i] = 10 + i
  HEX[65 + i] = 10 + i
}

// Where each byte's two hex digits start in the canonical text form, and where its dashes are.
const UUID_DIGIT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34]
const UUID_DASHES = [8, 13, 18, 23]

function hexValue(c: number): number {
  return c < 128 ? (HEX[c] ?? -1) : -1
}

/** Builds one binary COPY stream, row by row; `finish` returns its bytes. */
export class BinaryCopyWriter {
  private buf: Uint8Array<ArrayBuffer>
  private view: DataView
  private at = 0
  private rows = 0
  private lastUuid = ''
  private lastUuidAt = 0

  constructor(initialBytes = 1 << 16) {
    this.buf = new Uint8Array(Math.max(64, initialBytes))
    this.view = new DataView(this.buf.buffer)
    this.buf.set(SIGNATURE, 0)
    this.at = SIGNATURE.length
    this.int32(0) // flags: no OIDs
    this.int32(0) // header extension length
  }

  /** Rows begun so far. */
  get rowCount(): number {
    return this.rows
  }

  /** Starts a row of `fields` cells; the next `fields` calls write them in column order. */
  row(fields: number): this {
    this.ensure(2)
    this.view.setInt16(this.at, fields)
    this.at += 2
    this.rows += 1
    return this
  }

  null(): this {
    this.int32(-1)
    return this
  }

  /** A `uuid` cell from its canonical text form (8-4-4-4-12 hex digits); throws on anything else. */
  uuid(value: string): this {
    if (value.length !== 36) throw new Error(`not a uuid: ${value}`)
    this.ensure(20)
    this.view.setInt32(this.at, 16)
    const out = this.at + 4
    // A column like a batch id repeats one value on every row: copy the bytes written last time.
    if (value === this.lastUuid) {
      this.buf.copyWithin(out, this.lastUuidAt, this.lastUuidAt + 16)
      this.lastUuidAt = out
      this.at += 20
      return this
    }
    for (let b = 0; b < 16; b++) {
      const i = UUID_DIGIT[b] ?? 0
      const hi = hexValue(value.charCodeAt(i))
      const lo = hexValue(value.charCodeAt(i + 1))
      if (hi < 0 || lo < 0) throw new Error(`not a uuid: ${value}`)
      this.buf[out + b] = (hi << 4) | lo
    }
    for (const dash of UUID_DASHES) {
      if (value.charCodeAt(dash) !== 45) throw new Error(`not a uuid: ${value}`)
    }
    this.lastUuid = value
    this.lastUuidAt = out
    this.at += 20
    return this
  }

  /** A `text`/`varchar` cell (UTF-8), or NULL. */
  text(value: string | null): this {
    if (value === null) return this.null()
    this.ensure(4 + value.length * 3)
    const written = this.utf8(value, this.at + 4)
    this.view.setInt32(this.at, written)
    this.at += 4 + written
    return this
  }

  /** A `double precision` cell. */
  float8(value: number): this {
    this.ensure(12)
    this.view.setInt32(this.at, 8)
    this.view.setFloat64(this.at + 4, value)
    this.at += 12
    return this
  }

  /** A `bigint` cell from a safe integer. */
  int8(value: number): this {
    if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`)
    this.ensure(12)
    this.view.setInt32(this.at, 8)
    this.view.setBigInt64(this.at + 4, BigInt(value))
    this.at += 12
    return this
  }

  /** An `integer` cell. */
  int4(value: number): this {
    if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
      throw new Error(`not a 32-bit integer: ${value}`)
    }
    this.ensure(8)
    this.view.setInt32(this.at, 4)
    this.view.setInt32(this.at + 4, value)
    this.at += 8
    return this
  }

  /** A `timestamptz` cell from milliseconds since the Unix epoch. */
  timestamptz(epochMs: number): this {
    if (!Number.isFinite(epochMs)) throw new Error(`not a time: ${epochMs}`)
    this.ensure(12)
    this.view.setInt32(this.at, 8)
    this.view.setBigInt64(this.at + 4, BigInt(Math.round((epochMs - PG_EPOCH_MS) * 1000)))
    this.at += 12
    return this
  }

  /** A `jsonb` cell from JSON text (binary jsonb is a version byte, then the text). */
  jsonb(json: string | null): this {
    if (json === null) return this.null()
    this.ensure(5 + json.length * 3)
    this.buf[this.at + 4] = 1
    const written = this.utf8(json, this.at + 5)
    this.view.setInt32(this.at, written + 1)
    this.at += 5 + written
    return this
  }

  /** The finished stream: header, rows and trailer. The writer must not be used after. */
  finish(): Uint8Array<ArrayBuffer> {
    this.ensure(2)
    this.view.setInt16(this.at, -1)
    this.at += 2
    return this.buf.subarray(0, this.at)
  }

  // Writes `value` as UTF-8 at `offset` (room for 3 bytes a UTF-16 unit is ensured by the
  // caller) and returns the byte count. ASCII, nearly every cell here, is copied byte by byte:
  // for short strings that is several times cheaper than a call into TextEncoder.
  private utf8(value: string, offset: number): number {
    const n = value.length
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i)
      if (c >= 0x80) {
        return i + encoder.encodeInto(value.slice(i), this.buf.subarray(offset + i)).written
      }
      this.buf[offset + i] = c
    }
    return n
  }

  private int32(value: number): void {
    this.ensure(4)
    this.view.setInt32(this.at, value)
    this.at += 4
  }

  private ensure(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.at + bytes) size *= 2
    const grown = new Uint8Array(size)
    grown.set(this.buf.subarray(0, this.at))
    this.buf = grown
    this.view = new DataView(grown.buffer)
  }
}

const decoder = new TextDecoder()
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/**
 * Decoder for PostgreSQL's binary COPY format, for bulk reads through `COPY (SELECT …) TO
 * '/dev/blob' WITH (FORMAT binary)`: PGlite returns the rows as one blob of raw cells instead of
 * turning every cell into a JS value, and reading integers and floats off a DataView is cheap.
 * Call `next()` for each row, then read its cells in column order.
 */
export class BinaryCopyReader {
  private readonly view: DataView
  private readonly bytes: Uint8Array
  private at: number

  constructor(data: ArrayBuffer) {
    this.bytes = new Uint8Array(data)
    this.view = new DataView(data)
    for (let i = 0; i < SIGNATURE.length; i++) {
      if (this.bytes[i] !== SIGNATURE[i]) throw new Error('not a binary COPY stream')
    }
    // Signature, flags, then a header extension of the given length.
    this.at = SIGNATURE.length + 4
    this.at += 4 + this.view.getInt32(this.at)
  }

  /** Moves to the next row; false after the last one. */
  next(): boolean {
    if (this.at + 2 > this.bytes.length) return false
    const fields = this.view.getInt16(this.at)
    this.at += 2
    return fields !== -1
  }

  private length(): number {
    const n = this.view.getInt32(this.at)
    this.at += 4
    return n
  }

  /** A `bigint` cell as a number (exact up to 2^53), or null. */
  int8(): number | null {
    if (this.length() < 0) return null
    const value = Number(this.view.getBigInt64(this.at))
    this.at += 8
    return value
  }

  /** A `double precision` cell, or null. */
  float8(): number | null {
    if (this.length() < 0) return null
    const value = this.view.getFloat64(this.at)
    this.at += 8
    return value
  }

  /** A `text` cell, or null. */
  text(): string | null {
    const n = this.length()
    if (n < 0) return null
    const start = this.at
    this.at += n
    let ascii = true
    for (let i = start; i < this.at; i++) {
      if ((this.bytes[i] ?? 0) >= 0x80) {
        ascii = false
        break
      }
    }
    if (!ascii) return decoder.decode(this.bytes.subarray(start, this.at))
    let out = ''
    for (let i = start; i < this.at; i++) out += String.fromCharCode(this.bytes[i] ?? 0)
    return out
  }

  /** A `uuid` cell in its canonical text form, or null. */
  uuid(): string | null {
    if (this.length() < 0) return null
    const b = this.bytes
    const h = (i: number) => HEX_BYTE[b[this.at + i] ?? 0] ?? '00'
    const out =
      h(0) + h(1) + h(2) + h(3) + '-' + h(4) + h(5) + '-' + h(6) + h(7) + '-' + h(8) + h(9) +
      '-' + h(10) + h(11) + h(12) + h(13) + h(14) + h(15)
    this.at += 16
    return out
  }
}
