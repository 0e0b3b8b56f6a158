import type { OptimiseJobDto, WalkForwardDto } from '../../core/contract/index'
import { opt, opts, UsageError, type ParsedArgs } from '../args'
import type { Command, CommandContext } from '../command'
import { runOptions, RUN_OPTION_HELP } from './backtest'

function int(name: string, text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n)) throw new UsageError(`--${name}: "${text}" is not a whole number`)
  return n
}

/** `--space k=a..b[:step]` as a searched range. */
function rangesOf(
  items: readonly string[],
): { name: string; min: number; max: number; step: number }[] {
  return items.map((item) => {
    const m = /^([^=]+)=(-?[\d.]+)\.\.(-?[\d.]+)(?::([\d.]+))?$/.exec(item)
    if (!m) throw new UsageError(`--space ${item}: expected name=a..b[:step]`)
    const [min, max, step] = [Number(m[2]), Number(m[3]), m[4] ? Number(m[4]) : 1]
    if (![min, max, step].every(Number.isFinite))
      throw new UsageError(`--space ${item}: not numbers`)
    return { name: m[1] as string, min, max, step }
  })
}

/** `--constraint a<b` as an ordering constraint. */
function constraintsOf(items: readonly string[]): { lower: string; upper: string }[] {
  return items.map((item) => {
    const m = /^\s*([\w-]+)\s*<\s*([\w-]+)\s*$/.exec(item)
    if (!m) throw new UsageError(`--constraint ${item}: expected lower<upper, e.g. fast<slow`)
    return { lower: m[1] as string, upper: m[2] as string }
  })
}

const METHODS: Record<string, 'random' | 'genetic' | 'tpe'> = {
  random: 'random',
  genetic: 'genetic',
  ga: 'genetic',
  tpe: 'tpe',
}

/** The optimiser options shared by `optimise run` and `walkforward run`. */
function optimiserOptions(ctx: CommandContext): Record<string, unknown> {
  const args: ParsedArgs = ctx.args
  const method = opt(args, 'method') ?? 'genetic'
  if (!METHODS[method]) throw new UsageError(`--method ${method}: expected genetic, random or tpe`)
  const out: Record<string, unknown> = {
    ...runOptions(ctx),
    method: METHODS[method],
    ranges: rangesOf(opts(args, 'space')),
    constraints: constraintsOf(opts(args, 'constraint')),
    wait: true,
  }
  const objective = opt(args, 'objective')
  if (objective !== undefined) out['objective'] = objective
  const direction = opt(args, 'direction')
  if (direction !== undefined) out['direction'] = direction
  for (const [flag, key] of [
    ['seed', 'seed'],
    ['budget', 'budget'],
    // `--trials` is the name other optimisers give the budget.
    ['trials', 'budget'],
    ['population', 'population'],
  ] as const) {
    const value = opt(args, flag)
    if (value !== undefined) out[key] = int(flag, value)
  }
  return out
}

const OPTIMISER_HELP = [
  '  --method genetic|random|tpe  the optimiser (default genetic; ga is genetic)',
  '  --objective METRIC           the statistic to optimise (default sharpe; any numeric metric)',
  '  --direction max|min          maximise (default) or minimise it',
  '  --seed N                     the same seed gives the same result (default 1)',
  '  --budget N | --trials N      most parameter sets evaluated (default 200)',
  '  --population N               genetic algorithm: individuals per generation (default 24)',
  '  --space NAME=A..B[:STEP]     search this range instead of the strategy’s own; repeat',
  '  --constraint LOWER<UPPER     keep LOWER below UPPER (built-ins keep their own, fast<slow)',
] as const

const fmt = (v: number | null | undefined): string =>
  v === null || v === undefined ? '-' : Number.isInteger(v) ? String(v) : v.toFixed(4)
const genes = (g: Record<string, number> | null): string =>
  g
    ? Object.entries(g)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')
    : '-'

