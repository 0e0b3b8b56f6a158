import type { BarColumns } from '../market/bars'
import { err, ok, type Result } from '../result'
import { planRules, ruleParams, type RuleFailure } from './rules'
import type { RulesStrategy } from './spec'
import { IndicatorCache } from './strategies'

// A small flat series: enough bars for any indicator period to compile against.
const PROBE_BARS = 300

function flatSeries(): BarColumns {
  const flat = (v: number): Float64Array => new Float64Array(PROBE_BARS).fill(v)
  return {
    time: Float64Array.from({ length: PROBE_BARS }, (_, i) => i * 86_400_000),
    open: flat(1),
    high: flat(1),
    low: flat(1),
    close: flat(1),
    volume: flat(0),
  }
}

/**
 * Checks a rule strategy (already validated in shape at the boundary) before it is saved: a
 * compile with its default parameters against a small flat series, so that an unknown reference
 * fails now and not when the strategy first runs. The failure's message starts with
 * `Invalid strategy rules: `.
 */
export function checkRulesStrategy(rules: RulesStrategy): Result<RulesStrategy, RuleFailure> {
  const defaults = Object.fromEntries(ruleParams(rules).map((p) => [p.name, p.default]))
  const plan = planRules(flatSeries(), rules, defaults, new IndicatorCache())
  if (!plan.ok) {
    return err({
      message: `Invalid strategy rules: ${plan.error.message}`,
      issues: plan.error.issues,
    })
  }
  return ok(rules)
}
