/** A closed time range in epoch milliseconds. */
export type TimeRange = { fromMs: number; toMs: number }

/**
 * The parts of `[fromMs, toMs]` not covered by stored data spanning `[firstMs, lastMs]` (seed 001
 * "smart data fetching": ask the provider only for what is missing). With nothing stored, the
 * whole range is missing. A stored bar at the edge counts as covered, so the edges exclude it.
 */
export function missingRanges(
  request: TimeRange,
  stored: TimeRange | null,
  stepMs: number,
): TimeRange[] {
  if (request.toMs < request.fromMs) return []
  if (!stored) return [request]
  const out: TimeRange[] = []
  if (request.fromMs < stored.fromMs) {
    out.push({ fromMs: request.fromMs, toMs: Math.min(request.toMs, stored.fromMs - stepMs) })
  }
  if (request.toMs > stored.toMs) {
    out.push({ fromMs: Math.max(request.fromMs, stored.toMs + stepMs), toMs: request.toMs })
  }
  return out.filter((r) => r.toMs >= r.fromMs)
}
