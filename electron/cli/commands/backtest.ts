import { basename, resolve } from 'node:path'
import type {
  BacktestCompareDto,
  BacktestRunDto,
  BacktestStatsDto,
  BacktestSummaryDto,
  BatchJobDto,
  BatchRunDto,
  HeatmapDto,
  RawIn,
  StrategiesDto,
  StrategyFamilyDto,
} from '../../core/contract/index'
import { ErrorCode } from '../../core/contract/errors'
import { AppError } from '../../core/errors'
import { readFileSource } from '../../core/files/file-source'
import { opt, opts, requireOpt, UsageError, type ParsedArgs } from '../args'
import type { Command, CommandContext } from '../command'
import { lineOfPath, parseJsonText } from '../json-lines'
import { serverUrl } from './sync'

function num(name: string, text: string): number {
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`${name}: "${text}" is not a number`)
  return n
}

/** `--param k=v` options as a map of numbers. */
function paramsOf(args: ParsedArgs): Record<string, number> {
  const params: Record<string, number> = {}
  for (const item of opts(args, 'param')) {
    const eq = item.indexOf('=')
    if (eq < 1) throw new UsageError(`--param ${item}: expected name=value`)
    params[item.slice(0, eq)] = num(`--param ${item.slice(0, eq)}`, item.slice(eq + 1))
  }
  return params
}

/** `--grid k=a..b:step`, `k=a..b` (step 1) or `k=v1,v2,…` as grid axes. */
export function gridOf(
  items: readonly string[],
): (
  { name: string; from: number; to: number; step: number } | { name: string; values: number[] }
)[] {
  return items.map((item) => {
    const eq = item.indexOf('=')
    if (eq < 1) throw new UsageError(`--grid ${item}: expected name=a..b:step or name=v1,v2`)
    const name = item.slice(0, eq)
    const spec = item.slice(eq + 1)
    const range = /^(-?[\d.]+)\.\.(-?[\d.]+)(?::([\d.]+))?$/.exec(spec)
    if (range) {
      return {
        name,
        from: num(name, range[1] as string),
        to: num(name, range[2] as string),
        step: range[3] ? num(name, range[3]) : 1,
      }
    }
    return { name, values: spec.split(',').map((v) => num(name, v)) }
  })
}

/** `--sizing all|fraction:F|units:N|risk:F` as the engine's sizing. */
function sizingOf(text: string): Record<string, unknown> {
  const m = /^(all|fraction|units|risk)(?:[:=](.+))?$/.exec(text.trim())
  if (!m) throw new UsageError(`--sizing ${text}: expected all, fraction:F, units:N or risk:F`)
  const type = m[1] as string
  if (type === 'all') {
    if (m[2] !== undefined) throw new UsageError(`--sizing ${text}: "all" takes no value`)
    return { type }
  }
  if (m[2] === undefined) throw new UsageError(`--sizing ${text}: "${type}" needs a value`)
  return { type, value: num(`--sizing ${type}`, m[2]) }
}

/** `on|off` (or true/false, yes/no, 1/0) as a boolean. */
function switchOf(name: string, text: string): boolean {
  const t = text.trim().toLowerCase()
  if (['on', 'true', 'yes', '1'].includes(t)) return true
  if (['off', 'false', 'no', '0'].includes(t)) return false
  throw new UsageError(`--${name} ${text}: expected on or off`)
}

