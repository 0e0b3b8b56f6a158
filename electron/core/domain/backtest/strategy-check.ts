import type { BarColumns } from '../market/bars'
import {
  planRules,
  RuleError,
  ruleParams,
  rulesStrategySchema,
  type RuleIssue,
  type RulesStrategy,
} from './rules'
import { IndicatorCache } from './strategies'

/** A rule strategy checked whole: parsed, or the first problem in words and every issue. */
export type RuleCheck =
  { ok: true; value: RulesStrategy } | { ok: false; message: string; issues: RuleIssue[] }

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
 * Checks a rule strategy before it is saved: its shape, then a compile with its default
 * parameters against a small flat series, so that an unknown reference fails now and not when
 * the strategy first runs.
 */
export function checkRulesStrategy(rules: unknown): RuleCheck {
  const parsed = rulesStrategySchema.safeParse(rules)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: i.message,
    }))
    const first = issues[0]
    return {
      ok: false,
      message: `Invalid strategy rules at ${['rules', ...(first?.path ?? [])].join('.')}: ${first?.message}`,
      issues,
    }
  }
  const defaults = Object.fromEntries(ruleParams(parsed.data).map((p) => [p.name, p.default]))
  try {
    planRules(flatSeries(), parsed.data, defaults, new IndicatorCache())
  } catch (err) {
    if (err instanceof RuleError) {
      return { ok: false, message: `Invalid strategy rules: ${err.message}`, issues: err.issues }
    }
    throw err
  }
  return { ok: true, value: parsed.data }
}
