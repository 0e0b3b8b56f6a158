import { createHash } from 'node:crypto'
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core'
import type { Handle } from '../../../../db/query'
import {
  batchSeries,
  contractsWithLiveFillsBefore,
  findExistingKeys,
  finishImportBatch,
  getImportBatch,
  insertImportBatch,
  liveAccountsOfBroker,
  loadMapping,
  markImportBatchUndone,
  type FillInsert,
} from '../../../../db/repos/fills-repo'
import { positionsBefore } from '../../../../db/repos/positions-repo'
import { tradeFills } from '../../../../db/schema/journal/fills'
import { uuidv7 } from '../../../../db/uuidv7'
import { ErrorCode } from '../../contract/errors'
import {
  mappingSchema,
  type ImportErrorDto,
  type ImportFormat,
  type ImportMapping,
  type ImportPreview,
  type ImportSummary,
  type ImportUndoResult,
  type PreviewFill,
} from '../../contract/fills'
import type { Deps } from '../../deps'
import { seriesKey } from '../../domain/journal/campaigns/fifo-campaigns'
import type { ParsedFill } from '../../domain/journal/fill'
import { headRows, isRowFormat } from '../../domain/journal/import/head'
import {
  DEFAULT_ZONES,
  dedupeKeys,
  detectFormat,
  decodeText,
  guessDelimiter,
  parseCsv,
  parseFills,
  positionChecks,
  reconcilePositions,
  type ImportedFill,
  type ParseOptions,
  type ParseResult,
} from '../../domain/journal/import/index'
import { accountKey, storedIdentity } from '../../domain/journal/import/stored-key'
import { widthErrors, type FieldWidths, type WidthField } from '../../domain/journal/import/widths'
import { machineZone } from '../../domain/time/zone'
import { AppError } from '../../errors'
import { MAX_FILLS_IMPORT_BYTES, readFileSource } from '../../files/file-source'
import { appendFills } from './append-fills'
import { rebuildCampaigns } from './campaigns'

/** What `fills-import` and `fills-preview` are given (the parsed channel input). */
export type FillsSource = {
  path?: string | undefined
  content?: string | undefined
  contentBase64?: string | undefined
  token?: string | undefined
  fileName?: string | undefined
  broker: ImportFormat | 'auto'
  account?: string | undefined
  tz?: string | undefined
  mapping?: ImportMapping | undefined
  mappingName?: string | undefined
}

const WIDTH_FIELDS: readonly WidthField[] = [
  'symbol',
  'currency',
  'broker',
  'orderId',
  'externalTradeId',
]

/**
 * The widths of `table`'s varchar columns named like the fill fields `fields`, read from its
 * drizzle schema (`getTableConfig`): a column that is not a bounded varchar is a bug.
 */
export function varcharWidths(table: PgTable, fields: readonly WidthField[]): FieldWidths {
  const columns = getTableConfig(table).columns
  const byKey = table as unknown as Record<string, unknown>
  return fields.map((field) => {
    const column = columns.find((c) => c === byKey[field])
    const width = /^varchar\((\d+)\)$/.exec(column?.getSQLType() ?? '')?.[1]
    if (width === undefined) throw new Error(`${field} is not a bounded varchar column`)
    return [field, Number(width)] as const
  })
}

/**
 * The widths of the ledger's bounded text columns (`journal.trade_fills`): a value past them
 * would abort the insert, so the import refuses it up front. The fill fields are named like the
 * schema's columns.
 */
export function fillWidths(): FieldWidths {
  return varcharWidths(tradeFills, WIDTH_FIELDS)
}

const WIDTHS = fillWidths()

/**
 * Files up to this many characters are previewed whole (a few thousand rows, parsed in tens of
 * milliseconds); past it a preview reads the first rows of a row-per-fill file only.
 */
export const PREVIEW_WHOLE_CHARS = 256 * 1024

/** Running imports of one core by batch id; `cancel` flips the flag the import checks between chunks. */
export class ImportRuns {
  private readonly running = new Map<string, { isCancelled: boolean }>()

  start(batchId: string): void {
    this.running.set(batchId, { isCancelled: false })
  }