function formatOptimise(job: OptimiseJobDto): string {
  const lines = [
    `${job.id}  ${job.status}  ${job.name}`,
    `  ${job.evaluations} evaluations of ${job.budget} (seed ${job.seed})`,
    `  best ${job.direction} ${job.objective}: ${fmt(job.bestValue)}  ${genes(job.best)}`,
  ]
  for (const p of job.convergence) {
    lines.push(
      `  generation ${p.generation}: best ${fmt(p.best)}  mean ${fmt(p.mean)}  (${p.evaluations} evaluated)`,
    )
  }
  if (job.error) lines.push(`  error: ${job.error}`)
  return lines.join('\n')
}

function formatWalk(wf: WalkForwardDto): string {
  const lines = [
    `${wf.id}  ${wf.status}  ${wf.name}`,
    `  ${wf.anchored ? 'anchored' : 'rolling'} windows: in-sample ${wf.inSample}, out-of-sample ${wf.outOfSample}, step ${wf.step}`,
    '  window  out-of-sample                 best                 IS value   OOS value  OOS return %  WFE',
  ]
  for (const w of wf.windows) {
    lines.push(
      `  ${String(w.index).padStart(6)}  ${w.oosFrom.slice(0, 10)} … ${w.oosTo.slice(0, 10)}  ${genes(w.best).padEnd(20)} ${fmt(w.isValue).padStart(9)}  ${fmt(w.oosValue).padStart(9)}  ${fmt(w.oosReturnPct).padStart(12)}  ${fmt(w.efficiency)}`,
    )
  }
  if (wf.stitched) {
    const s = wf.stitched.stats
    lines.push(
      `  stitched out-of-sample: return ${fmt(s.returnPct)} %, annualised ${fmt(s.returnAnnPct)} %, Sharpe ${fmt(s.sharpe)}, max drawdown ${fmt(s.maxDrawdownPct)} %, ${s.trades} trades`,
    )
  }
  lines.push(`  walk-forward efficiency: ${fmt(wf.efficiency)}`)
  if (wf.error) lines.push(`  error: ${wf.error}`)
  return lines.join('\n')
}

