import { z } from 'zod'
import { fileSourceSchema } from './file'
import type { InputOf } from './types'

/** Importers the core ships; `generic` reads any CSV through a column mapping. */
export const IMPORT_FORMATS = [
  'thinkorswim',
  'ninjatrader8',
  'tradovate-orders',
  'tradovate-performance',
  'tastytrade',
  'ibkr-activity',
  'ibkr-flex',
  'generic',
] as const

export type ImportFormat = (typeof IMPORT_FORMATS)[number]

const assetClass = z.enum([
  'stock',
  'option',
  'future',
  'future_option',
  'forex',
  'crypto',
  'other',
])

/** A generic importer's column mapping (header names as in the file). */
export const mappingSchema = z
  .object({
    columns: z
      .object({
        symbol: z.string().min(1),
        side: z.string().min(1).optional(),
        qty: z.string().min(1),
        price: z.string().min(1),
        time: z.string().min(1),
        timeOfDay: z.string().min(1).optional(),
        account: z.string().min(1).optional(),
        commission: z.string().min(1).optional(),
        fees: z.string().min(1).optional(),
        executionId: z.string().min(1).optional(),
        orderId: z.string().min(1).optional(),
        multiplier: z.string().min(1).optional(),
        currency: z.string().min(1).optional(),
        underlying: z.string().min(1).optional(),
        assetClass: z.string().min(1).optional(),
      })
      .strict(),
    dateFormat: z.string().min(1),
    delimiter: z.string().length(1).optional(),
    assetClass: assetClass.optional(),
    currency: z.string().min(1).max(10).optional(),
  })
  .strict()

export type ImportMapping = z.infer<typeof mappingSchema>

// What `fills-import` and `fills-preview` take besides the file (see `fileSourceSchema`).
const importOptions = {
  broker: z.enum([...IMPORT_FORMATS, 'auto']).default('auto'),
  account: z.string().min(1).max(200).optional(),
  tz: z.string().min(1).optional(),
  mapping: mappingSchema.optional(),
  /** Name of a saved mapping to use with `broker: 'generic'`. */
  mappingName: z.string().min(1).optional(),
}

/**
 * Columns `fills-list` sorts by: execution time, account, symbol, side, signed quantity (sells
 * negative, as the table shows it), price, costs (commission and fees) and the source broker.
 */
export const FILL_SORTS = [
  'time',
  'account',
  'symbol',
  'side',
  'qty',
  'price',
  'fees',
  'broker',
] as const

/** A column `fills-list` sorts by. */
export type FillSort = (typeof FILL_SORTS)[number]

/** Direction of a `fills-list` sort. */
export type SortDirection = 'asc' | 'desc'

