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

/**
 * Rows encoded for one table as binary COPY streams, at most a chunk of rows each: what an
 * engine worker hands back to the thread that owns the database, which only runs the COPY.
 */
export type EncodedRows = { rows: number; chunks: Uint8Array<ArrayBuffer>[] }

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