/** The order options (`--entry`, `--stop-loss`, …) as the engine's `orders`, or undefined. */
function ordersOf(args: ParsedArgs): Record<string, unknown> | undefined {
  const orders: Record<string, unknown> = {}
  const entry = opt(args, 'entry')
  if (entry !== undefined) {
    if (!['market', 'limit', 'stop'].includes(entry))
      throw new UsageError(`--entry ${entry}: expected market, limit or stop`)
    orders['entry'] = entry
  }
  const percents = [
    ['entry-offset', 'entryOffsetPct'],
    ['stop-loss', 'stopLossPct'],
    ['take-profit', 'takeProfitPct'],
    ['trailing-stop', 'trailingStopPct'],
  ] as const
  for (const [flag, key] of percents) {
    const value = opt(args, flag)
    if (value !== undefined) orders[key] = num(`--${flag}`, value)
  }
  const atr = opt(args, 'trailing-atr')
  if (atr !== undefined) {
    const m = /^([^:=]+)[:=]([^:=]+)$/.exec(atr)
    if (!m) throw new UsageError(`--trailing-atr ${atr}: expected PERIOD:MULTIPLE, e.g. 14:3`)
    orders['trailingAtr'] = {
      period: num('--trailing-atr period', m[1] as string),
      multiple: num('--trailing-atr multiple', m[2] as string),
    }
  }
  return Object.keys(orders).length ? orders : undefined
}

/** The run options shared by `backtest` and `batch`. */
export function runOptions(ctx: CommandContext): Record<string, unknown> {
  const args = ctx.args
  const out: Record<string, unknown> = {
    symbol: requireOpt(args, 'symbol'),
    timeframe: opt(args, 'timeframe') ?? '1Day',
    strategy: requireOpt(args, 'strategy'),
    params: paramsOf(args),
  }
  for (const key of ['cash', 'commission', 'spread', 'slippage', 'margin'] as const) {
    const value = opt(args, key)
    if (value !== undefined) out[key] = num(`--${key}`, value)
  }
  // Per-unit and fixed commissions make the commission an object; the rate stays a part of it.
  const perUnit = opt(args, 'commission-per-unit')
  const fixed = opt(args, 'commission-fixed')
  if (perUnit !== undefined || fixed !== undefined) {
    out['commission'] = {
      rate: typeof out['commission'] === 'number' ? out['commission'] : 0,
      ...(perUnit !== undefined ? { perUnit: num('--commission-per-unit', perUnit) } : {}),
      ...(fixed !== undefined ? { fixed: num('--commission-fixed', fixed) } : {}),
    }
  }
  const sizing = opt(args, 'sizing')
  if (sizing !== undefined) out['sizing'] = sizingOf(sizing)
  const units = opt(args, 'units')
  if (units !== undefined) {
    if (units !== 'whole' && units !== 'fractional')
      throw new UsageError(`--units ${units}: expected whole or fractional`)
    out['units'] = units
  }
  const orders = ordersOf(args)
  if (orders) out['orders'] = orders
  const finalize = opt(args, 'finalize-trades')
  if (finalize !== undefined) out['finalizeTrades'] = switchOf('finalize-trades', finalize)
  const convention = opt(args, 'stats')
  if (convention !== undefined) {
    if (convention !== '0.6.6' && convention !== '0.6.5')
      throw new UsageError(`--stats ${convention}: expected 0.6.6 or 0.6.5`)
    out['statsConvention'] = convention
  }
  for (const key of ['from', 'to'] as const) {
    const value = opt(args, key)
    if (value !== undefined) out[key] = value
  }
  return out
}

