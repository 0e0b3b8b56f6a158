import { writeFileSync } from 'node:fs'
import type { LeaderboardRow } from '../../core/domain/probes/leaderboard'
import type { ProbeJobDto, ProbeLeaderboardDto } from '../../core/contract/index'
import { opt, UsageError, type ParsedArgs } from '../args'
import type { Command } from '../command'

function listOpt(args: ParsedArgs, name: string): string[] | undefined {
  const v = opt(args, name)
  return v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
}

function jobOf(args: ParsedArgs): string {
  const jobId = args.positionals[0]
  if (!jobId) throw new UsageError('JOB is required')
  return jobId
}

function formatProbe(j: ProbeJobDto): string {
  return `${j.id}  ${j.status}  ${j.completed}/${j.total}  ${j.strategies} strategies × ${j.symbols.length} symbols ${j.timeframe}  ${j.name}${j.error ? `  (${j.error})` : ''}`
}

const fmt = (v: number | null, digits = 2): string => (v === null ? '—' : v.toFixed(digits))
const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)}%`)

function formatBoard(b: ProbeLeaderboardDto, limit: number): string {
  const head =
    'rank  strategy                        family          med.Sharpe  profitable  med.ret%  excess%  med.DD%  worst DD%  trades'
  const line = (r: LeaderboardRow): string =>
    [
      String(r.rank).padStart(4),
      r.strategy.padEnd(30).slice(0, 30),
      r.family.padEnd(14),
      fmt(r.medianSharpe).padStart(10),
      pct(r.profitableShare).padStart(10),
      fmt(r.medianReturnPct).padStart(8),
      fmt(r.medianExcessPct).padStart(7),
      fmt(r.medianDrawdownPct).padStart(7),
      fmt(r.worstDrawdownPct).padStart(9),
      String(r.trades).padStart(7),
    ].join('  ')
  const leader = b.leaderboard.leader
  const dsr = leader
    ? leader.result
      ? `Deflated Sharpe ratio of the leader (${leader.strategy}) after ${leader.trials} strategies tried: ${leader.result.dsr.toFixed(3)} (per-period Sharpe ${leader.sharpe.toFixed(4)} against ${leader.result.expectedMaxSharpe.toFixed(4)} expected from luck)`
      : `Deflated Sharpe ratio of the leader: none (${leader.reason ?? 'no returns'})`
    : 'No results stored yet.'
  return [`${formatProbe(b.job)}`, head, ...b.leaderboard.rows.slice(0, limit).map(line), dsr].join(
    '\n',
  )
}

/** `edgebook probes run|status|cancel|resume|list|leaderboard|heatmap`: probe runs from the shell. */
export const probeRunCommands: Command[] = [
  {
    path: ['probes', 'run'],
    usage:
      'edgebook [--data-dir DIR] probes run --timeframe TF [--family F | --names A,B] [--symbols A,B | --all] [--from DATE] [--to DATE] [--commission R] [--json]',
    summary: 'Run catalogue strategies over stored symbols as a probe job and wait for it',
    options: [
      '  --timeframe TF               the bars to run on (every stored series of it unless --symbols)',
      '  --family F                   only one family (trend, breakout, momentum, mean_reversion, …)',
      '  --names A,B                  only the named catalogue strategies',
      '  --symbols A,B                only these symbols',
      '  --all                        every stored series of the timeframe (the default)',
      '  --from DATE, --to DATE       the period (default: all stored bars)',
      '  --commission R, --spread R, --slippage R, --cash N   costs and starting cash',
      '  --name TEXT                  name of the run',
      '  --json                       print the finished job as JSON',
    ],
    needsCore: true,
    async run(ctx) {
      const a = ctx.args
      const timeframe = opt(a, 'timeframe')
      if (!timeframe) throw new UsageError('--timeframe is required')
      if (a.flags.has('all') && opt(a, 'symbols') !== undefined) {
        throw new UsageError('--all and --symbols name the symbols twice: give one of them')
      }
      const numeric = (name: string): Record<string, number> => {
        const v = opt(a, name)
        if (v === undefined) return {}
        const n = Number(v)
        if (!Number.isFinite(n)) throw new UsageError(`--${name}: "${v}" is not a number`)
        return { [name]: n }
      }
      const strings: Record<string, string | string[] | undefined> = {
        family: opt(a, 'family'),
        names: listOpt(a, 'names'),
        symbols: listOpt(a, 'symbols'),
        from: opt(a, 'from'),
        to: opt(a, 'to'),
        name: opt(a, 'name'),
      }
      const job = await ctx.call('probes-run', {
        timeframe,
        ...Object.fromEntries(Object.entries(strings).filter(([, v]) => v !== undefined)),
        ...numeric('commission'),
        ...numeric('spread'),
        ...numeric('slippage'),
        ...numeric('cash'),
        wait: true,
      })
      if (!ctx.isJson) process.stderr.write('\n')
      ctx.print(job, formatProbe)
      if (job.status !== 'completed') process.exitCode = 1
    },
  },
  {
    path: ['probes', 'list'],
    usage: 'edgebook [--data-dir DIR] probes list [--json]',
    summary: 'Probe runs, newest first',
    needsCore: true,
    async run(ctx) {
      const jobs = await ctx.call('probes-list', {})
      ctx.print(jobs, (l) => (l.length ? l.map(formatProbe).join('\n') : 'No probe runs.'))
    },
  },
  {
    path: ['probes', 'status'],
    usage: 'edgebook [--data-dir DIR] probes status JOB [--json]',
    summary: 'A probe run and its progress',
    needsCore: true,
    async run(ctx) {
      ctx.print(await ctx.call('probes-get', { jobId: jobOf(ctx.args) }), formatProbe)
    },
  },
  {
    path: ['probes', 'cancel'],
    usage: 'edgebook [--data-dir DIR] probes cancel JOB [--json]',
    summary: 'Stop a probe run (one left interrupted by a stopped process is marked cancelled)',
    needsCore: true,
    async run(ctx) {
      ctx.print(await ctx.call('probes-cancel', { jobId: jobOf(ctx.args) }), formatProbe)
    },
  },
  {
    path: ['probes', 'resume'],
    usage: 'edgebook [--data-dir DIR] probes resume JOB [--json]',
    summary: 'Continue an interrupted or cancelled probe run from the pairs not yet stored',
    needsCore: true,
    async run(ctx) {
      const job = await ctx.call('probes-resume', { jobId: jobOf(ctx.args), wait: true })
      if (!ctx.isJson) process.stderr.write('\n')
      ctx.print(job, formatProbe)
    },
  },
  {
    path: ['probes', 'leaderboard'],
    usage: 'edgebook [--data-dir DIR] probes leaderboard JOB [--csv FILE] [--limit N] [--json]',
    summary: 'Strategies ranked across symbols, with the deflated Sharpe ratio of the leader',
    options: [
      '  --csv FILE                   also write the whole leaderboard as CSV to FILE',
      '  --limit N                    rows to print (default 20)',
      '  --json                       the leaderboard, heatmap and best per symbol as JSON',
    ],
    needsCore: true,
    async run(ctx) {
      const jobId = jobOf(ctx.args)
      const board = await ctx.call('probes-leaderboard', { jobId })
      const file = opt(ctx.args, 'csv')
      if (file) writeFileSync(file, (await ctx.call('probes-export', { jobId })).csv)
      const limit = Number(opt(ctx.args, 'limit') ?? '20')
      ctx.print(board, (b) => formatBoard(b, Number.isFinite(limit) ? limit : 20))
    },
  },
  {
    path: ['probes', 'heatmap'],
    usage:
      'edgebook [--data-dir DIR] probes heatmap JOB [--metric sharpe|returnPct|excessPct] [--json]',
    summary: 'Families × symbols: the median of each family’s metric per symbol',
    needsCore: true,
    async run(ctx) {
      const metric = opt(ctx.args, 'metric') ?? 'sharpe'
      const board = await ctx.call('probes-leaderboard', {
        jobId: jobOf(ctx.args),
        metric,
      } as never)
      const h = board.heatmap
      ctx.print(h, () =>
        [
          `median ${h.metric}: family × symbol`,
          ['family'.padEnd(16), ...h.symbols.map((s) => s.padStart(10))].join(''),
          ...h.families.map((f, i) =>
            [f.padEnd(16), ...(h.cells[i] ?? []).map((v) => fmt(v).padStart(10))].join(''),
          ),
        ].join('\n'),
      )
    },
  },
]
