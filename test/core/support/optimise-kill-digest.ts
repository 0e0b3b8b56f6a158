import { createHash } from 'node:crypto'
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

/** A value with its object keys sorted at every depth, so equal values print equal JSON. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]))
  }
  return value
}

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
