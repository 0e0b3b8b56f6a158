/** Exponential back-off with full jitter, in ms. */
export type BackoffPolicy = { baseMs: number; maxMs: number }

/** The default: 1 s, doubling, capped at 5 minutes. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 300_000 }

/**
 * Delay before retry number `attempt` (0 = first retry). `unit` is a random number in [0, 1)
 * supplied by the caller (domain code takes randomness as a parameter); full jitter spreads
 * devices that lost the server at the same moment so they do not return in lockstep.
 */
export function backoffDelayMs(attempt: number, unit: number, policy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30))
  const jittered = Math.floor(ceiling / 2 + (ceiling / 2) * unit)
  return Math.max(policy.baseMs / 2, jittered)
}
