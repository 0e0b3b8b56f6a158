import { readFileSync } from 'node:fs'
import type { DrawdownsDto, DsrDto, MinTrlDto, PboDto, PsrDto } from '../../core/contract/index'
import { opt, requireOpt, UsageError, type ParsedArgs } from '../args'
import type { Command } from '../command'

function num(name: string, text: string): number {
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`--${name}: "${text}" is not a number`)
  }
  return n
}

function numOpt(args: ParsedArgs, name: string): number | undefined {
  const value = opt(args, name)
  return value === undefined ? undefined : num(name, value)
}

function requireNum(args: ParsedArgs, name: string): number {
  return num(name, requireOpt(args, name))
}

/**
 * `--per-year P` turns annual figures into the per-period ones the statistics take: a Sharpe
 * ratio is divided by √P and a variance of Sharpe ratios by P. Without it figures are per period.
 */
function perYear(args: ParsedArgs): number {
  const p = numOpt(args, 'per-year') ?? 1
  if (!(p > 0)) throw new UsageError('--per-year must be positive')
  return p
}

/** `--skew` and `--kurtosis` (raw), when given. */
function shapeOf(args: ParsedArgs): { skew?: number; kurtosis?: number } {
  const skew = numOpt(args, 'skew')
  const kurtosis = numOpt(args, 'kurtosis')
  return {
    ...(skew !== undefined ? { skew } : {}),
    ...(kurtosis !== undefined ? { kurtosis } : {}),
  }
}

/** A T × N returns matrix from CSV text: one row per period, one column per variant. */
export function returnsMatrixOf(text: string, source: string): number[][] {
  const rows: number[][] = []
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return
    const cells = line.split(/[,;\t]/).map((c) => c.trim())
    const values = cells.map(Number)
    if (values.some((v, j) => cells[j] === '' || !Number.isFinite(v))) {
      // A header row names the variants; any other row must be numbers.
      if (rows.length === 0 && i === 0) return
      throw new UsageError(`${source} line ${i + 1}: expected numbers separated by commas`)
    }
    rows.push(values)
  })
  return rows
}

const SHAPE_HELP = [
  '  --skew S                     skew of the per-period returns (default 0)',
  '  --kurtosis K                 raw kurtosis of the per-period returns (default 3, normal)',
  '  --per-year P                 the Sharpe ratios (and variance) given are annual over P',
  '                               periods a year (252 daily, 52 weekly, 12 monthly); without it',
  '                               they are per period, like the returns',
] as const

const pct = (x: number) => `${(100 * x).toFixed(2)} %`
const fix = (x: number) => x.toFixed(6)

