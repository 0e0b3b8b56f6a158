// A minimal Parquet writer for test fixtures: one row group, one uncompressed PLAIN data page per
// column, REQUIRED columns only. No installed package writes Parquet, and the format is small
// enough to spell out: "PAR1", column chunks, Thrift-compact FileMetaData, its length, "PAR1".

/** A column to write: doubles, epoch-millisecond timestamps, or UTF-8 text. */
export type ParquetColumn =
  | { name: string; kind: 'double'; values: readonly number[] }
  | { name: string; kind: 'timestamp-ms'; values: readonly number[] }
  | { name: string; kind: 'utf8'; values: readonly string[] }

class Thrift {
  bytes: number[] = []
  private lastField: number[] = [0]

  varint(value: bigint): void {
    let v = value
    while (v >= 0x80n) {
      this.bytes.push(Number((v & 0x7fn) | 0x80n))
      v >>= 7n
    }
    this.bytes.push(Number(v))
  }
  zigzag(value: number | bigint): void {
    const v = BigInt(value)
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n)
  }
  field(id: number, type: number): void {
    const last = this.lastField[this.lastField.length - 1] as number
    const delta = id - last
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type)
    else {
      this.bytes.push(type)
      this.zigzag(id)
    }
    this.lastField[this.lastField.length - 1] = id
  }
  i32(id: number, value: number): void {
    this.field(id, 5)
    this.zigzag(value)
  }
  i64(id: number, value: number): void {
    this.field(id, 6)
    this.zigzag(value)
  }
  binary(id: number, text: string): void {
    this.field(id, 8)
    const data = new TextEncoder().encode(text)
    this.varint(BigInt(data.length))
    this.bytes.push(...data)
  }
  listHeader(id: number, size: number, elementType: number): void {
    this.field(id, 9)
    if (size < 15) this.bytes.push((size << 4) | elementType)
    else {
      this.bytes.push(0xf0 | elementType)
      this.varint(BigInt(size))
    }
  }
  beginStruct(id?: number): void {
    if (id !== undefined) this.field(id, 12)
    this.lastField.push(0)
  }
  endStruct(): void {
    this.bytes.push(0)
    this.lastField.pop()
  }
}

function plainValues(column: ParquetColumn): Uint8Array {
  if (column.kind === 'utf8') {
    const parts = column.values.map((v) => new TextEncoder().encode(v))
    const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0))
    const view = new DataView(out.buffer)
    let at = 0
    for (const part of parts) {
      view.setInt32(at, part.length, true)
      out.set(part, at + 4)
      at += 4 + part.length
    }
    return out
  }
  const out = new Uint8Array(column.values.length * 8)
  const view = new DataView(out.buffer)
  column.values.forEach((v, i) => {
    if (column.kind === 'double') view.setFloat64(i * 8, v, true)
    else view.setBigInt64(i * 8, BigInt(v), true)
  })
  return out
}

const PHYSICAL = { double: 5, 'timestamp-ms': 2, utf8: 6 } as const

/** Writes the columns (all the same length) as a Parquet file. */
export function writeParquet(columns: readonly ParquetColumn[]): Uint8Array {
  const rows = columns[0]?.values.length ?? 0
  const body: number[] = [...new TextEncoder().encode('PAR1')]
  const chunks: { offset: number; size: number }[] = []
  for (const column of columns) {
    const data = plainValues(column)
    const header = new Thrift()
    header.beginStruct()
    header.i32(1, 0)
    header.i32(2, data.length)
    header.i32(3, data.length)
    header.beginStruct(5)
    header.i32(1, rows)
    header.i32(2, 0)
    header.i32(3, 3)
    header.i32(4, 3)
    header.endStruct()
    header.endStruct()
    const offset = body.length
    body.push(...header.bytes, ...data)
    chunks.push({ offset, size: header.bytes.length + data.length })
  }
  const meta = new Thrift()
  meta.beginStruct()
  meta.i32(1, 1)
  meta.listHeader(2, columns.length + 1, 12)
  meta.beginStruct()
  meta.binary(4, 'schema')
  meta.i32(5, columns.length)
  meta.endStruct()
  for (const column of columns) {
    meta.beginStruct()
    meta.i32(1, PHYSICAL[column.kind])
    meta.i32(3, 0)
    meta.binary(4, column.name)
    if (column.kind === 'utf8') meta.i32(6, 0)
    if (column.kind === 'timestamp-ms') meta.i32(6, 9)
    meta.endStruct()
  }
  meta.i64(3, rows)
  meta.listHeader(4, 1, 12)
  meta.beginStruct()
  meta.listHeader(1, columns.length, 12)
  columns.forEach((column, i) => {
    const chunk = chunks[i] as { offset: number; size: number }
    meta.beginStruct()
    meta.i64(2, chunk.offset)
    meta.beginStruct(3)
    meta.i32(1, PHYSICAL[column.kind])
    meta.listHeader(2, 1, 5)
    meta.zigzag(0)
    meta.listHeader(3, 1, 8)
    const name = new TextEncoder().encode(column.name)
    meta.varint(BigInt(name.length))
    meta.bytes.push(...name)
    meta.i32(4, 0)
    meta.i64(5, rows)
    meta.i64(6, chunk.size)
    meta.i64(7, chunk.size)
    meta.i64(9, chunk.offset)
    meta.endStruct()
    meta.endStruct()
  })
  meta.i64(
    2,
    chunks.reduce((n, c) => n + c.size, 0),
  )
  meta.i64(3, rows)
  meta.endStruct()
  meta.endStruct()
  const length = new Uint8Array(4)
  new DataView(length.buffer).setUint32(0, meta.bytes.length, true)
  return Uint8Array.from([...body, ...meta.bytes, ...length, ...new TextEncoder().encode('PAR1')])
}
