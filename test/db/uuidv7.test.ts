import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../../db/uuidv7'

describe('uuidv7', () => {
  it('carries version 7 and the RFC variant', () => {
    expect(uuidv7()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })

  it('encodes the millisecond timestamp in the first 48 bits', () => {
    const id = uuidv7(1_700_000_000_123)
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(
      1_700_000_000_123,
    )
  })

  it('sorts strictly by creation order within one process', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_800_000_000_000))
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