/** `--help` lines of the run options shared by `backtest` and `batch`. */
export const RUN_OPTION_HELP = [
  '  --symbol SYM                 stored bars to test (`bars import` first)',
  '  --timeframe TF               bar timeframe (default 1Day)',
  '  --strategy NAME|user:ID      a built-in strategy (`strategies` lists them) or a saved rule',
  '                               strategy (`strategies save FILE` prints its ID)',
  '  --param NAME=VALUE           a strategy parameter; repeat for each',
  '  --cash N                     starting cash (default 10000)',
  '  --commission F               commission as a fraction of traded value, charged on entry and',
  '                               exit (0.002 = 0.2 %; default 0)',
  '  --commission-per-unit N      cash per unit traded, added to the rate',
  '  --commission-fixed N         cash per order, added to the rate',
  '  --spread F                   bid-ask spread as a fraction of price, paid on entry (default 0)',
  '  --slippage F                 extra adverse fill as a fraction of price on entries and exits',
  '                               (default 0; not part of backtesting.py)',
  '  --margin F                   margin ratio: 1 = no leverage, 0.5 = 2:1 (default 1)',
  '  --sizing all|fraction:F|units:N|risk:F',
  '                               size of each entry: all available cash (default), a fraction',
  '                               0 < F < 1 of it, N units, or risking F of equity between entry',
  '                               and stop-loss (needs --stop-loss)',
  '  --units whole|fractional     whole units (default) or fractional sizes',
  '  --entry market|limit|stop    entry order type (default market: next bar open)',
  '  --entry-offset PCT           limit below / stop above the signal close for longs, mirrored',
  '                               for shorts, in percent (default 0)',
  '  --stop-loss PCT              stop-loss this many percent from the entry price',
  '  --take-profit PCT            take-profit this many percent from the entry price',
  '  --trailing-stop PCT          stop trailing this many percent behind each close (only tightens)',
  '  --trailing-atr PERIOD:MULT   stop trailing MULT average true ranges of PERIOD bars behind',
  '                               each close (only tightens)',
  '  --finalize-trades on|off     close trades still open on the last bar and count them',
  '                               (default on, backtesting.py finalize_trades=True)',
  '  --stats 0.6.6|0.6.5          statistics definitions of that backtesting.py release (default',
  '                               0.6.6; 0.6.5 for figures published before it)',
  '  --from DATE, --to DATE       test only the bars in this range (inclusive)',
] as const

function fmt(v: unknown): string {
  if (v === null || v === undefined) return '-'
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4)
  return typeof v === 'string' ? v : JSON.stringify(v)
}

function formatStats(stats: BacktestStatsDto | Partial<BacktestStatsDto>): string {
  return Object.entries(stats)
    .map(([k, v]) => `  ${k.padEnd(26)} ${fmt(v)}`)
    .join('\n')
}

function formatRun(
  r: Pick<BacktestRunDto, 'mode' | 'semantics' | 'strategy' | 'stats' | 'trades'> & {
    id: number | null
  },
): string {
  return [
    `${r.strategy.name} ${JSON.stringify(r.strategy.params)} (${r.mode} mode)${r.id ? `, stored as #${r.id}` : ''}`,
    formatStats(r.stats),
    `  trades listed: ${r.trades.length}`,
  ].join('\n')
}

function formatJob(job: BatchJobDto, top: BatchRunDto[]): string {
  const lines = [
    `job ${job.id}  ${job.status}  ${job.completed}/${job.total}${job.truncated ? ' (grid truncated by cap)' : ''}`,
    `  ${job.name}`,
  ]
  if (job.summary?.best)
    lines.push(
      `  best ${job.summary.metric} ${fmt(job.summary.best.value)} at ${JSON.stringify(job.summary.best.variables)}`,
    )
  if (job.summary?.worst)
    lines.push(
      `  worst ${job.summary.metric} ${fmt(job.summary.worst.value)} at ${JSON.stringify(job.summary.worst.variables)}`,
    )
  for (const r of top)
    lines.push(
      `  #${r.runIndex} ${JSON.stringify(r.variables)} return ${fmt(r.metrics.returnPct)}% sharpe ${fmt(r.metrics.sharpe)} trades ${fmt(r.metrics.trades)}`,
    )
  return lines.join('\n')
}

function formatHeatmap(h: HeatmapDto): string {
  const head =
    `${h.y.name}\\${h.x.name}`.padEnd(12) + h.x.values.map((v) => fmt(v).padStart(10)).join('')
  const rows = h.y.values.map(
    (y, i) => fmt(y).padEnd(12) + (h.cells[i] ?? []).map((c) => fmt(c).padStart(10)).join(''),
  )
  return [`${h.metric}`, head, ...rows].join('\n')
}

/** `--where sharpe>1` conditions. */
function whereOf(items: readonly string[]): { metric: string; op: string; value: number }[] {
  return items.map((item) => {
    const m = /^([A-Za-z]+)\s*(>=|<=|!=|>|<|=)\s*(-?[\d.]+)$/.exec(item)
    if (!m) throw new UsageError(`--where ${item}: expected metric>value (ops > >= < <= = !=)`)
    return { metric: m[1] as string, op: m[2] as string, value: num(item, m[3] as string) }
  })
}