/** `optimise run` (and its spelling `optimize`): one optimiser job, waited for and printed. */
async function runOptimise(ctx: CommandContext): Promise<void> {
  const symbols = (opt(ctx.args, 'symbols') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const job = await ctx.call('optimise-run', { ...optimiserOptions(ctx), symbols } as never)
  ctx.print(job, formatOptimise)
}

/** `edgebook optimise …` and `edgebook walkforward …`: optimisers and walk-forward as jobs. */
export const optimiseCommands: Command[] = [
  {
    path: ['optimise', 'run'],
    usage:
      'edgebook [--data-dir DIR] optimise run --symbol SYM [--symbols A,B] --strategy NAME --method genetic|random|tpe [--objective sharpe] [--seed N] [--budget N] [run options] [--json]',
    summary: 'Optimise a strategy’s parameters (stored run and individuals) and wait for it',
    options: [
      '  --symbols A,B                also score on these symbols: the median objective counts',
      ...OPTIMISER_HELP,
      ...RUN_OPTION_HELP,
      '  --json                       print the job as JSON',
    ],
    needsCore: true,
    run: runOptimise,
  },
  {
    // The spelling other tools use: `optimize --method ga --space fast=2..50 --trials 200`.
    path: ['optimize'],
    usage:
      'edgebook [--data-dir DIR] optimize --symbol SYM --strategy NAME --method ga|random|tpe --space NAME=A..B … [--trials N] [--seed N] [--objective sharpe] [--json]',
    summary: 'The same as optimise run',
    options: ['  see `edgebook optimise run --help`'],
    needsCore: true,
    run: runOptimise,
  },
  {
    path: ['optimise', 'show'],
    usage: 'edgebook [--data-dir DIR] optimise show RUN [--top N] [--json]',
    summary: 'An optimiser run: best, convergence per generation and its best individuals',
    needsCore: true,
    async run(ctx) {
      const jobId = ctx.args.positionals[0]
      if (!jobId) throw new UsageError('RUN is required')
      const job = await ctx.call('optimise-get', { jobId })
      const top = await ctx.call('optimise-individuals', {
        runId: jobId,
        limit: int('top', opt(ctx.args, 'top') ?? '10'),
        ascending: job.direction === 'min',
      })
      ctx.print({ job, individuals: top.individuals, total: top.total }, (v) =>
        [
          formatOptimise(v.job),
          `  ${v.total} individuals; best first:`,
          ...v.individuals.map(
            (i) =>
              `    #${i.rank ?? '-'} gen ${i.generation}  ${fmt(i.fitness)}  ${genes(i.genes)}`,
          ),
        ].join('\n'),
      )
    },
  },
  {
    path: ['optimise', 'list'],
    usage: 'edgebook [--data-dir DIR] optimise list [--json]',
    summary: 'Optimiser jobs, newest first',
    needsCore: true,
    async run(ctx) {
      const jobs = await ctx.call('optimise-list', { kind: 'optimise' })
      ctx.print(jobs, (list) =>
        list.length
          ? list.map((j) => `${j.id}  ${j.status}  ${j.name}`).join('\n')
          : 'No optimiser jobs.',
      )
    },
  },
  {
    path: ['optimise', 'resume'],
    usage: 'edgebook [--data-dir DIR] optimise resume JOB [--json]',
    summary: 'Continue a cancelled or interrupted optimiser or walk-forward and wait for it',
    needsCore: true,
    async run(ctx) {
      const jobId = ctx.args.positionals[0]
      if (!jobId) throw new UsageError('JOB is required')
      const job = await ctx.call('optimise-resume', { jobId, wait: true })
      ctx.print(job, (j) => `${j.id}  ${j.status}`)
    },
  },
  {
    path: ['walkforward', 'run'],
    usage:
      'edgebook [--data-dir DIR] walkforward run --symbol SYM --strategy NAME --is BARS --oos BARS [--step BARS] [--anchored] [--method genetic|random|tpe] [--objective sharpe] [--seed N] [--budget N] [run options] [--json]',
    summary: 'Walk forward: optimise each in-sample window, test the next out-of-sample one',
    options: [
      '  --is BARS                    in-sample length in bars',
      '  --oos BARS                   out-of-sample length in bars',
      '  --step BARS                  bars between windows (default --oos)',
      '  --anchored                   every in-sample starts at the first bar (default rolling)',
      ...OPTIMISER_HELP,
      ...RUN_OPTION_HELP,
      '  --json                       print the job as JSON',
    ],
    needsCore: true,
    async run(ctx) {
      const is = opt(ctx.args, 'is')
      const oos = opt(ctx.args, 'oos')
      if (is === undefined || oos === undefined) throw new UsageError('--is and --oos are required')
      const step = opt(ctx.args, 'step')
      const wf = await ctx.call('optimise-walkforward-run', {
        ...optimiserOptions(ctx),
        inSample: int('is', is),
        outOfSample: int('oos', oos),
        ...(step === undefined ? {} : { step: int('step', step) }),
        anchored: ctx.args.flags.has('anchored'),
      } as never)
      ctx.print(wf, formatWalk)
    },
  },
  {
    path: ['walkforward', 'show'],
    usage: 'edgebook [--data-dir DIR] walkforward show JOB [--json]',
    summary: 'A walk-forward: its table per window, stitched out-of-sample statistics and WFE',
    needsCore: true,
    async run(ctx) {
      const jobId = ctx.args.positionals[0]
      if (!jobId) throw new UsageError('JOB is required')
      ctx.print(await ctx.call('optimise-walkforward-get', { jobId }), formatWalk)
    },
  },
]