/** Input schemas of the `fills-*` and `import-*` channels. */
export const fillsInputs = {
  /**
   * Imports one broker file in one transaction: every fill or none. Duplicates of live fills
   * (same execution id, or same content and occurrence, per account) are counted, not added, so
   * a re-import adds nothing. Emits `import-progress`; regroups the touched campaigns. Fails
   * with `parse-error` (details.errors: file, line, field, message) and writes nothing on bad
   * input.
   */
  'fills-import': fileSourceSchema(importOptions),
  /**
   * Reads a file as `fills-import` would, without writing: format, zone, first fills, errors.
   * A file of one execution per row (NinjaTrader, Tradovate orders, tastytrade, generic) is
   * read only as far as its first `limit` rows (`isPartial` says when more followed): counts,
   * duplicates and errors are then those of these rows, and the import reads and checks it all.
   */
  'fills-preview': fileSourceSchema({
    ...importOptions,
    limit: z.number().int().min(1).max(500).default(20),
  }),
  /**
   * A page of stored fills; undone imports are left out unless asked for. `account`, `symbol`
   * and `broker` match case-insensitively anywhere in the value ("nv" finds NVDA). The whole
   * filtered set is ordered by `sort` in `direction` (default: newest execution first), ties by
   * execution time then id in the same direction, so `offset`/`limit` page one stable order.
   */
  'fills-list': z
    .object({
      account: z.string().min(1).max(200).optional(),
      symbol: z.string().min(1).max(200).optional(),
      broker: z.string().min(1).max(200).optional(),
      batchId: z.uuid().optional(),
      includeUndone: z.boolean().default(false),
      sort: z.enum(FILL_SORTS).default('time'),
      direction: z.enum(['asc', 'desc']).default('desc'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(200),
    })
    .strict()
    .default({ includeUndone: false, sort: 'time', direction: 'desc', offset: 0, limit: 200 }),
  /**
   * Undoes a whole import: the batch is stamped undone and its fills drop out of every live
   * read (the ledger keeps them). `not-found` for an unknown batch, `conflict` if already undone.
   */
  'import-undo': z.object({ batchId: z.uuid() }).strict(),
  /**
   * Stops a running import (its id is the `jobId` of its `import-progress` events): the import
   * rolls back and answers `cancelled`. `cancelled: false` when no such import is running.
   */
  'import-cancel': z.object({ batchId: z.uuid() }).strict(),
  /** Import batches, newest first. */
  'import-list': z
    .object({ limit: z.number().int().min(1).max(1000).default(100) })
    .strict()
    .default({ limit: 100 }),
  /** The importers with their labels and default zones, for pickers. */
  'import-formats': z.object({}).strict().optional(),
  /** Saves a generic column mapping under a broker name. */
  'import-save-mapping': z
    .object({ name: z.string().min(1).max(100), mapping: mappingSchema })
    .strict(),
  /** A saved mapping by broker name, or null. */
  'import-get-mapping': z.object({ name: z.string().min(1).max(100) }).strict(),
  /** Names of the saved mappings. */
  'import-list-mappings': z.object({}).strict().optional(),
}

/** Fields of the `fills-*` inputs only the CLI may send: a page sends bytes, never a path. */
export const fillsCliOnlyFields = {
  'fills-import': ['path'],
  'fills-preview': ['path'],
} as const satisfies { [C in keyof typeof fillsInputs]?: readonly string[] }

/** Rows that were not executions, by reason (`cancelled`, `continuation-row`, …). */
export type ImportSkip = { reason: string; count: number }

/** A note about the file that did not stop the import (`opening-unknown`, …). */
export type ImportWarningDto = { line: number; code: string; message: string }

/** A figure the broker states in the file itself (P/L Day, Realized P/L). */
export type StatedTotalDto = {
  label: string
  symbol: string | null
  currency: string
  amount: number
  line: number
}

/** A bad file or row, as `parse-error` details carry it. */
export type ImportErrorDto = { file: string; line: number; field: string; message: string }

/** Answer of `fills-import`. */
export type ImportSummary = {
  batchId: string
  fileName: string
  format: ImportFormat
  /** Zone zone-less times were read in, or null when the file carries offsets. */
  zone: string | null
  /** Fills added to the ledger. */
  fills: number
  /** Fills already stored (same key per account), not added again. */
  duplicates: number
  skipped: ImportSkip[]
  warnings: ImportWarningDto[]
  statedTotals: StatedTotalDto[]
  accounts: string[]
  /** Campaigns regrouped for the touched series, when the campaigns module is present. */
  campaignsRebuilt: boolean
}

/** One parsed fill as the preview shows it. */
export type PreviewFill = {
  line: number
  account: string
  symbol: string
  assetClass: string
  side: 'buy' | 'sell'
  qty: number
  price: number
  multiplier: number
  commission: number
  fees: number
  currency: string
  executedAt: string
  externalTradeId: string | null
  openClose: 'open' | 'close' | null
}

/** Answer of `fills-preview`. */
export type ImportPreview = {
  fileName: string
  /** What `auto` detection found, or null when only a mapping can read the file. */
  detected: ImportFormat | null
  format: ImportFormat | null
  zone: string | null
  /** The zone used when the trader picks none. */
  defaultZone: string
  /** First lines of the file as cells, for a mapping editor. */
  head: string[][]
  /** Fills read: of the whole file, or of its first `limit` rows when `isPartial`. */
  total: number
  /** True when only the file's first rows were read; the import reads (and checks) them all. */
  isPartial: boolean
  /**
   * Fills of the file the journal already holds (by the import's dedupe keys: execution id or
   * content per account), which an import would skip: the same file again, or an overlapping
   * report such as Tradovate's performance report next to its orders report.
   */
  alreadyInJournal: number
  fills: PreviewFill[]
  skipped: ImportSkip[]
  warnings: ImportWarningDto[]
  statedTotals: StatedTotalDto[]
  errors: ImportErrorDto[]
}

/** One stored fill in the fills table. */
export type FillDto = {
  id: string
  account: string
  symbol: string
  side: 'buy' | 'sell'
  qty: number
  price: number
  fees: number
  multiplier: number
  currency: string
  executedAt: string
  broker: string | null
  assetType: string | null
  orderId: string | null
  externalTradeId: string | null
  importBatchId: string | null
  isUndone: boolean
}

/** Answer of `fills-list`. */
export type FillPage = { total: number; offset: number; rows: FillDto[] }

/** One import batch. */
export type ImportBatchDto = {
  id: string
  fileName: string
  format: string
  account: string | null
  rowCount: number
  insertedCount: number
  skippedCount: number
  createdAt: string
  undoneAt: string | null
}

/** Answer of `import-undo`. */
export type ImportUndoResult = { batchId: string; fills: number; undoneAt: string }

/** One importer for pickers. */
export type ImportFormatInfo = {
  id: ImportFormat
  label: string
  /** IANA zone, or null for this machine's zone. */
  defaultZone: string | null
}

type In<K extends keyof typeof fillsInputs> = InputOf<typeof fillsInputs, K>

export type FillsHandlers = {
  'fills-import': (input: In<'fills-import'>) => Promise<ImportSummary>
  'fills-preview': (input: In<'fills-preview'>) => Promise<ImportPreview>
  'fills-list': (input: In<'fills-list'>) => Promise<FillPage>
  'import-undo': (input: In<'import-undo'>) => Promise<ImportUndoResult>
  'import-cancel': (input: In<'import-cancel'>) => Promise<{ cancelled: boolean }>
  'import-list': (input: In<'import-list'>) => Promise<ImportBatchDto[]>
  'import-formats': (input: In<'import-formats'>) => Promise<ImportFormatInfo[]>
  'import-save-mapping': (input: In<'import-save-mapping'>) => Promise<{ name: string }>
  'import-get-mapping': (input: In<'import-get-mapping'>) => Promise<ImportMapping | null>
  'import-list-mappings': (input: In<'import-list-mappings'>) => Promise<string[]>
}