  finish(batchId: string): void {
    this.running.delete(batchId)
  }

  /** Asks a running import to stop; false when none runs under `batchId`. */
  cancel(batchId: string): boolean {
    const job = this.running.get(batchId)
    if (job) job.isCancelled = true
    return job !== undefined
  }

  /** Throws `cancelled` (which rolls the import's transaction back) once the import was cancelled. */
  check(batchId: string): void {
    if (this.running.get(batchId)?.isCancelled) {
      throw new AppError(
        ErrorCode.Cancelled,
        `Import ${batchId} was cancelled; nothing was written`,
      )
    }
  }
}

type Read = { fileName: string; bytes: Uint8Array | string }

function readSource(deps: Deps, src: FillsSource): Promise<Read> {
  return readFileSource(src, 'upload.csv', MAX_FILLS_IMPORT_BYTES, deps.uploads).then(
    ({ fileName, data }) => ({ fileName, bytes: data }),
  )
}

async function resolveMapping(deps: Deps, src: FillsSource): Promise<ImportMapping | undefined> {
  if (src.mapping) return src.mapping
  if (src.mappingName === undefined) return undefined
  const saved = mappingSchema.safeParse(await loadMapping(deps.db, src.mappingName))
  if (!saved.success) {
    throw new AppError(ErrorCode.NotFound, `No saved mapping named ${src.mappingName}`)
  }
  return saved.data
}

function parseErrorOf(errors: readonly ImportErrorDto[]): AppError {
  const first = errors[0]
  const where = first ? `${first.file}:${first.line} ${first.field}: ${first.message}` : 'bad file'
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
  return new AppError(ErrorCode.ParseError, `${where}${more}`, { details: { errors } })
}

/** Parses a read file into fills (throws `parse-error` naming file, line and field). */
async function parseRead(deps: Deps, src: FillsSource, read: Read): Promise<ParseResult> {
  const { fileName, bytes } = read
  const mapping = await resolveMapping(deps, src)
  const options: ParseOptions = { fileName, format: src.broker }
  if (src.tz !== undefined) options.tz = src.tz
  if (mapping) options.mapping = mapping
  if (src.account !== undefined) {
    options.account = src.account
  } else if (src.broker === 'tradovate-performance' || isPerformanceReport(fileName, bytes)) {
    // The performance report names no account. When exactly one Tradovate account is on file it
    // is that one, which keeps the report and the orders report of one account in one series.
    const known = await liveAccountsOfBroker(deps.db, 'tradovate')
    if (known.length === 1 && known[0] !== undefined) options.account = known[0]
  }
  const outcome = parseFills(bytes, options)
  if (!outcome.ok) throw parseErrorOf(outcome.errors)
  const tooWide = widthErrors(fileName, outcome.value.fills, WIDTHS)
  if (tooWide.length > 0) throw parseErrorOf(tooWide)
  return outcome.value
}

/**
 * `stated-position-differs` warnings where the statement's open positions (IBKR Flex
 * `OpenPositions`) disagree with the journal's, as of the statement's date. `pending` are fills
 * of the file not stored yet (the preview), counted as if imported.
 */
async function positionWarnings(
  q: Handle,
  result: ParseResult,
  pending: readonly ImportedFill[],
): Promise<ParseResult['warnings']> {
  if (!result.statedPositions) return []
  const checks = positionChecks(result.statedPositions, result.fills)
  const held = await positionsBefore(
    q,
    checks.map((c) => ({ account: c.account, symbol: c.symbol, beforeIso: c.asOfEnd })),
  )
  const total = checks.map(
    (c, i) =>
      (held[i] ?? 0) +
      pending
        .filter((f) => f.account === c.account && f.symbol === c.symbol && f.executedAt < c.asOfEnd)
        .reduce((sum, f) => sum + f.qty, 0),
  )
  return reconcilePositions(checks, total)
}

function isPerformanceReport(fileName: string, bytes: Uint8Array | string): boolean {
  const decoded = decodeText(bytes)
  return decoded.ok && detectFormat(fileName, decoded.text) === 'tradovate-performance'
}