/** Largest rule strategy file read: far above any hand-written strategy. */
const MAX_RULES_BYTES = 1024 * 1024

function baseName(file: string): string {
  return basename(file).replace(/\.json$/i, '')
}

function stringField(value: Record<string, unknown>, key: string): string | undefined {
  const v = value[key]
  return typeof v === 'string' ? v : undefined
}

/**
 * Reads a rule strategy file: a JSON object. A syntax error names the file, line and column; the
 * line of every field is kept so the engine's complaints can name it too.
 */
async function readRulesFile(file: string): Promise<{
  fileName: string
  value: Record<string, unknown>
  lines: Map<string, number>
}> {
  const source = await readFileSource({ path: resolve(file) }, basename(file), MAX_RULES_BYTES)
  const text =
    typeof source.data === 'string' ? source.data : new TextDecoder('utf-8').decode(source.data)
  const parsed = parseJsonText(text)
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem
    throw new AppError(
      ErrorCode.InvalidInput,
      `${source.fileName} line ${line} column ${column}: not valid JSON (${message})`,
    )
  }
  const value = parsed.json.value
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `${source.fileName} line 1: a rule strategy is a JSON object with "elements"`,
    )
  }
  return {
    fileName: source.fileName,
    value: value as Record<string, unknown>,
    lines: parsed.json.lines,
  }
}

/** An `invalid-input` about `rules.…` paths, restated with the file and the line of each field. */
function locateIssues(err: unknown, fileName: string, lines: Map<string, number>): unknown {
  if (!(err instanceof AppError) || err.code !== ErrorCode.InvalidInput) return err
  // Each issue keeps the field's path and says where the field is in the file.
  const fields = (err.issues ?? [])
    .filter((i) => i.path[0] === 'rules')
    .map((i) => {
      const path = i.path.slice(1)
      const where = `${fileName} line ${lineOfPath(lines, path)}`
      return { path, where, message: i.message }
    })
  const first = fields[0]
  if (!first) return err
  return new AppError(
    ErrorCode.InvalidInput,
    `${first.where}, field ${first.path.join('.') || '(top level)'}: ${first.message}`,
    { issues: fields.map((f) => ({ path: f.path, message: `${f.where}: ${f.message}` })) },
  )
}

