// Which catalogue family a strategy behaves like: the strategy and every active catalogue entry
// simulated on the same stored bars (on the core's engine workers), their per-bar returns
// compared in the domain, and the answer stored on a saved strategy
// (`strategies.implied_strategy_family`, seed 001).
import type { Handle } from '../../../../db/query'
import { listSeries } from '../../../../db/repos/market-repo'
import {
  activeCatalogueRules,
  setImpliedFamily,
  type CatalogueRuleRow,
} from '../../../../db/repos/strategy-family-repo'
import { backtestSpecSchema } from '../../contract/backtest-spec'
import { ErrorCode } from '../../contract/errors'
import type { Deps } from '../../deps'
import type { ParsedBacktestSpec } from '../../domain/backtest'
import type { BarColumns } from '../../domain/market/bars'
import { STRATEGY_FAMILIES, type StrategyFamily } from '../../domain/probes/catalogue'
import {
  impliedFamily,
  type EntryReturns,
  type FamilySample,
  type ImpliedFamily,
} from '../../domain/probes/implied-family'
import type { EnginePool } from '../../engine'
import { AppError } from '../../errors'
import { loadBars, strategyLabel, strategyOf } from '../backtest/run'

/** What to compare: a built-in or saved (`user:<id>`) strategy on some stored series. */
export type FamilyRequest = {
  strategy: ParsedBacktestSpec['strategy']
  timeframe: string
  /** The series to compare on; default: the `maxSymbols` longest series of `timeframe`. */
  symbols?: string[] | undefined
  maxSymbols: number
}

/** The answer, with what it was computed from. */
export type FamilyAnswer = ImpliedFamily & {
  strategy: string
  /** The saved strategy the answer was stored on, or null for a built-in. */
  strategyId: string | null
  symbols: string[]
  /** Catalogue entries compared, and those whose stored rule did not parse. */
  entries: number
  skipped: string[]
}

type CatalogueSpec = { name: string; family: StrategyFamily; spec: ParsedBacktestSpec }

const FAMILIES: ReadonlySet<string> = new Set(STRATEGY_FAMILIES)

/** The catalogue's stored rules as specs, parsed once here (they come from a table). */
function catalogueSpecs(rows: CatalogueRuleRow[]): { specs: CatalogueSpec[]; skipped: string[] } {
  const specs: CatalogueSpec[] = []
  const skipped: string[] = []
  for (const row of rows) {
    const details = (row.details ?? {}) as { rules?: unknown; orders?: unknown }
    const parsed = backtestSpecSchema.safeParse({
      strategy: details.rules,
      ...(details.orders === undefined ? {} : { orders: details.orders }),
    })
    if (!parsed.success || !row.strategyType || !FAMILIES.has(row.strategyType)) {
      skipped.push(row.name)
      continue
    }
    specs.push({ name: row.name, family: row.strategyType as StrategyFamily, spec: parsed.data })
  }
  return { specs, skipped }
}

/** One spec's per-bar returns on `bars`, on the pool's workers; null when the domain refuses. */
async function returnsOf(
  pool: EnginePool,
  bars: BarColumns,
  spec: ParsedBacktestSpec,
  signal?: AbortSignal,
): Promise<Float64Array | null> {
  let out: Float64Array | null = null
  try {
    await pool.returns(
      { bars, spec, runs: [{ key: 0, params: {} }], batchSize: 1 },
      (batch) => {
        out = batch.returns.slice(0, batch.length)
      },
      signal,
    )
  } catch (thrown) {
    if (thrown instanceof AppError && thrown.code === ErrorCode.Cancelled) throw thrown
    return null
  }
  return out
}

async function symbolsOf(db: Handle, request: FamilyRequest): Promise<string[]> {
  if (request.symbols?.length) return request.symbols
  const series = await listSeries(db, { timeframe: request.timeframe })
  return series
    .sort((a, b) => b.bars - a.bars || a.symbol.localeCompare(b.symbol))
    .slice(0, request.maxSymbols)
    .map((s) => s.symbol)
}

/**
 * The family `request.strategy` behaves like on the stored series, stored on a saved strategy.
 * `not-found` without a catalogue, a series or the saved strategy; `invalid-input` when the
 * strategy never holds a position on the bars; `cancelled` when `signal` aborts.
 */
export async function detectImpliedFamily(
  deps: Deps,
  request: FamilyRequest,
  signal?: AbortSignal,
): Promise<FamilyAnswer> {
  const { strategy, strategyId } = await strategyOf(deps.db, request.strategy)
  const { specs, skipped } = catalogueSpecs(await activeCatalogueRules(deps.db))
  if (specs.length === 0) {
    throw new AppError(
      ErrorCode.NotFound,
      'The probe catalogue is empty: no family to compare with',
    )
  }
  const symbols = await symbolsOf(deps.db, request)
  if (symbols.length === 0) {
    throw new AppError(
      ErrorCode.NotFound,
      `No ${request.timeframe} bars are stored; import a series to compare on`,
    )
  }
  const own = backtestSpecSchema.parse({ strategy })
  const pool = deps.jobs.gridPool
  const samples: FamilySample[] = []
  for (const symbol of symbols) {
    const bars = await loadBars(deps.db, symbol, request.timeframe)
    const ownReturns = await returnsOf(pool, bars, own, signal)
    if (!ownReturns) {
      throw new AppError(
        ErrorCode.InvalidInput,
        `${strategyLabel(strategy)} cannot run on ${symbol}`,
      )
    }
    const entries: EntryReturns[] = []
    for (const c of specs) {
      const returns = await returnsOf(pool, bars, c.spec, signal)
      if (returns) entries.push({ name: c.name, family: c.family, returns })
    }
    samples.push({ symbol, own: ownReturns, entries })
  }
  const answer = impliedFamily(samples)
  if (!answer.ok) throw new AppError(ErrorCode.InvalidInput, answer.error.message)
  if (strategyId) {
    await setImpliedFamily(deps.db, strategyId, answer.value.family)
    deps.emit('data-changed', { domains: ['strategy'] })
  }
  return {
    ...answer.value,
    strategy: strategyLabel(strategy),
    strategyId,
    symbols,
    entries: specs.length,
    skipped,
  }
}
