import type {
  BacktestCompareDto,
  BacktestRunDto,
  BacktestStatsDto,
  BacktestSummaryDto,
  BatchJobDto,
  BatchRunDto,
  HeatmapDto,
  StrategiesDto,
} from '../../core/contract/backtest'
import { closeEnginePools } from '../../core/engine'
import { opt, opts, requireOpt, UsageError, type ParsedArgs } from '../args'
import type { Command, CommandContext } from '../command'

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

/** The run options shared by `backtest` and `batch`. */
function runOptions(ctx: CommandContext): Record<string, unknown> {
  const out: Record<string, unknown> = {
    symbol: requireOpt(ctx.args, 'symbol'),
    timeframe: opt(ctx.args, 'timeframe') ?? '1Day',
    strategy: requireOpt(ctx.args, 'strategy'),
    params: paramsOf(ctx.args),
  }
  for (const key of ['cash', 'commission', 'spread', 'slippage'] as const) {
    const value = opt(ctx.args, key)
    if (value !== undefined) out[key] = num(`--${key}`, value)
  }
  for (const key of ['from', 'to'] as const) {
    const value = opt(ctx.args, key)
    if (value !== undefined) out[key] = value
  }
  return out
}

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

export const backtestCommands: Command[] = [
  {
    path: ['backtest'],
    usage:
      'edgebook [--data-dir DIR] backtest --symbol SYM [--timeframe 1Day] --strategy NAME|user:ID [--param k=v …] [--cash N] [--commission F] [--spread F] [--from DATE --to DATE] [--dry-run] [--json]',
    summary: 'Run one backtest on stored bars (reference semantics) and store it',
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
    path: ['batch'],
    usage:
      'edgebook [--data-dir DIR] batch --symbol SYM [--timeframe 1Day] --strategy NAME --grid k=a..b:step --grid k2=v1,v2 … [--param k=v] [--cap N] [--top N] [--json]',
    summary: 'Run a grid of backtests as a batch job (stored run by run) and wait for it',
    needsCore: true,
    async run(ctx) {
      const grid = gridOf(opts(ctx.args, 'grid'))
      if (grid.length === 0) throw new UsageError('at least one --grid is required')
      const cap = opt(ctx.args, 'cap')
      const name = opt(ctx.args, 'name')
      const job = await ctx.call('batch-run', {
        ...runOptions(ctx),
        grid,
        wait: true,
        ...(cap ? { cap: num('--cap', cap) } : {}),
        ...(name ? { name } : {}),
      } as never)
      // The engine keeps its workers for the next grid; a command line has no next grid.
      await closeEnginePools()
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
      await closeEnginePools()
      if (!ctx.isJson) process.stderr.write('\n')
      ctx.print(job, (j) => formatJob(j, []))
    },
  },
]