export const backtestCommands: Command[] = [
  {
    path: ['backtest'],
    usage:
      'edgebook [--data-dir DIR] backtest --symbol SYM [--timeframe 1Day] --strategy NAME|user:ID [--param k=v …] [run options] [--dry-run] [--json]',
    summary: 'Run one backtest on stored bars (reference semantics) and store it',
    options: [
      ...RUN_OPTION_HELP,
      '  --dry-run                    run without storing the result',
      '  --json                       print the result as JSON',
    ],
    needsCore: true,
    async run(ctx) {
      const input = {
        ...runOptions(ctx),
        save: !ctx.args.flags.has('dry-run'),
      }
      const r = await ctx.call('backtest-run', input as never)
      const out = {
        id: r.id,
        mode: r.mode,
        semantics: r.semantics,
        strategy: r.strategy,
        stats: r.stats,
        trades: r.trades,
      }
      ctx.print(out, formatRun)
    },
  },
  {
    path: ['backtest', 'list'],
    usage: 'edgebook [--data-dir DIR] backtest list [--symbol SYM] [--json]',
    summary: 'Stored backtests, newest first',
    needsCore: true,
    async run(ctx) {
      const symbol = opt(ctx.args, 'symbol')
      const rows = await ctx.call('backtest-list', symbol ? { symbol } : {})
      ctx.print(rows, (list: BacktestSummaryDto[]) =>
        list.length === 0
          ? 'No stored backtests.'
          : list
              .map(
                (b) =>
                  `#${b.id} ${b.symbol ?? ''} ${b.timeframe ?? ''} ${b.strategy} ${JSON.stringify(b.params)} return ${fmt(b.returnPct)}% sharpe ${fmt(b.sharpe)}`,
              )
              .join('\n'),
      )
    },
  },
  {
    path: ['backtest', 'show'],
    usage: 'edgebook [--data-dir DIR] backtest show ID [--json]',
    summary: 'One stored backtest',
    needsCore: true,
    async run(ctx) {
      const id = num('ID', ctx.args.positionals[0] ?? '')
      const r = await ctx.call('backtest-get', { id })
      ctx.print(
        {
          id: r.id,
          mode: r.mode,
          semantics: r.semantics,
          strategy: r.strategy,
          spec: r.spec,
          stats: r.stats,
          trades: r.trades,
        },
        formatRun,
      )
    },
  },
  {
    path: ['backtest', 'compare'],
    usage: 'edgebook [--data-dir DIR] backtest compare ID_A ID_B [--json]',
    summary: 'Two stored backtests metric by metric',
    needsCore: true,
    async run(ctx) {
      const [a, b] = ctx.args.positionals
      const cmp = await ctx.call('backtest-compare', {
        a: num('ID_A', a ?? ''),
        b: num('ID_B', b ?? ''),
      })
      ctx.print(
        { a: cmp.a.id, b: cmp.b.id, diff: cmp.diff },
        (c: Pick<BacktestCompareDto, 'diff'>) =>
          c.diff
            .map(
              (d) =>
                `  ${d.metric.padEnd(26)} ${fmt(d.a).padStart(14)} ${fmt(d.b).padStart(14)} ${fmt(d.delta).padStart(14)}`,
            )
            .join('\n'),
      )
    },
  },
  {
    path: ['strategies'],
    usage: 'edgebook [--data-dir DIR] strategies [--json]',
    summary: 'Built-in strategies with their parameters, and saved user strategies',
    needsCore: true,
    async run(ctx) {
      const list = await ctx.call('strategies-list', {})
      ctx.print(list, (l: StrategiesDto) =>
        [
          ...l.builtin.map(
            (s) =>
              `${s.name.padEnd(22)} ${s.params.map((p) => `${p.name}=${p.default}`).join(' ')}`,
          ),
          ...l.user.map((u) => `user:${u.id}  ${u.name}`),
        ].join('\n'),
      )
    },
  },
  {
    path: ['strategies', 'save'],
    usage:
      'edgebook [--data-dir DIR] strategies save FILE [--name NAME] [--description TEXT] [--id ID] [--json]',
    summary: 'Save a rule strategy from a JSON file; run it with backtest --strategy user:ID',
    options: [
      '  FILE                         JSON rule strategy: { "name", "description"?, "reverse"?,',
      '                               "elements": [param, indicator, entry, exit, sizing …] }',
      '  --name NAME                  name to save it under (default: the file\'s "name", else the',
      '                               file name)',
      '  --description TEXT           description (default: the file\'s "description")',
      '  --id ID                      replace the saved strategy with this ID',
      '  --json                       print the saved strategy as JSON',
    ],
    needsCore: true,
    async run(ctx) {
      const file = ctx.args.positionals[0]
      if (!file) throw new UsageError('FILE is required')
      const rules = await readRulesFile(file)
      const name = opt(ctx.args, 'name') ?? stringField(rules.value, 'name') ?? baseName(file)
      const description =
        opt(ctx.args, 'description') ?? stringField(rules.value, 'description') ?? undefined
      const id = opt(ctx.args, 'id')
      let saved: StrategiesDto['user'][number]
      try {
        saved = await ctx.call('strategy-save', {
          name,
          // The file's object as it is: the channel validates it and names each bad field.
          rules: rules.value as RawIn<'strategy-save'>['rules'],
          ...(description !== undefined ? { description } : {}),
          ...(id !== undefined ? { id } : {}),
        })
      } catch (err) {
        throw locateIssues(err, rules.fileName, rules.lines)
      }
      ctx.print(
        saved,
        (u) =>
          `Saved user:${u.id}  ${u.name}\nRun it: edgebook backtest --strategy user:${u.id} --symbol SYM`,
      )
    },
  },
  {
    path: ['strategies', 'delete'],
    usage: 'edgebook [--data-dir DIR] strategies delete ID [--json]',
    summary: 'Delete a saved rule strategy',
    needsCore: true,
    async run(ctx) {
      const raw = ctx.args.positionals[0]
      if (!raw) throw new UsageError('ID is required')
      const id = raw.startsWith('user:') ? raw.slice('user:'.length) : raw
      const result = await ctx.call('strategy-delete', { id })
      ctx.print(result, () => `Deleted user:${id}`)
    },
  },
  {
    path: ['strategies', 'family'],
    usage:
      'edgebook [--data-dir DIR] strategies family NAME|user:ID [--timeframe 1Day] [--symbols A,B] [--max-symbols N] [--json]',
    summary: 'The catalogue family a strategy behaves like (stored on a saved strategy)',
    options: [
      '  NAME|user:ID                 a built-in strategy or a saved rule strategy',
      '  --timeframe TF               series to compare on (default 1Day)',
      '  --symbols A,B                the symbols (default: the longest stored series)',
      '  --max-symbols N              how many series by default (default 5)',
      '  --json                       print the families, scores and closest entries as JSON',
    ],
    needsCore: true,
    async run(ctx) {
      const strategy = ctx.args.positionals[0]
      if (!strategy) throw new UsageError('NAME or user:ID is required')
      const timeframe = opt(ctx.args, 'timeframe')
      const symbols = opt(ctx.args, 'symbols')
      const max = opt(ctx.args, 'max-symbols')
      const answer = await ctx.call('strategy-family', {
        strategy,
        ...(timeframe ? { timeframe } : {}),
        ...(symbols ? { symbols: symbols.split(',').map((s) => s.trim()) } : {}),
        ...(max ? { maxSymbols: num('--max-symbols', max) } : {}),
      })
      ctx.print(answer, (a: StrategyFamilyDto) =>
        [
          `${a.strategy} behaves like: ${a.family ?? 'no family (nothing lines up)'} (score ${a.score.toFixed(2)}, ${a.samples} of ${a.symbols.length} series, ${a.entries} catalogue entries)`,
          ...a.families.map(
            (f) => `  ${f.family.padEnd(16)} ${f.score.toFixed(2).padStart(6)}  closest ${f.best}`,
          ),
        ].join('\n'),
      )
    },
  },
  {
    path: ['batch'],
    usage:
      'edgebook [--data-dir DIR] batch --symbol SYM [--timeframe 1Day] --strategy NAME|user:ID --grid k=a..b:step --grid k2=v1,v2 … [--param k=v] [run options] [--cap N] [--top N] [--json]',
    summary: 'Run a grid of backtests as a batch job (stored run by run) and wait for it',
    options: [
      '  --grid NAME=A..B[:STEP]      a grid axis over a range (step 1 by default); repeat per axis',
      '  --grid NAME=V1,V2,…          a grid axis over listed values',
      ...RUN_OPTION_HELP,
      '  --name TEXT                  name of the batch job',
      '  --cap N                      run at most N grid points (default 10000)',
      '  --top N                      list the N best runs by Sharpe (default 5)',
      '  --where local|server         server: run on `edgebook worker`s of the shared server',
      '  --url-file FILE | --url URL  that server (default: the sync server)',
      '  --chunk-runs N               grid points per server chunk (default 256)',
      '  --json                       print the job and its best runs as JSON',
    ],
    needsCore: true,
    async run(ctx) {
      const grid = gridOf(opts(ctx.args, 'grid'))
      if (grid.length === 0) throw new UsageError('at least one --grid is required')
      const cap = opt(ctx.args, 'cap')
      const name = opt(ctx.args, 'name')
      const where = opt(ctx.args, 'where') ?? 'local'
      if (where !== 'local' && where !== 'server')
        throw new UsageError('--where must be local or server')
      const url = where === 'server' ? await serverUrl(ctx.args, false) : undefined
      const chunkRuns = opt(ctx.args, 'chunk-runs')
      const job = await ctx.call('batch-run', {
        ...runOptions(ctx),
        grid,
        wait: true,
        where,
        ...(where === 'server'
          ? {
              server: {
                ...(url ? { url } : {}),
                ...(chunkRuns ? { chunkRuns: num('--chunk-runs', chunkRuns) } : {}),
              },
            }
          : {}),
        ...(cap ? { cap: num('--cap', cap) } : {}),
        ...(name ? { name } : {}),
      } as never)
      const top = await ctx.call('batch-runs', {
        jobId: job.id,
        sort: { by: 'sharpe', dir: 'desc' },
        limit: num('--top', opt(ctx.args, 'top') ?? '5'),
      })
      if (!ctx.isJson) process.stderr.write('\n')
      ctx.print({ job, top: top.runs }, (v) => formatJob(v.job, v.top))
    },
  },
  {
    path: ['batch', 'list'],
    usage: 'edgebook [--data-dir DIR] batch list [--json]',
    summary: 'Batch jobs, newest first',
    needsCore: true,
    async run(ctx) {
      const jobs = await ctx.call('batch-list', {})
      ctx.print(jobs, (list: BatchJobDto[]) =>
        list.length ? list.map((j) => formatJob(j, [])).join('\n') : 'No batch jobs.',
      )
    },
  },
  {
    path: ['batch', 'runs'],
    usage:
      'edgebook [--data-dir DIR] batch runs JOB [--where "sharpe>1" …] [--sort METRIC|VAR] [--dir asc|desc] [--limit N] [--json]',
    summary: 'Runs of a batch job, filtered and sorted by any metric',
    needsCore: true,
    async run(ctx) {
      const jobId = ctx.args.positionals[0]
      if (!jobId) throw new UsageError('JOB is required')
      const sort = opt(ctx.args, 'sort')
      const limit = opt(ctx.args, 'limit')
      const result = await ctx.call('batch-runs', {
        jobId,
        where: whereOf(opts(ctx.args, 'where')) as never,
        ...(sort
          ? { sort: { by: sort, dir: opt(ctx.args, 'dir') === 'asc' ? 'asc' : 'desc' } }
          : {}),
        ...(limit ? { limit: num('--limit', limit) } : {}),
      })
      ctx.print(result, (r) =>
        [
          `${r.total} runs match`,
          ...r.runs.map(
            (x) =>
              `  #${x.runIndex} ${JSON.stringify(x.variables)} ${formatStats({
                returnPct: x.metrics.returnPct,
                sharpe: x.metrics.sharpe,
              })
                .trim()
                .replace(/\s+/g, ' ')}`,
          ),
        ].join('\n'),
      )
    },
  },
  {
    path: ['batch', 'heatmap'],
    usage: 'edgebook [--data-dir DIR] batch heatmap JOB --x VAR --y VAR [--metric sharpe] [--json]',
    summary: 'A metric over two grid variables',
    needsCore: true,
    async run(ctx) {
      const jobId = ctx.args.positionals[0]
      if (!jobId) throw new UsageError('JOB is required')
      const heat = await ctx.call('batch-heatmap', {
        jobId,
        x: requireOpt(ctx.args, 'x'),
        y: requireOpt(ctx.args, 'y'),
        metric: (opt(ctx.args, 'metric') ?? 'sharpe') as never,
      })
      ctx.print(heat, formatHeatmap)
    },
  },
  {
    path: ['batch', 'resume'],
    usage: 'edgebook [--data-dir DIR] batch resume JOB [--json]',
    summary: 'Continue an interrupted or cancelled batch job from the runs not yet stored',
    needsCore: true,
    async run(ctx) {
      const jobId = ctx.args.positionals[0]
      if (!jobId) throw new UsageError('JOB is required')
      const job = await ctx.call('batch-resume', { jobId, wait: true })
      if (!ctx.isJson) process.stderr.write('\n')
      ctx.print(job, (j) => formatJob(j, []))
    },
  },
]