/** `edgebook overfit …`: Bailey & López de Prado's overfitting statistics. */
export const overfitCommands: Command[] = [
  {
    path: ['overfit', 'psr'],
    usage:
      'edgebook overfit psr --sharpe SR --observations T [--benchmark SR*] [--skew S] [--kurtosis K] [--per-year P] [--json]',
    summary: 'Probabilistic Sharpe Ratio: the probability the true Sharpe ratio beats a benchmark',
    options: [
      '  --sharpe SR                  observed Sharpe ratio',
      '  --observations T             number of returns it was measured on',
      '  --benchmark SR*              Sharpe ratio to beat (default 0)',
      ...SHAPE_HELP,
    ],
    needsCore: true,
    async run(ctx) {
      const scale = Math.sqrt(perYear(ctx.args))
      const psr = await ctx.call('overfit-psr', {
        sharpe: requireNum(ctx.args, 'sharpe') / scale,
        benchmark: (numOpt(ctx.args, 'benchmark') ?? 0) / scale,
        observations: requireNum(ctx.args, 'observations'),
        ...shapeOf(ctx.args),
      })
      ctx.print<PsrDto>(psr, (r) => `PSR ${fix(r.psr)} (z ${r.z.toFixed(4)})`)
    },
  },
  {
    path: ['overfit', 'dsr'],
    usage:
      'edgebook overfit dsr --sharpe SR --trials N --sharpe-variance V --observations T [--skew S] [--kurtosis K] [--per-year P] [--json]',
    summary: 'Deflated Sharpe Ratio: PSR against what the best of N trials reaches by luck',
    options: [
      '  --sharpe SR                  the best (selected) Sharpe ratio',
      '  --trials N                   how many variants it was chosen among',
      '  --sharpe-variance V          variance of the Sharpe ratios across the trials',
      '  --observations T             number of returns of the selected variant',
      ...SHAPE_HELP,
    ],
    needsCore: true,
    async run(ctx) {
      const p = perYear(ctx.args)
      const dsr = await ctx.call('overfit-dsr', {
        sharpe: requireNum(ctx.args, 'sharpe') / Math.sqrt(p),
        trials: requireNum(ctx.args, 'trials'),
        sharpeVariance: requireNum(ctx.args, 'sharpe-variance') / p,
        observations: requireNum(ctx.args, 'observations'),
        ...shapeOf(ctx.args),
      })
      ctx.print<DsrDto>(
        dsr,
        (r) =>
          `DSR ${fix(r.dsr)}: expected best of the trials by luck ${fix(r.expectedMaxSharpe)} per period (z ${r.z.toFixed(4)})`,
      )
    },
  },
  {
    path: ['overfit', 'mintrl'],
    usage:
      'edgebook overfit mintrl --sharpe SR [--benchmark SR*] [--confidence P] [--skew S] [--kurtosis K] [--per-year P] [--json]',
    summary: 'Minimum Track Record Length: returns needed to trust a Sharpe ratio',
    options: [
      '  --sharpe SR                  observed Sharpe ratio',
      '  --benchmark SR*              Sharpe ratio it must beat (default 0)',
      '  --confidence P               confidence wanted (default 0.95)',
      ...SHAPE_HELP,
    ],
    needsCore: true,
    async run(ctx) {
      const p = perYear(ctx.args)
      const confidence = numOpt(ctx.args, 'confidence')
      const trl = await ctx.call('overfit-mintrl', {
        sharpe: requireNum(ctx.args, 'sharpe') / Math.sqrt(p),
        benchmark: (numOpt(ctx.args, 'benchmark') ?? 0) / Math.sqrt(p),
        ...(confidence !== undefined ? { confidence } : {}),
        ...shapeOf(ctx.args),
      })
      ctx.print<MinTrlDto>(trl, (r) =>
        p === 1
          ? `MinTRL ${r.observations.toFixed(2)} returns`
          : `MinTRL ${r.observations.toFixed(2)} returns (${(r.observations / p).toFixed(2)} years)`,
      )
    },
  },
  {
    path: ['overfit', 'pbo'],
    usage: 'edgebook [--data-dir DIR] overfit pbo JOB|--returns FILE.csv [--blocks S] [--json]',
    summary: 'Probability of Backtest Overfitting (CSCV) of a batch job, with its best run’s DSR',
    options: [
      '  JOB                          a batch job id (`batch list`); every run is simulated again',
      '                               for its per-bar returns',
      '  --returns FILE.csv           instead: per-period returns, one row per period and one',
      '                               column per variant (a header row is skipped)',
      '  --blocks S                   even number of blocks for CSCV (default 16)',
    ],
    needsCore: true,
    async run(ctx) {
      const jobId = ctx.args.positionals[0]
      const file = opt(ctx.args, 'returns')
      if ((jobId === undefined) === (file === undefined)) {
        throw new UsageError('give either JOB or --returns FILE.csv')
      }
      const blocks = numOpt(ctx.args, 'blocks')
      const extra = blocks !== undefined ? { blocks } : {}
      const answer =
        file !== undefined
          ? await ctx.call('overfit-pbo', {
              returns: returnsMatrixOf(readFileSync(file, 'utf8'), file),
              ...extra,
            })
          : await ctx.call('overfit-pbo', { jobId: jobId as string, ...extra })
      ctx.print<PboDto>(answer, formatPbo)
    },
  },
  {
    path: ['overfit', 'drawdowns'],
    usage:
      'edgebook overfit drawdowns --trades R1,R2,… [--runs N] [--seed S] [--method shuffle|bootstrap] [--json]',
    summary: 'Monte Carlo reshuffle of trades: the spread of maximum drawdowns',
    options: [
      '  --trades R1,R2,…             each trade’s return as a fraction of equity (0.02 = +2 %)',
      '  --runs N                     reshuffled paths (default 1000)',
      '  --seed S                     seed; the same seed gives the same answer (default 1)',
      '  --method shuffle|bootstrap   reorder the trades (default) or draw them with replacement',
    ],
    needsCore: true,
    async run(ctx) {
      const trades = requireOpt(ctx.args, 'trades')
        .split(',')
        .map((t) => num('trades', t))
      const runs = numOpt(ctx.args, 'runs')
      const seed = numOpt(ctx.args, 'seed')
      const method = opt(ctx.args, 'method')
      if (method !== undefined && method !== 'shuffle' && method !== 'bootstrap') {
        throw new UsageError(`--method ${method}: expected shuffle or bootstrap`)
      }
      const dist = await ctx.call('overfit-drawdowns', {
        tradeReturns: trades,
        ...(runs !== undefined ? { runs } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(method !== undefined ? { method } : {}),
      })
      ctx.print<DrawdownsDto>(dist, (d) =>
        [
          `Max drawdown over ${d.runs} ${d.method} paths of ${d.trades} trades:`,
          `  observed order  ${pct(d.observed)} (${pct(d.shareAtLeastObserved)} of paths as deep or deeper)`,
          ...d.quantiles.map(
            (q) => `  p${String(Math.round(q.p * 100)).padEnd(14)} ${pct(q.maxDrawdown)}`,
          ),
          `  mean            ${pct(d.mean)}`,
          `  worst           ${pct(d.worst)}`,
        ].join('\n'),
      )
    },
  },
]

function formatPbo(r: PboDto): string {
  const b = r.best
  const vars = b.variables
    ? Object.entries(b.variables)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')
    : `variant ${b.index}`
  return [
    `PBO ${fix(r.pbo)} over ${r.combinations} splits of ${r.blocks} blocks (${r.variants} variants, ${r.observations} periods)`,
    `  probability the chosen variant loses out of sample  ${fix(r.probOosLoss)}`,
    r.degradation
      ? `  degradation: OOS Sharpe ≈ ${r.degradation.intercept.toFixed(4)} + ${r.degradation.slope.toFixed(4)} × IS Sharpe`
      : '  degradation: undefined',
    `Best: ${vars} — Sharpe ${fix(b.sharpe)} per period, skew ${b.skew.toFixed(3)}, kurtosis ${b.kurtosis.toFixed(3)}`,
    `  PSR ${fix(b.psr)}  DSR ${fix(b.dsr)} (${b.trials} trials, SR₀ ${fix(b.expectedMaxSharpe)})  MinTRL ${
      b.minTrackRecord === null ? '-' : b.minTrackRecord.toFixed(1)
    } periods`,
  ].join('\n')
}
