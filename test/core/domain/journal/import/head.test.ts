import { describe, expect, it } from 'vitest'
import { headRows, isRowFormat } from '../../../../../electron/core/domain/journal/import/head'
import { storedIdentity } from '../../../../../electron/core/domain/journal/import/stored-key'
import { widthErrors } from '../../../../../electron/core/domain/journal/import/widths'
import type { ParsedFill } from '../../../../../electron/core/domain/journal/fill'

describe('headRows', () => {
  it('keeps the header and the first rows, and says that more followed', () => {
    expect(headRows('h\n1\n2\n3\n', 2)).toEqual({ text: 'h\n1\n2\n', isPartial: true })
    expect(headRows('h\r\n1\r\n2\r\n3', 2)).toEqual({ text: 'h\r\n1\r\n2\r\n', isPartial: true })
  })

  it('returns the whole text when it holds no more rows than asked for', () => {
    expect(headRows('h\n1\n2\n', 2)).toEqual({ text: 'h\n1\n2\n', isPartial: false })
    expect(headRows('h\n1\n2\n\n\n', 2)).toEqual({ text: 'h\n1\n2\n\n\n', isPartial: false })
    expect(headRows('h\n1', 5)).toEqual({ text: 'h\n1', isPartial: false })
  })

  it('never cuts inside a quoted cell that holds a line break', () => {
    const text = 'h\n"a\nb",1\n"c ""q""\nd",2\n3\n'
    expect(headRows(text, 2)).toEqual({ text: 'h\n"a\nb",1\n"c ""q""\nd",2\n', isPartial: true })
  })

  it('cuts only formats of one execution per row', () => {
    expect(isRowFormat('ninjatrader8')).toBe(true)
    expect(isRowFormat('generic')).toBe(true)
    expect(isRowFormat('thinkorswim')).toBe(false)
    expect(isRowFormat('ibkr-flex')).toBe(false)
    expect(isRowFormat('tradovate-performance')).toBe(false)
  })
})

describe('storedIdentity', () => {
  it('keeps an execution id in its column and no content hash', () => {
    expect(storedIdentity('id:X1', 'X1', 'b1', false)).toEqual({
      externalTradeId: 'X1',
      contentHash: null,
    })
  })

  it('keeps a content key in the content-hash column', () => {
    expect(storedIdentity('h:abc:0', null, 'b1', false)).toEqual({
      externalTradeId: null,
      contentHash: 'h:abc:0',
    })
  })

  it('keys a repeat of an undone import by key and batch, without its execution id', () => {
    expect(storedIdentity('id:X1', 'X1', 'b2', true)).toEqual({
      externalTradeId: null,
      contentHash: 'id:X1~b2',
    })
  })
})

describe('widthErrors', () => {
  it('names the file, line and field of each value past its width', () => {
    const fill = { line: 7, symbol: 'ABCDEFG', currency: 'USD' } as ParsedFill
    expect(
      widthErrors(
        'f.csv',
        [fill],
        [
          ['symbol', 5],
          ['currency', 3],
        ],
      ),
    ).toEqual([
      {
        file: 'f.csv',
        line: 7,
        field: 'symbol',
        message: `symbol "ABCDEFG" is longer than the journal's 5 characters`,
      },
    ])
  })
})
