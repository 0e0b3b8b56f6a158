import {
  deleteBacktest,
  getBacktest,
  insertBacktest,
  listBacktests,
} from '../../../db/repos/backtest-repo'
import { NUMERIC_METRICS, type BacktestHandlers } from '../contract/backtest'
import { ErrorCode } from '../contract/errors'
import type { Deps } from '../deps'
import { compareMetrics, metricValue } from '../domain/backtest'
import { AppError } from '../errors'
import { loadBars, runDtoOf, specOf, storedRunOf, toRunDto } from '../services/backtest/run'

/** The `backtest-*` channels: one run on an engine worker, and the stored runs. */
export function backtestHandlers(deps: Deps): BacktestHandlers {
  async function stored(id: number) {
    const run = await getBacktest(deps.db, id)
    if (!run) throw new AppError(ErrorCode.NotFound, `No backtest ${id}`)
    return run
  }

  return {
    'backtest-run': async (input) => {
      const { spec, strategyId } = await specOf(deps.db, input)
      const bars = await loadBars(deps.db, input.symbol, input.timeframe)
      // The simulation runs on an engine worker: the thread that answers every channel stays free.
      const run = runDtoOf(input, spec, await deps.jobs.runPool.backtest(bars, spec))
      if (!input.save) return run
      const saved = await insertBacktest(deps.db, storedRunOf(run, strategyId))
      deps.emit('data-changed', { domains: ['backtest'] })
      return { ...run, id: saved.id, createdAt: saved.createdAt }
    },

    'backtest-list': async (input) => {
      const rows = await listBacktests(deps.db, { symbol: input.symbol, limit: input.limit })
      return rows.map((r) => ({
        id: r.id,
        symbol: r.symbol,
        timeframe: r.timeframe,
        strategy: r.strategy.name,
        params: r.strategy.params,
        startDate: r.startDate,
        endDate: r.endDate,
        returnPct: metricValue(r.stats, 'returnPct'),
        sharpe: metricValue(r.stats, 'sharpe'),
        maxDrawdownPct: metricValue(r.stats, 'maxDrawdownPct'),
        trades: metricValue(r.stats, 'trades'),
        createdAt: r.createdAt,
      }))
    },

    'backtest-get': async (input) => toRunDto(await stored(input.id)),

    'backtest-compare': async (input) => {
      const [a, b] = await Promise.all([
        getBacktest(deps.db, input.a),
        getBacktest(deps.db, input.b),
      ])
      if (!a) throw new AppError(ErrorCode.NotFound, `No backtest ${input.a}`)
      if (!b) throw new AppError(ErrorCode.NotFound, `No backtest ${input.b}`)
      const diff = compareMetrics(a.stats, b.stats, NUMERIC_METRICS)
      return { a: toRunDto(a), b: toRunDto(b), diff }
    },

    'backtest-delete': async (input) => {
      const deleted = await deleteBacktest(deps.db, input.id)
      if (!deleted) throw new AppError(ErrorCode.NotFound, `No backtest ${input.id}`)
      return { deleted }
    },
  }
}
