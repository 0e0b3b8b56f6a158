import { createHash } from 'node:crypto'
import { canonical } from './jobs-kill-digest'
import type { IndividualDto } from '../../../electron/core/contract/index'

/** What every optimiser-kill writer runs: a seeded GA over GOOG's daily bars for sma-cross. */
export const KILL_OPTIMISE = {
  symbol: 'GOOG',
  timeframe: '1Day',
  strategy: 'sma-cross',
  method: 'genetic',
  objective: 'sharpe',
  seed: 5,
  budget: 160,
  population: 16,
} as const

/**
 * An evaluated individual's key (its generation and genes, no spaces) and a checksum of what was
 * stored for it: its fitness and every statistic. The same seed evaluates the same individuals
 * with the same results, run whole or resumed.
 */
export function individualKey(
  i: Pick<IndividualDto, 'generation' | 'genes' | 'fitness' | 'objectives'>,
): [string, string] {
  const genes = Object.entries(i.genes)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
  const digest = createHash('sha256')
    .update(JSON.stringify(canonical({ fitness: i.fitness, objectives: i.objectives })))
    .digest('hex')
    .slice(0, 32)
  return [`${i.generation}:${genes}`, digest]
}
