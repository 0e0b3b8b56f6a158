import { describe, expect, it } from 'vitest'
import { IMPORT_FORMATS, type ImportFormat } from '../../../electron/core/contract/fills'
import { FORMAT_IDS, type FormatId } from '../../../electron/core/domain/journal/import/types'

// The domain declares its own types (it never imports the contract). A DTO that is a domain type is
// that type (`export type XDto = X`); where the contract must declare its own (a zod enum the
// renderer reads at run time), the two must stay equal. `npm run typecheck` fails on any drift: `Same<A, B>` is `true` only when
// each is assignable to the other, field for field.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

const mirrors = {
  importFormats: true satisfies Same<FormatId, ImportFormat>,
}

describe('contract DTOs that mirror domain types', () => {
  it('equal them (checked at compile time)', () => {
    expect(Object.values(mirrors).every(Boolean)).toBe(true)
  })

  it('list the importers in the same order (pickers show the contract list, parsers the domain one)', () => {
    expect([...IMPORT_FORMATS]).toEqual([...FORMAT_IDS])
  })
})
