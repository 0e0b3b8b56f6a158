import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../../../../electron/core/domain/journal/import/sha256'

function platform(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

describe('sha256Hex', () => {
  it('matches the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
  })

  it('equals the platform digest on every length around the block edges', () => {
    for (let n = 0; n < 200; n++) {
      const text = 'x'.repeat(n)
      expect(sha256Hex(text), `length ${n}`).toBe(platform(text))
    }
  })

  it('equals the platform digest on random text, multi-byte characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(platform(text))
      }),
      { seed: 11, numRuns: 500 },
    )
  })
})
