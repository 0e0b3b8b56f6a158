import type { ParsedFill } from '../fill'
import type { ImportError } from './types'

/** Text fields of a fill the journal stores in columns of a bounded width. */
export type WidthField = 'symbol' | 'currency' | 'broker' | 'orderId' | 'externalTradeId'

/** The widest value each bounded field may hold, in characters (from the ledger's schema). */
export type FieldWidths = readonly (readonly [field: WidthField, width: number])[]

/**
 * Values longer than their column: the insert would abort on them, so an import refuses them up
 * front with the line and field, like any other bad input. Empty when every value fits.
 */
export function widthErrors(
  fileName: string,
  fills: readonly ParsedFill[],
  widths: FieldWidths,
): ImportError[] {
  const errors: ImportError[] = []
  for (const f of fills) {
    for (const [field, width] of widths) {
      const value = f[field]
      if (typeof value === 'string' && value.length > width) {
        errors.push({
          file: fileName,
          line: f.line,
          field,
          message: `${field} "${value}" is longer than the journal's ${width} characters`,
        })
      }
    }
  }
  return errors
}
