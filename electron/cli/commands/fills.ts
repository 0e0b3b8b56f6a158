import { resolve } from 'node:path'
import type {
  FillPage,
  ImportBatchDto,
  ImportErrorDto,
  ImportPreview,
  ImportSummary,
  RawIn,
} from '../../core/contract/index'
import {
  FILL_SORTS,
  IMPORT_FORMATS,
  type FillSort,
  type ImportFormat,
} from '../../core/contract/fills'
import { AppError } from '../../core/errors'
import { intOpt, opt, UsageError, type ParsedArgs } from '../args'
import type { Command } from '../command'

function fileSource(args: ParsedArgs, what: string): RawIn<'fills-import'> {
  const file = args.positionals[0]
  if (!file) throw new UsageError(`${what} needs a FILE`)
  const broker = opt(args, 'broker') ?? 'auto'
  if (broker !== 'auto' && !(IMPORT_FORMATS as readonly string[]).includes(broker)) {
    throw new UsageError(`--broker must be auto or one of ${IMPORT_FORMATS.join(', ')}`)
  }
  const input: RawIn<'fills-import'> = {
    path: resolve(file),
    broker: broker as ImportFormat | 'auto',
  }
  const account = opt(args, 'account')
  const tz = opt(args, 'tz')
  const mapping = opt(args, 'mapping')
  if (account !== undefined) input.account = account
  if (tz !== undefined) input.tz = tz
  if (mapping !== undefined) input.mappingName = mapping
  return input
}

/** Lists every row error of a parse failure on stderr before the usual one-line error. */
async function withRowErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    const errors = err instanceof AppError ? err.details?.errors : undefined
    if (Array.isArray(errors) && errors.length > 1) {
      for (const e of errors as ImportErrorDto[]) {
        process.stderr.write(`  ${e.file}:${e.line} ${e.field}: ${e.message}\n`)
      }
    }
    throw err
  }
}

function summaryText(s: ImportSummary): string {
  const lines = [
    `Imported ${s.fileName} as ${s.format}${s.zone ? ` (times in ${s.zone})` : ''}`,
    `batch       ${s.batchId}`,
    `fills       ${s.fills} added, ${s.duplicates} already stored`,
    `accounts    ${s.accounts.join(', ')}`,
  ]
  if (s.skipped.length > 0) {
    lines.push(`skipped     ${s.skipped.map((x) => `${x.count} ${x.reason}`).join(', ')}`)
  }
  for (const t of s.statedTotals) {
    lines.push(`stated      ${t.label} ${t.symbol ?? 'total'}: ${t.amount} ${t.currency}`)
  }
  for (const w of s.warnings) lines.push(`warning     line ${w.line}: ${w.message}`)
  return lines.join('\n')
}

function previewText(p: ImportPreview): string {
  const lines = [
    `${p.fileName}: ${p.format ?? 'unknown format'}${p.zone ? `, times in ${p.zone}` : ''}, ${p.total} fills`,
  ]
  for (const f of p.fills) {
    lines.push(
      `  ${String(f.line).padStart(5)}  ${f.executedAt}  ${f.account}  ${f.symbol}  ${f.qty} @ ${f.price}`,
    )
  }
  for (const e of p.errors) lines.push(`error ${e.file}:${e.line} ${e.field}: ${e.message}`)
  return lines.join('\n')
}

function batchesText(list: ImportBatchDto[]): string {
  if (list.length === 0) return 'No imports.'
  return list
    .map((b) =>
      [
        b.createdAt.slice(0, 19).replace('T', ' '),
        b.id,
        b.format.padEnd(22),
        `${b.insertedCount} fills`,
        b.undoneAt ? 'UNDONE' : '',
        b.fileName,
      ].join('  '),
    )
    .join('\n')
}

function fillsText(page: FillPage): string {
  const rows = page.rows.map((f) =>
    [
      f.executedAt,
      f.account,
      f.symbol,
      f.side,
      String(f.qty),
      String(f.price),
      String(f.fees),
    ].join('  '),
  )
  return [`${page.total} fills (from ${page.offset})`, ...rows].join('\n')
}

