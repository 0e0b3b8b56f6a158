import type { CatalogueListDto } from '../../core/contract/index'
import { opt, UsageError } from '../args'
import type { Command } from '../command'

const FAMILIES = [
  'trend',
  'breakout',
  'momentum',
  'mean_reversion',
  'volatility',
  'volume',
  'pattern',
  'seasonal',
]

/** `edgebook probes …`: the probe catalogue. */
export const probesCommands: Command[] = [
  {
    path: ['probes', 'catalogue'],
    usage: 'edgebook probes catalogue [--family F] [--with-inactive] [--json]',
    summary: 'List the probe catalogue: named strategies with their family and published source',
    options: [
      `  --family F                   one family: ${FAMILIES.join(', ')}`,
      '  --with-inactive              include entries a newer catalogue dropped',
    ],
    needsCore: true,
    async run(ctx) {
      const family = opt(ctx.args, 'family')
      if (family !== undefined && !FAMILIES.includes(family)) {
        throw new UsageError(`--family: "${family}" is not one of ${FAMILIES.join(', ')}`)
      }
      const list = await ctx.call('probes-catalogue', {
        ...(family === undefined ? {} : { family: family as 'trend' }),
        withInactive: ctx.args.flags.has('with-inactive'),
      })
      ctx.print<CatalogueListDto>(list, (l) => {
        const width = Math.max(4, ...l.strategies.map((s) => s.name.length))
        const lines = l.strategies.map(
          (s) =>
            `${s.name.padEnd(width)}  ${(s.strategyType ?? '').padEnd(14)} ${(s.direction ?? '').padEnd(5)}  ${s.details.source}${s.isActive ? '' : '  (inactive)'}`,
        )
        return [`catalogue version ${l.version}: ${l.strategies.length} strategies`, ...lines].join(
          '\n',
        )
      })
    },
  },
]
