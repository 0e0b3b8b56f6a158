import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BinaryCopyWriter } from '../../db/copy-binary'

describe('BinaryCopyWriter', () => {
  let pg: PGlite

  beforeAll(async () => {
    pg = await PGlite.create()
    await pg.exec(
      `CREATE TABLE t (u uuid, s text, v varchar(20), x float8, at timestamptz, j jsonb)`,
    )
  })
  afterAll(async () => {
    await pg.close()
  })

  it('writes cells PostgreSQL reads back unchanged: uuid, text, float8, timestamptz, jsonb, NULL', async () => {
    const rows = [
      {
        u: '0190f5a2-7b3c-7def-8123-456789abcdef',
        s: 'plain',
        v: 'MESZ5',
        x: 5012.25,
        at: Date.UTC(2024, 0, 2, 14, 30, 0, 123),
        j: { line: 2, openClose: null },
      },
      {
        u: '0190F5A2-7B3C-7DEF-8123-456789ABCDEF',
        s: 'Zürich · 東京 · 📈',
        v: '',
        x: -1e308,
        at: Date.UTC(1999, 11, 31, 23, 59, 59, 999),
        j: { note: 'quote " and \\ backslash', n: [1, 2.5] },
      },
      { u: null, s: null, v: null, x: Number.MIN_VALUE, at: 0, j: null },
    ]
    const w = new BinaryCopyWriter(8)
    for (const r of rows) {
      w.row(6)
      if (r.u === null) w.null()
      else w.uuid(r.u)
      w.text(r.s).text(r.v).float8(r.x).timestamptz(r.at)
      w.jsonb(r.j === null ? null : JSON.stringify(r.j))
    }
    expect(w.rowCount).toBe(3)
    await pg.query(`COPY t FROM '/dev/blob' WITH (FORMAT binary)`, [], {
      blob: new Blob([w.finish()]),
    })
    const back = await pg.query<{
      u: string | null
      s: string | null
      v: string | null
      x: number
      at: Date
      j: unknown
    }>(`SELECT u, s, v, x, at, j FROM t ORDER BY at DESC`)
    expect(back.rows.map((r) => ({ ...r, at: r.at.getTime() }))).toEqual([
      { ...rows[0] },
      { ...rows[1], u: rows[1]?.u?.toLowerCase() },
      { ...rows[2] },
    ])
  })

  it('writes a repeated uuid right however the buffer grows in between', async () => {
    await pg.exec(`CREATE TABLE pairs (id uuid, batch uuid)`)
    const batch = '0190f5a2-7b3c-7def-8123-456789abcdef'
    const ids = Array.from(
      { length: 2000 },
      (_, i) => `0190f5a2-0000-7000-8000-${i.toString(16).padStart(12, '0')}`,
    )
    const w = new BinaryCopyWriter(16)
    for (const id of ids) w.row(2).uuid(id).uuid(batch)
    await pg.query(`COPY pairs FROM '/dev/blob' WITH (FORMAT binary)`, [], {
      blob: new Blob([w.finish()]),
    })
    const back = await pg.query<{ id: string; batch: string }>(
      `SELECT id, batch FROM pairs ORDER BY id`,
    )
    expect(back.rows).toEqual(ids.map((id) => ({ id, batch })))
  })

  it('refuses a malformed uuid instead of writing garbage', () => {
    const w = new BinaryCopyWriter()
    w.row(1)
    expect(() => w.uuid('not-a-uuid')).toThrow(/not a uuid/)
    expect(() => w.uuid('0190f5a2-7b3c-7def-8123-456789abcde')).toThrow(/not a uuid/)
    expect(() => w.uuid('0190f5a2-7b3c-7def-8123-456789abcdef00')).toThrow(/not a uuid/)
    expect(() => w.uuid('0190f5a27-b3c-7def-8123-456789abcdef')).toThrow(/not a uuid/)
    expect(() => w.uuid('0190f5a2-7b3c-7def-8123-456789abcdeg')).toThrow(/not a uuid/)
  })
})