/**
 * Contracts (as `seriesKey`) whose lot openings rebuilt from a statement's ClosedLot rows must not
 * be added: the journal already holds live fills of that account and contract from before the
 * file's first execution of it, so an earlier import carries the real history (with the real
 * opening, or without it and then flagged opening-unknown, never counted twice).
 */
async function lotsWithHistory(q: Handle, fills: readonly ParsedFill[]): Promise<Set<string>> {
  if (!fills.some((f) => f.origin === 'closed-lot')) return new Set()
  const firstExecution = new Map<string, { account: string; symbol: string; at: string }>()
  const lotContracts = new Set<string>()
  for (const f of fills) {
    const key = seriesKey(f.account, f.symbol)
    if (f.origin === 'closed-lot') {
      lotContracts.add(key)
      continue
    }
    const seen = firstExecution.get(key)
    if (!seen || Date.parse(f.executedAt) < Date.parse(seen.at)) {
      firstExecution.set(key, { account: f.account, symbol: f.symbol, at: f.executedAt })
    }
  }
  const probes = [...lotContracts].flatMap((key) => firstExecution.get(key) ?? [])
  if (probes.length === 0) return new Set()
  const known = await contractsWithLiveFillsBefore(q, probes)
  return new Set(known.map((c) => seriesKey(c.account, c.symbol)))
}

function toInsert(
  f: ParsedFill,
  key: string,
  batchId: string,
  format: ImportFormat,
  isRepeat: boolean,
): FillInsert {
  return {
    id: uuidv7(),
    account: f.account,
    symbol: f.symbol,
    side: f.side,
    quantity: Math.abs(f.qty),
    price: f.price,
    // Summing two decimals in binary adds noise (1.25 + 1.82 = 3.0700000000000003).
    fees: Number((f.commission + f.fees).toFixed(10)),
    multiplier: f.multiplier,
    executedAt: f.executedAt,
    broker: f.broker,
    assetType: f.assetClass,
    currency: f.currency,
    orderId: f.orderId,
    ...storedIdentity(key, f.externalTradeId, batchId, isRepeat),
    importBatchId: batchId,
    rawData: {
      format,
      line: f.line,
      underlying: f.underlying,
      commission: f.commission,
      fees: f.fees,
      openClose: f.openClose,
      origin: f.origin ?? 'execution',
      externalTradeId: f.externalTradeId,
    },
  }
}

/**
 * Imports one broker file in one transaction (every fill or none), skipping fills the journal
 * already holds, and regroups the touched campaigns. Emits `import-progress` (its `jobId` is the
 * batch id `runs.cancel` takes) and `data-changed`. A token source is released once the import
 * committed: the upload crossed once and is not needed again.
 */
