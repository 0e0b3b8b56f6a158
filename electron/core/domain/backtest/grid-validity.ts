import { findBuiltin } from './strategies'

/** Two parameters of a strategy where `lower` must stay strictly below `upper`. */
export type ParamOrder = { lower: string; upper: string }

// A crossover of a fast and a slow average means nothing when the "fast" one is as slow or
// slower: such a run trades the mirror image of another run of the same grid. RSI levels
// likewise need oversold below overbought.
const ORDERS: Record<string, ParamOrder[]> = {
  'sma-cross': [{ lower: 'fast', upper: 'slow' }],
  'ema-cross': [{ lower: 'fast', upper: 'slow' }],
  'macd-trend': [{ lower: 'fast', upper: 'slow' }],
  'rsi-reversion': [{ lower: 'lower', upper: 'upper' }],
}

/** The ordering constraints of a built-in strategy's parameters (none for user strategies). */
export function paramOrders(strategy: string): ParamOrder[] {
  return ORDERS[strategy] ?? []
}

/**
 * Why a parameter set is not a meaningful run of `strategy`, or null when it is. `params` are
 * completed with the strategy's defaults, so a grid over one side is checked against the other.
 */
export function invalidParamsReason(
  strategy: string,
  params: Record<string, number>,
): string | null {
  const orders = paramOrders(strategy)
  if (orders.length === 0) return null
  const defaults = Object.fromEntries(
    (findBuiltin(strategy)?.params ?? []).map((p) => [p.name, p.default]),
  )
  const all: Record<string, number> = { ...defaults, ...params }
  for (const o of orders) {
    const lo = all[o.lower]
    const hi = all[o.upper]
    if (lo !== undefined && hi !== undefined && !(lo < hi)) return `${o.lower} must be < ${o.upper}`
  }
  return null
}
