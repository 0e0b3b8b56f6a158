import { resolve } from 'node:path'
import type { BarsImportResult, BarsPreview, SeriesCoverage } from '../../core/contract/market'
import { intOpt, opt, requireOpt, UsageError } from '../args'
import type { Command, CommandContext } from '../command'

function positional(ctx: CommandContext, what: string): string {
  const value = ctx.args.positionals[0]
  if (!value) throw new UsageError(`${what} is required`)
  return value
}

function formatImport(r: BarsImportResult): string {
  const lines = [
    `${r.symbol} ${r.timeframe}: ${r.rows} bars ${r.first.slice(0, 19)} … ${r.last.slice(0, 19)}`,
    `  stored ${r.inserted} new, ${r.duplicates} already present`,
  ]
  for (const w of r.warnings) lines.push(`  warning: ${w}`)
  return lines.join('\n')
}

function formatPreview(p: BarsPreview): string {
  if (!p.isValid) {
    return [
      p.message ?? 'invalid',
      ...p.issues.map((i) => `  ${i.file}:${i.line} ${i.field}: ${i.message}`),
    ].join('\n')
  }
  const layout = p.layout
  const lines = [
    `${p.total} bars ${p.first ?? ''} … ${p.last ?? ''}`,
    `time: ${layout?.timeColumn ?? ''}${layout?.clockColumn ? ` + ${layout.clockColumn}` : ''} (${layout?.timeKind ?? ''}), volume: ${layout?.volume ?? 'none'}${layout?.ignored.length ? `, ignored: ${layout.ignored.join(', ')}` : ''}`,
  ]
  for (const r of p.rows)
    lines.push(
      `  ${String(r.line).padStart(6)}  ${r.time}  ${r.open} ${r.high} ${r.low} ${r.close} ${r.volume}`,
    )
  for (const w of p.warnings) lines.push(`warning: ${w}`)
  return lines.join('\n')
}

function formatCoverage(rows: SeriesCoverage[]): string {
  if (rows.length === 0) return 'No bars stored.'
  return rows
    .map((c) => {
      const head = `${c.symbol.padEnd(10)} ${c.timeframe.padEnd(7)} ${String(c.bars).padStart(8)} bars  ${c.first.slice(0, 10)} … ${c.last.slice(0, 10)}  ${c.gapCount} gaps (${c.missingBars} bars missing)`
      const gaps = c.gaps
        .slice(0, 5)
        .map((g) => `    gap after ${g.after.slice(0, 19)}: ${g.missing} missing`)
      return [head, ...gaps].join('\n')
    })
    .join('\n')
}

export const marketCommands: Command[] = [
  {
    path: ['bars', 'import'],
    usage:
      'edgebook [--data-dir DIR] bars import FILE --symbol SYM --timeframe 1Min|15Min|1Hour|1Day|… [--tz ZONE] [--json]',
    summary:
      'Import OHLCV bars from a CSV or Parquet file (all rows or none; re-import adds nothing)',
    needsCore: true,
    async run(ctx) {
      const file = positional(ctx, 'FILE')
      const tz = opt(ctx.args, 'tz')
      const result = await ctx.call('bars-import', {
        path: resolve(file),
        symbol: requireOpt(ctx.args, 'symbol'),
        timeframe: requireOpt(ctx.args, 'timeframe'),
        ...(tz ? { tz } : {}),
      })
      ctx.print(result, formatImport)
    },
  },
  {
    path: ['bars', 'preview'],
    usage: 'edgebook [--data-dir DIR] bars preview FILE [--tz ZONE] [--limit N] [--json]',
    summary: 'Show how a bar file would be read, without writing anything',
    needsCore: true,
    async run(ctx) {
      const file = positional(ctx, 'FILE')
      const tz = opt(ctx.args, 'tz')
      const limit = intOpt(ctx.args, 'limit')
      const preview = await ctx.call('bars-preview', {
        path: resolve(file),
        ...(tz ? { tz } : {}),
        ...(limit ? { limit } : {}),
      })
      ctx.print(preview, formatPreview)
      if (!preview.isValid) process.exitCode = 1
    },
  },
  {
    path: ['bars', 'coverage'],
    usage:
      'edgebook [--data-dir DIR] bars coverage [--symbol SYM] [--timeframe TF] [--min-missing N] [--json]',
    summary: 'Stored series with their range and gaps (weekday-aware)',
    needsCore: true,
    async run(ctx) {
      const symbol = opt(ctx.args, 'symbol')
      const timeframe = opt(ctx.args, 'timeframe')
      const minMissing = intOpt(ctx.args, 'min-missing')
      const rows = await ctx.call('bars-coverage', {
        ...(symbol ? { symbol } : {}),
        ...(timeframe ? { timeframe } : {}),
        ...(minMissing ? { minMissing } : {}),
      })
      ctx.print(rows, formatCoverage)
    },
  },
  {
    path: ['bars', 'fetch'],
    usage:
      'edgebook [--data-dir DIR] bars fetch --provider alpaca|polygon --symbol SYM --timeframe TF --from DATE --to DATE [--base-url URL] [--json]  (keys from EDGEBOOK_ALPACA_KEY_ID/EDGEBOOK_ALPACA_SECRET_KEY or EDGEBOOK_POLYGON_API_KEY)',
    summary: 'Fetch bars from Alpaca or Polygon, asking only for the ranges not stored yet',
    needsCore: true,
    async run(ctx) {
      const provider = requireOpt(ctx.args, 'provider')
      if (provider !== 'alpaca' && provider !== 'polygon')
        throw new UsageError('--provider must be alpaca or polygon')
      const baseUrl = opt(ctx.args, 'base-url')
      const result = await ctx.call('bars-fetch', {
        provider,
        symbol: requireOpt(ctx.args, 'symbol'),
        timeframe: requireOpt(ctx.args, 'timeframe'),
        from: requireOpt(ctx.args, 'from'),
        to: requireOpt(ctx.args, 'to'),
        ...(baseUrl ? { baseUrl } : {}),
      })
      ctx.print(result, (r) =>
        r.requested.length === 0
          ? `${r.symbol} ${r.timeframe}: already stored, nothing fetched`
          : `${r.symbol} ${r.timeframe}: fetched ${r.fetched} bars in ${r.requested.length} range(s), ${r.inserted} new`,
      )
    },
  },
  {
    path: ['bars', 'aggregate'],
    usage:
      'edgebook [--data-dir DIR] bars aggregate --symbol SYM --from 1Min --to 1Hour [--tz ZONE] [--json]',
    summary: 'Aggregate a stored series into a coarser timeframe and store it',
    needsCore: true,
    async run(ctx) {
      const tz = opt(ctx.args, 'tz')
      const result = await ctx.call('bars-aggregate', {
        symbol: requireOpt(ctx.args, 'symbol'),
        from: requireOpt(ctx.args, 'from'),
        to: requireOpt(ctx.args, 'to'),
        ...(tz ? { tz } : {}),
      })
      ctx.print(result, (r) => ('inserted' in r ? formatImport(r) : `${r.time.length} bars`))
    },
  },
]
