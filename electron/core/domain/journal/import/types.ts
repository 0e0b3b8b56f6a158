import type { ParsedFill } from '../fill'

/** Every importer Edgebook ships; `generic` needs a column mapping. */
export const FORMAT_IDS = [
  'thinkorswim',
  'ninjatrader8',
  'tradovate-orders',
  'tradovate-performance',
  'tastytrade',
  'ibkr-activity',
  'ibkr-flex',
  'generic',
] as const

export type FormatId = (typeof FORMAT_IDS)[number]

/** A bad file or row: where (file, 1-based line, field) and what, in words a trader can act on. */
export type ImportError = { file: string; line: number; field: string; message: string }

/** Something worth telling the trader that does not stop the import. */
export type ImportWarning = {
  line: number
  /** Machine-readable kind, e.g. `opening-unknown`, `unknown-multiplier`, `multiplier-mismatch`. */
  code: string
  message: string
}

/** Rows that are not executions, counted by why they were passed over. */
export type SkipCount = { reason: SkipReason; count: number }

export type SkipReason =
  | 'cancelled'
  | 'rejected'
  | 'not-filled'
  | 'continuation-row'
  | 'cash-line'
  | 'subtotal'
  | 'closed-lot'
  | 'order-summary'
  | 'position-line'
  | 'blank-row'
  | 'paired-duplicate'

/**
 * A parsed fill as an importer hands it over. A fill rebuilt from a closed lot
 * (`origin: 'closed-lot'`) also names the execution that closed the lot, by that execution's
 * content hash: the lot's dedupe key depends on it, so two closes of one lot (in one file or in
 * two statements) stay two openings, and one close read from two statements stays one.
 */
export type ImportedFill = ParsedFill & { closedBy?: string }

/** A figure the broker states in the file itself, so stats can be checked against it. */
export type StatedTotal = {
  /** What the figure is, e.g. `P/L Day`, `Realized P/L`, `pnl`. */
  label: string
  /** The symbol it belongs to, or null for the file's overall total. */
  symbol: string | null
  currency: string
  amount: number
  line: number
}

/**
 * An open position the broker states in the file (IBKR Flex `OpenPosition` at summary level):
 * the signed quantity of a contract in an account at the end of `asOfDate`.
 */
export type StatedPosition = {
  account: string
  symbol: string
  currency: string
  /** Signed: negative for a short position. */
  qty: number
  /** The report date, `YYYY-MM-DD`. */
  asOfDate: string
  /** The first instant after that date in the file's zone (UTC ISO): fills before it count. */
  asOfEnd: string
  line: number
}

/** What a successful parse yields; nothing is stored yet. */
export type ParseResult = {
  format: FormatId
  /** The IANA zone that zone-less timestamps were read in, or null when the file carries offsets. */
  zone: string | null
  fills: ImportedFill[]
  skipped: SkipCount[]
  warnings: ImportWarning[]
  statedTotals: StatedTotal[]
  /**
   * Open positions the file states, when it has such a section (absent otherwise). A contract
   * the file trades in an account the section covers but does not list is stated flat.
   */
  statedPositions?: StatedPosition[]
}

/** A domain result: expected failures are data, never exceptions. */
export type ParseOutcome = { ok: true; value: ParseResult } | { ok: false; errors: ImportError[] }

/**
 * Which header holds what, for files no dedicated importer knows. Column values are header names
 * as they appear in the file (matched case-insensitively, trimmed).
 */
export type GenericMapping = {
  columns: {
    symbol: string
    /** Side column (`buy`/`sell`, `B`/`S`, `BOT`/`SLD`…); omit when `qty` is already signed. */
    side?: string
    qty: string
    price: string
    /**
     * Date and time in one column, or the date when `timeOfDay` is given (the two cells are then
     * joined with a space and read with `dateFormat`).
     */
    time: string
    timeOfDay?: string
    account?: string
    commission?: string
    fees?: string
    executionId?: string
    orderId?: string
    multiplier?: string
    currency?: string
    underlying?: string
    assetClass?: string
  }
  /**
   * Date pattern, e.g. `yyyy-MM-dd HH:mm:ss`, `M/d/yyyy h:mm:ss a`, `dd.MM.yyyy HH:mm`, or `iso`
   * for ISO-8601 (with or without an offset).
   */
  dateFormat: string
  /** Column delimiter; detected from the header line when omitted. */
  delimiter?: string
  /** Asset class for every row when the file has no such column. Defaults to `stock`. */
  assetClass?: ParsedFill['assetClass']
  /** Currency for every row when the file has no such column. Defaults to `USD`. */
  currency?: string
}

/** How to read one file. */
export type ParseOptions = {
  fileName: string
  /** `auto` (default) detects the format from the name and the content. */
  format?: FormatId | 'auto'
  /** IANA zone for timestamps without an offset; defaults to the format's documented zone. */
  tz?: string
  /** Account name for files that carry none, and an override for those that do. */
  account?: string
  /** Required for `generic`. */
  mapping?: GenericMapping
  /** The current time (epoch ms) execution times are checked against; defaults to now. */
  nowMs?: number
}
