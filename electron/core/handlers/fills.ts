import { createHash } from 'node:crypto'
import {
  contractsWithLiveFillsBefore,
  findExistingKeys,
  finishImportBatch,
  getImportBatch,
  insertImportBatch,
  listImportBatches,
  listMappingNames,
  listStoredFills,
  liveAccountsOfBroker,
  loadMapping,
  markImportBatchUndone,
  batchSeries,
  saveMapping,
  type FillInsert,
} from '../../../db/repos/fills-repo'
import { uuidv7 } from '../../../db/uuidv7'
import { ErrorCode } from '../contract/errors'
import {
  IMPORT_FORMATS,
  mappingSchema,
  type FillsHandlers,
  type ImportErrorDto,
  type ImportFormat,
  type ImportMapping,
  type ImportPreview,
  type ImportSummary,
} from '../contract/fills'
import type { Deps } from '../deps'
import { MAX_FILLS_IMPORT_BYTES, readFileSource } from '../files/file-source'
import { seriesKey } from '../domain/journal/campaigns/fifo-campaigns'
import type { ParsedFill } from '../domain/journal/fill'
import {
  DEFAULT_ZONES,
  FORMAT_LABELS,
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
} from '../domain/journal/import/index'
import { machineZone } from '../domain/time/zone'
import { AppError } from '../errors'
import type { Handle } from '../../../db/query'
import { positionsBefore } from '../../../db/repos/positions-repo'
import { appendFills } from '../services/journal/append-fills'
import { rebuildCampaigns } from '../services/journal/campaigns'

type Source = {
  path?: string | undefined
  content?: string | undefined
  contentBase64?: string | undefined
  fileName?: string | undefined
  broker: ImportFormat | 'auto'
  account?: string | undefined
  tz?: string | undefined
  mapping?: ImportMapping | undefined
  mappingName?: string | undefined
}

// Column widths of journal.trade_fills: a value past them would abort the insert, so the import
// refuses it up front with the line and field, like any other bad input.
const WIDTHS: [keyof ParsedFill, number][] = [
  ['symbol', 20],
  ['currency', 10],
  ['broker', 100],
  ['orderId', 255],
  ['externalTradeId', 255],
]

async function readSource(src: Source): Promise<{ fileName: string; bytes: Uint8Array | string }> {
  const { fileName, data } = await readFileSource(src, 'upload.csv', MAX_FILLS_IMPORT_BYTES)
  return { fileName, bytes: data }
}