export const fillsCommands: Command[] = [
  {
    path: ['import', 'fills'],
    usage:
      'edgebook [--data-dir DIR] import fills FILE [--broker auto|NAME] [--account NAME] [--tz ZONE] [--mapping NAME] [--json]',
    summary: 'Import a broker export into the journal (one transaction; re-imports add nothing)',
    needsCore: true,
    async run(ctx) {
      const input = fileSource(ctx.args, 'import fills')
      const summary = await withRowErrors(() => ctx.call('fills-import', input))
      ctx.print(summary, summaryText)
    },
  },
  {
    path: ['import', 'preview'],
    usage:
      'edgebook [--data-dir DIR] import preview FILE [--broker auto|NAME] [--account NAME] [--tz ZONE] [--json]',
    summary: 'Show how a broker file would import, without writing',
    needsCore: true,
    async run(ctx) {
      const preview = await ctx.call('fills-preview', fileSource(ctx.args, 'import preview'))
      ctx.print(preview, previewText)
      if (preview.errors.length > 0) process.exitCode = 1
    },
  },
  {
    path: ['import', 'undo'],
    usage: 'edgebook [--data-dir DIR] import undo BATCH_ID [--json]',
    summary: 'Undo a whole import (its fills leave every live view; the ledger keeps them)',
    needsCore: true,
    async run(ctx) {
      const batchId = ctx.args.positionals[0]
      if (!batchId) throw new UsageError('import undo needs a BATCH_ID')
      const result = await ctx.call('import-undo', { batchId })
      ctx.print(result, (r) => `Undid import ${r.batchId}: ${r.fills} fills.`)
    },
  },
  {
    path: ['import', 'list'],
    usage: 'edgebook [--data-dir DIR] import list [--limit N] [--json]',
    summary: 'Imports, newest first',
    needsCore: true,
    async run(ctx) {
      const limit = opt(ctx.args, 'limit')
      const list = await ctx.call('import-list', limit ? { limit: Number(limit) } : {})
      ctx.print(list, batchesText)
    },
  },
  {
    path: ['fills'],
    usage:
      'edgebook [--data-dir DIR] fills [--account TEXT] [--symbol TEXT] [--broker TEXT] [--sort COLUMN] [--desc] [--offset N] [--limit N] [--json]',
    summary: 'Stored fills, newest first unless --sort orders them',
    options: [
      '  --account, --symbol, --broker TEXT',
      '                               keep fills whose value holds TEXT, in any case ("nv" finds',
      '                               NVDA)',
      `  --sort COLUMN                ${FILL_SORTS.join(', ')}: ascending`,
      '  --desc                       descending (alone: newest first, as without --sort)',
      '  --offset N, --limit N        a page of the whole ordered set (default 0, 200)',
      '  --json                       print the page as JSON',
    ],
    needsCore: true,
    async run(ctx) {
      const input: RawIn<'fills-list'> = {}
      const account = opt(ctx.args, 'account')
      const symbol = opt(ctx.args, 'symbol')
      const broker = opt(ctx.args, 'broker')
      const sort = opt(ctx.args, 'sort')
      const offset = intOpt(ctx.args, 'offset')
      const limit = intOpt(ctx.args, 'limit')
      if (account !== undefined) input.account = account
      if (symbol !== undefined) input.symbol = symbol
      if (broker !== undefined) input.broker = broker
      if (sort !== undefined) {
        if (!(FILL_SORTS as readonly string[]).includes(sort)) {
          throw new UsageError(`--sort must be one of ${FILL_SORTS.join(', ')}`)
        }
        input.sort = sort as FillSort
      }
      // --sort alone reads ascending; with no --sort the order stays newest first.
      if (ctx.args.flags.has('desc')) input.direction = 'desc'
      else if (sort !== undefined) input.direction = 'asc'
      if (offset !== undefined) input.offset = offset
      if (limit !== undefined) input.limit = limit
      ctx.print(await ctx.call('fills-list', input), fillsText)
    },
  },
]