export async function importFills(
  deps: Deps,
  runs: ImportRuns,
  src: FillsSource,
): Promise<ImportSummary> {
  const read = await readSource(deps, src)
  const { fileName, bytes } = read
  const result = await parseRead(deps, src, read)
  const sha = createHash('sha256')
    .update(typeof bytes === 'string' ? Buffer.from(bytes) : bytes)
    .digest('hex')
  const batchId = uuidv7()
  const total = result.fills.length
  const progress = (done: number, message: string): void =>
    deps.emit('import-progress', { jobId: batchId, kind: 'fills-import', done, total, message })
  progress(0, `${fileName}: ${total} fills read as ${result.format}`)
  runs.start(batchId)
  await yieldToEvents()
  try {
    const keys = dedupeKeys(result.fills)
    const skippedCount = result.skipped.reduce((s, x) => s + x.count, 0)
    const accounts = [...new Set(result.fills.map((f) => f.account))]
    const summary = await deps.db.transaction(async (tx) => {
      await insertImportBatch(tx, {
        id: batchId,
        fileName,
        format: result.format,
        account: accounts.length === 1 ? (accounts[0] ?? null) : null,
        fileSha256: sha,
      })
      const existing = await findExistingKeys(
        tx,
        result.fills.map((f, i) => ({ account: f.account, key: keys[i] ?? '' })),
      )
      const rows: FillInsert[] = []
      let duplicates = 0
      const lotsKnown = await lotsWithHistory(tx, result.fills)
      const warnings = [...result.warnings]
      result.fills.forEach((f, i) => {
        const key = keys[i] ?? ''
        const pair = accountKey(f.account, key)
        if (existing.live.has(pair)) duplicates++
        else if (f.origin === 'closed-lot' && lotsKnown.has(seriesKey(f.account, f.symbol))) {
          warnings.push({
            line: f.line,
            code: 'lot-opening-in-journal',
            message: `The journal already holds earlier fills of ${f.symbol} in ${f.account}; the opening this lot row describes is taken from them, not added again`,
          })
        } else rows.push(toInsert(f, key, batchId, result.format, existing.undone.has(pair)))
      })
      runs.check(batchId)
      const { inserted } = await appendFills(deps, tx, rows, async (done) => {
        progress(done, 'writing fills')
        await yieldToEvents()
        runs.check(batchId)
      })
      runs.check(batchId)
      warnings.push(...(await positionWarnings(tx, result, [])))
      // Collisions the key lookup could not foresee (another source's row with the same
      // execution id) are duplicates too.
      duplicates += rows.length - inserted.length
      await finishImportBatch(tx, batchId, {
        rowCount: total + skippedCount,
        insertedCount: inserted.length,
        skippedCount,
      })
      const out: ImportSummary = {
        batchId,
        fileName,
        format: result.format,
        zone: result.zone,
        fills: inserted.length,
        duplicates,
        skipped: result.skipped,
        warnings,
        statedTotals: result.statedTotals,
        accounts,
        // appendFills regrouped the touched series when it wrote anything.
        campaignsRebuilt: inserted.length > 0,
      }
      return out
    })
    if (src.token !== undefined) deps.uploads.release(src.token)
    progress(total, 'done')
    deps.emit('data-changed', { domains: ['fills', 'campaigns'] })
    return summary
  } finally {
    runs.finish(batchId)
  }
}

/**
 * Reads a file as `importFills` would, without writing: format, zone, the first `limit` fills,
 * how many of them the journal already holds, and errors as data. A file of one execution per
 * row is read only as far as its first `limit` rows (`isPartial`).
 */
export async function previewFills(
  deps: Deps,
  src: FillsSource & { limit: number },
): Promise<ImportPreview> {
  let read: Read
  try {
    read = await readSource(deps, src)
  } catch (cause) {
    // A file the reader refuses as unparseable (an empty one) is shown like any parse error.
    const errors = parseErrorsOf(cause)
    const fileName = errors[0]?.file ?? src.fileName ?? 'upload.csv'
    return { ...emptyPreview(fileName, null, src, []), errors }
  }
  const { fileName } = read
  const decoded = decodeText(read.bytes)
  const text = decoded.ok ? decoded.text : ''
  const detected = decoded.ok ? detectFormat(fileName, text) : null
  const chosen = src.broker === 'auto' ? (src.mapping ? 'generic' : detected) : src.broker
  // A large file of one fill per row is read only as far as the rows shown: the rows after
  // them change nothing in them. A small one is read whole, so its counts and errors are the
  // file's.
  const isLarge = text.length > PREVIEW_WHOLE_CHARS
  const cut =
    decoded.ok && isLarge && chosen !== null && isRowFormat(chosen)
      ? headRows(text, src.limit)
      : null
  const base: ImportPreview = {
    ...emptyPreview(fileName, detected, src, decoded.ok ? headCells(text) : []),
    isPartial: cut?.isPartial ?? false,
  }
  try {
    const result = await parseRead(deps, src, cut?.isPartial ? { fileName, bytes: cut.text } : read)
    // The same keys and lookup as the import, so the preview counts exactly the fills an
    // import would leave out as duplicates (the file itself, or an overlapping report).
    const keys = dedupeKeys(result.fills)
    const existing = await findExistingKeys(
      deps.db,
      result.fills.map((f, i) => ({ account: f.account, key: keys[i] ?? '' })),
    )
    const isStored = result.fills.map((f, i) =>
      existing.live.has(accountKey(f.account, keys[i] ?? '')),
    )
    const positions = await positionWarnings(
      deps.db,
      result,
      result.fills.filter((_, i) => !isStored[i]),
    )
    return {
      ...base,
      format: result.format,
      zone: result.zone,
      total: result.fills.length,
      alreadyInJournal: isStored.filter(Boolean).length,
      fills: result.fills.slice(0, src.limit).map(toPreviewFill),
      skipped: result.skipped,
      warnings: [...result.warnings, ...positions],
      statedTotals: result.statedTotals,
    }
  } catch (cause) {
    return { ...base, errors: parseErrorsOf(cause) }
  }
}