async function resolveMapping(deps: Deps, src: Source): Promise<ImportMapping | undefined> {
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

function checkWidths(fileName: string, fills: readonly ParsedFill[]): ImportErrorDto[] {
  const errors: ImportErrorDto[] = []
  for (const f of fills) {
    for (const [field, width] of WIDTHS) {
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

async function parseSource(
  deps: Deps,
  src: Source,
): Promise<{ fileName: string; bytes: Uint8Array | string; result: ParseResult; sha: string }> {
  const { fileName, bytes } = await readSource(src)
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
  const widthErrors = checkWidths(fileName, outcome.value.fills)
  if (widthErrors.length > 0) throw parseErrorOf(widthErrors)
  const sha = createHash('sha256')
    .update(typeof bytes === 'string' ? Buffer.from(bytes) : bytes)
    .digest('hex')
  return { fileName, bytes, result: outcome.value, sha }
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
    // A fill whose earlier import was undone keeps its execution id in raw_data only: the
    // undone row still holds the (account, execution id) slot of the ledger's unique index.
    externalTradeId: isRepeat ? null : f.externalTradeId,
    // An execution id is its own key (the ledger's unique execution-id index guards it), so the
    // content-hash column holds only the keys of fills without one, and of repeats.
    contentHash: isRepeat ? `${key}~${batchId}` : key.startsWith('id:') ? null : key,
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

/** Handlers of the `fills-*` and `import-*` channels. */
export function fillsHandlers(deps: Deps): FillsHandlers {
  // Running imports by batch id; `import-cancel` flips the flag, the import checks it between
  // chunks and throws, which rolls its transaction back.
  const running = new Map<string, { isCancelled: boolean }>()
  const checkCancelled = (batchId: string): void => {
    if (running.get(batchId)?.isCancelled) {
      throw new AppError(
        ErrorCode.Cancelled,
        `Import ${batchId} was cancelled; nothing was written`,
      )
    }
  }
  return {
    'fills-import': async (input) => {
      const { fileName, result, sha } = await parseSource(deps, input)
      const batchId = uuidv7()
      const total = result.fills.length
      const progress = (done: number, message: string): void =>
        deps.emit('import-progress', { jobId: batchId, kind: 'fills-import', done, total, message })
      progress(0, `${fileName}: ${total} fills read as ${result.format}`)
      running.set(batchId, { isCancelled: false })
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
            const pair = `${f.account}\u0000${key}`
            if (existing.live.has(pair)) duplicates++
            else if (f.origin === 'closed-lot' && lotsKnown.has(seriesKey(f.account, f.symbol))) {
              warnings.push({
                line: f.line,
                code: 'lot-opening-in-journal',
                message: `The journal already holds earlier fills of ${f.symbol} in ${f.account}; the opening this lot row describes is taken from them, not added again`,
              })
            } else rows.push(toInsert(f, key, batchId, result.format, existing.undone.has(pair)))
          })
          checkCancelled(batchId)
          const { inserted } = await appendFills(deps, tx, rows, async (done) => {
            progress(done, 'writing fills')
            await yieldToEvents()
            checkCancelled(batchId)
          })
          checkCancelled(batchId)
          warnings.push(...(await positionWarnings(tx, result, [])))
          // Collisions the key lookup could not foresee (another source's row with the same
          // execution id) are duplicates too.
          duplicates += rows.length - inserted.length
          await finishImportBatch(tx, batchId, {
            rowCount: total + skippedCount,
            insertedCount: inserted.length,
            skippedCount,
          })
          // appendFills regrouped the touched series when it wrote anything.
          const campaignsRebuilt = inserted.length > 0
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
            campaignsRebuilt,
          }
          return out
        })
        progress(total, 'done')
        deps.emit('data-changed', { domains: ['fills', 'campaigns'] })
        return summary
      } finally {
        running.delete(batchId)
      }
    },

    'import-cancel': ({ batchId }) => {
      const job = running.get(batchId)
      if (job) job.isCancelled = true
      return Promise.resolve({ cancelled: job !== undefined })
    },

    'fills-preview': async (input) => {
      const { fileName, bytes } = await readSource(input)
      const decoded = decodeText(bytes)
      const text = decoded.ok ? decoded.text : ''
      const detected = decoded.ok ? detectFormat(fileName, text) : null
      const head = decoded.ok ? headCells(text) : []
      const base: ImportPreview = {
        fileName,
        detected,
        format: input.broker === 'auto' ? detected : input.broker,
        zone: null,
        defaultZone: defaultZoneOf(input.broker === 'auto' ? detected : input.broker),
        head,
        total: 0,
        alreadyInJournal: 0,
        fills: [],
        skipped: [],
        warnings: [],
        statedTotals: [],
        errors: [],
      }
      try {
        const { result } = await parseSource(deps, input)
        // The same keys and lookup as the import, so the preview counts exactly the fills an
        // import would leave out as duplicates (the file itself, or an overlapping report).
        const keys = dedupeKeys(result.fills)
        const existing = await findExistingKeys(
          deps.db,
          result.fills.map((f, i) => ({ account: f.account, key: keys[i] ?? '' })),
        )
        const isStored = result.fills.map((f, i) =>
          existing.live.has(`${f.account}\u0000${keys[i] ?? ''}`),
        )
        const alreadyInJournal = isStored.filter(Boolean).length
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
          alreadyInJournal,
          fills: result.fills.slice(0, input.limit).map((f) => ({
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
          })),
          skipped: result.skipped,
          warnings: [...result.warnings, ...positions],
          statedTotals: result.statedTotals,
        }
      } catch (err) {
        if (err instanceof AppError && err.code === ErrorCode.ParseError) {
          return { ...base, errors: (err.details?.errors as ImportErrorDto[] | undefined) ?? [] }
        }
        throw err
      }
    },

    'fills-list': async (input) => {
      const filter: Parameters<typeof listStoredFills>[1] = {
        offset: input.offset,
        limit: input.limit,
        includeUndone: input.includeUndone,
        sort: input.sort,
        direction: input.direction,
      }
      if (input.account !== undefined) filter.account = input.account
      if (input.symbol !== undefined) filter.symbol = input.symbol
      if (input.broker !== undefined) filter.broker = input.broker
      if (input.batchId !== undefined) filter.batchId = input.batchId
      const page = await listStoredFills(deps.db, filter)
      return { total: page.total, offset: input.offset, rows: page.rows }
    },

    'import-undo': async ({ batchId }) => {
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
    },

    'import-list': async ({ limit }) => {
      const batches = await listImportBatches(deps.db, limit)
      return batches.map((b) => ({
        id: b.id,
        fileName: b.fileName,
        format: b.format,
        account: b.account,
        rowCount: b.rowCount,
        insertedCount: b.insertedCount,
        skippedCount: b.skippedCount,
        createdAt: b.createdAt,
        undoneAt: b.undoneAt,
      }))
    },

    'import-formats': () =>
      Promise.resolve(
        IMPORT_FORMATS.map((id) => ({
          id,
          label: FORMAT_LABELS[id],
          defaultZone: DEFAULT_ZONES[id],
        })),
      ),

    'import-save-mapping': async ({ name, mapping }) => {
      await saveMapping(deps.db, name, mapping)
      return { name }
    },

    'import-get-mapping': async ({ name }) => {
      const parsed = mappingSchema.safeParse(await loadMapping(deps.db, name))
      return parsed.success ? parsed.data : null
    },

    'import-list-mappings': () => listMappingNames(deps.db),
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
  const firstLines = text
    .split(/\r\n|\n|\r/)
    .slice(0, 12)
    .join('\n')
  const csv = parseCsv(firstLines, guessDelimiter(firstLines))
  return csv.ok ? csv.rows.slice(0, 12).map((r) => r.fields) : []
}
