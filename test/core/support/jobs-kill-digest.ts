import { createHash } from 'node:crypto'

/** One stored run of a batch job as `batch-runs` gives it. */
export type KillRun = {
  runIndex: number
  variables: Record<string, number>
  metrics: Record<string, unknown>
}

/** A value with its object keys sorted at every depth, so equal values print equal JSON. */
export function canonical(value: unknown): unknown {
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
 * A checksum of one run: its grid point (the variables) and every stored metric, independent of
 * the order of their keys. Two runs of the same point over the same bars have the same checksum.
 */
export function runDigest(run: Pick<KillRun, 'variables' | 'metrics'>): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical({ variables: run.variables, metrics: run.metrics })))
    .digest('hex')
    .slice(0, 32)
}

/** The grid every writer runs: sma-cross over GOOG's daily bars, 20 × 16 = 320 points. */
export const KILL_GRID = {
  symbol: 'GOOG',
  timeframe: '1Day',
  strategy: 'sma-cross',
  grid: [
    { name: 'fast', from: 2, to: 21, step: 1 },
    { name: 'slow', from: 30, to: 75, step: 3 },
  ],
} as const