/** The errors of a `parse-error` (file, line, field, message); anything else is thrown on. */
function parseErrorsOf(cause: unknown): ImportErrorDto[] {
  if (cause instanceof AppError && cause.code === ErrorCode.ParseError) {
    return (cause.details?.errors as ImportErrorDto[] | undefined) ?? []
  }
  throw cause
}

function emptyPreview(
  fileName: string,
  detected: ImportFormat | null,
  src: FillsSource,
  head: string[][],
): ImportPreview {
  return {
    fileName,
    detected,
    format: src.broker === 'auto' ? detected : src.broker,
    zone: null,
    defaultZone: defaultZoneOf(src.broker === 'auto' ? detected : src.broker),
    head,
    total: 0,
    isPartial: false,
    alreadyInJournal: 0,
    fills: [],
    skipped: [],
    warnings: [],
    statedTotals: [],
    errors: [],
  }
}

function toPreviewFill(f: ParsedFill): PreviewFill {
  return {
    line: f.line,
    account: f.account,
    symbol: f.symbol,
    assetClass: f.assetClass,
    side: f.side,
    qty: f.qty,
    price: f.price,
    multiplier: f.multiplier,
    commission: f.commission,
    fees: f.fees,
    currency: f.currency,
    executedAt: f.executedAt,
    externalTradeId: f.externalTradeId,
    openClose: f.openClose,
  }
}

/**
 * Lets queued messages in (an `import-cancel`, a progress read). PGlite answers through
 * microtasks only, so without this a long import would hold the thread until it commits.
 */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

function defaultZoneOf(format: ImportFormat | null): string {
  // Empty when the machine names no zone the runtime knows: the trader must choose one.
  return (format ? DEFAULT_ZONES[format] : null) ?? machineZone() ?? ''
}

/** The first lines of a file as cells: what a mapping editor shows. */
function headCells(text: string): string[][] {
  // Cut first: splitting the whole of a large file for twelve lines costs what parsing it does.
  const firstLines = headRows(text, 11)
    .text.split(/\r\n|\n|\r/)
    .slice(0, 12)
    .join('\n')
  const csv = parseCsv(firstLines, guessDelimiter(firstLines))
  return csv.ok ? csv.rows.slice(0, 12).map((r) => r.fields) : []
}

/**
 * Undoes an import in one transaction: its fills leave the live ledger (the rows stay, marked by
 * the batch's `undone_at`) and the series they were in regroup. `not-found` for an unknown batch,
 * `conflict` for one already undone.
 */
export async function undoImport(deps: Deps, batchId: string): Promise<ImportUndoResult> {
  const result = await deps.db.transaction(async (tx) => {
    const batch = await getImportBatch(tx, batchId)
    if (!batch) throw new AppError(ErrorCode.NotFound, `No import ${batchId}`)
    if (!(await markImportBatchUndone(tx, batchId))) {
      throw new AppError(ErrorCode.Conflict, `Import ${batchId} was already undone`)
    }
    const series = await batchSeries(tx, batchId)
    if (series.fills > 0) {
      await rebuildCampaigns(deps, { accounts: series.accounts, symbols: series.symbols }, tx)
    }
    const after = await getImportBatch(tx, batchId)
    return {
      batchId,
      fills: series.fills,
      undoneAt: after?.undoneAt ?? new Date().toISOString(),
    }
  })
  deps.emit('data-changed', { domains: ['fills', 'campaigns'] })
  return result
}
