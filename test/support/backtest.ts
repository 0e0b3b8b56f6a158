import { backtestSpecSchema } from '../../electron/core/contract/backtest-spec'
import {
  IndicatorCache,
  prepareRun,
  runBacktest,
  type BacktestResult,
  type BacktestSpec,
  type ParsedBacktestSpec,
  type PreparedRun,
} from '../../electron/core/domain/backtest'
import type { BarColumns } from '../../electron/core/domain/market/bars'
import type { DomainError, Result } from '../../electron/core/domain/result'
import { wireIssues } from '../../electron/core/zod-issues'

/**
 * A spec as the boundary parses it (the contract's schema, every default applied). A malformed
 * one throws `RefusedRun` with the issues the registry would answer.
 */
export function parsedSpec(spec: BacktestSpec): ParsedBacktestSpec {
  const parsed = backtestSpecSchema.safeParse(spec)
  if (parsed.success) return parsed.data
  const issues = wireIssues(parsed.error)
  throw new RefusedRun({ code: 'invalid-input', message: 'invalid backtest spec', issues })
}

/** A refused run as a thrown `Error` with the domain error's code, message and issues. */
export class RefusedRun extends Error {
  readonly code: string
  readonly issues: DomainError['issues']
  constructor(error: DomainError) {
    super(error.message)
    this.name = 'RefusedRun'
    this.code = error.code
    this.issues = error.issues
  }
}

/** The value of a domain `Result`, or its error thrown as `RefusedRun`. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new RefusedRun(result.error)
  return result.value
}

/** `runBacktest` of a spec written with defaults omitted: parsed, run, unwrapped. */
export function runSpec(bars: BarColumns, spec: BacktestSpec): BacktestResult {
  return unwrap(runBacktest(bars, parsedSpec(spec)))
}

/** `prepareRun` of a spec written with defaults omitted: parsed, prepared, unwrapped. */
export function prepareSpec(
  bars: BarColumns,
  spec: BacktestSpec,
  cache: IndicatorCache = new IndicatorCache(),
): PreparedRun {
  return unwrap(prepareRun(bars, parsedSpec(spec), cache))
}
