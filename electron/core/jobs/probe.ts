import {
  insertProbeResults,
  probePairKey,
  storedProbePairs,
  type ProbeResultWrite,
} from '../../../db/repos/probe-results-repo'
import { ErrorCode } from '../contract/errors'
import type { ParsedBacktestSpec } from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import { openDayAggregates } from '../domain/probes/open-day'
import type { EnginePool, ProbeRun } from '../engine'
import { AppError } from '../errors'
import type { JobContext, JobWork } from './runner'
import type { Handle } from '../../../db/query'

/** Results waiting to be stored past which the engine is held back until they are. */
const HIGH_WATER_RESULTS = 256

/** Results per insert statement. */
const STATEMENT_RESULTS = 16

/** One catalogue strategy of a probe: its row id, name and spec parsed once (at its reader). */
export type ProbeStrategy = { id: number; name: string; spec: ParsedBacktestSpec }

/** What a probe job runs: strategies × symbols over one period of one timeframe. */
export type ProbePlan = {
  name: string
  strategies: readonly ProbeStrategy[]
  symbols: readonly string[]
  /** A symbol's stored bars of the job's timeframe, read once per symbol. */
  loadBars: (symbol: string) => Promise<BarColumns>
}

/** The whole-period row, open-day rows and trades of one finished run. */
export function probeResultOf(symbol: string, strategyId: number, run: ProbeRun): ProbeResultWrite {
  const stats = run.stats
  if (!stats) {
    return {
      symbol,
      strategyId,
      periodStartMs: null,
      periodEndMs: null,
      totalTrades: 0,
      winRate: null,
      profitFactor: null,
      totalPnl: null,
      maxDrawdown: null,
      sharpeRatio: null,
      metrics: { error: run.error ?? 'run failed' },
      days: [],
      trades: [],
    }
  }
  const pnl = run.trades.reduce((a, t) => a + t.pnl, 0)
  return {
    symbol,
    strategyId,
    periodStartMs: Date.parse(stats.start),
    periodEndMs: Date.parse(stats.end),
    totalTrades: stats.trades,
    winRate: stats.winRatePct,
    profitFactor: stats.profitFactor,
    totalPnl: pnl,
    maxDrawdown: stats.maxDrawdownPct,
    sharpeRatio: stats.sharpe,
    metrics: { ...stats, moments: run.moments },
    days: openDayAggregates(run.trades).map((d) => ({
      openDay: d.openDay,
      totalTrades: d.trades,
      winRate: d.winRatePct,
      profitFactor: d.profitFactor,
      totalPnl: d.pnl,
      maxDrawdown: null,
      sharpeRatio: null,
      metrics: {
        avgReturnPct: d.avgReturnPct,
        bestReturnPct: d.bestReturnPct,
        worstReturnPct: d.worstReturnPct,
      },
    })),
    trades: run.trades.map((t) => ({
      side: t.size > 0 ? 'long' : 'short',
      entryMs: t.entryTime,
      exitMs: t.exitTime,
      entryPrice: t.entryPrice,
      exitPrice: t.exitPrice,
      quantity: Math.abs(t.size),
      pnl: t.pnl,
      returnPct: t.returnPct,
      exitReason: t.exitReason,
      metrics: null,
    })),
  }
}

/**
 * A probe as a job: symbol by symbol (bars read once, the next symbol's read while this one
 * runs), the strategies not yet stored for it run on the engine pool, and their results stored
 * batch by batch (one statement each: a result, its open-day rows and its trades together),
 * holding the engine back when the store falls behind. A resumed job skips the pairs stored; the
 * store's unique key skips any it would write twice. Progress counts stored pairs.
 */
export function probeWork(pg: Handle, pool: EnginePool, plan: ProbePlan): JobWork {
  const total = plan.strategies.length * plan.symbols.length
  let stored = 0
  let failed = 0
  let steps = 0
  let storeMs = 0
  const pending: ProbeResultWrite[] = []
  let writing: Promise<void> | null = null
  let failure: Error | null = null
  let report: (() => void) | null = null

  async function drain(jobId: string): Promise<void> {
    while (pending.length > 0) {
      // A statement at most `STATEMENT_RESULTS` results long: PGlite runs on the core thread, and
      // a long statement is a stall of every other call.
      const rows = pending.splice(0, STATEMENT_RESULTS)
      const t0 = performance.now()
      await insertProbeResults(pg, jobId, rows)
      storeMs += performance.now() - t0
      stored += rows.length
      report?.()
    }
  }

  function store(jobId: string, rows: ProbeResultWrite[]): Promise<void> | undefined {
    if (failure !== null) return Promise.reject(failure)
    for (const r of rows) pending.push(r)
    writing ??= drain(jobId)
      .catch(
        (err: unknown) => void (failure ??= err instanceof Error ? err : new Error(String(err))),
      )
      .finally(() => (writing = null))
    return pending.length > HIGH_WATER_RESULTS ? writing : undefined
  }

  async function run(ctx: JobContext): Promise<void> {
    const done = await storedProbePairs(pg, ctx.jobId)
    stored = done.size
    report = () => ctx.progress(stored, total, plan.name)
    report()
    const todo = plan.symbols.map((symbol) => ({
      symbol,
      indexes: plan.strategies.flatMap((s, i) => (done.has(probePairKey(symbol, s.id)) ? [] : [i])),
    }))
    const work = todo.filter((t) => t.indexes.length > 0)
    const specs = plan.strategies.map((s) => s.spec)
    try {
      let next = work[0] ? plan.loadBars(work[0].symbol) : null
      for (const [k, item] of work.entries()) {
        if (ctx.signal.aborted) break
        const bars = await (next as Promise<BarColumns>)
        const following = work[k + 1]
        next = following ? plan.loadBars(following.symbol) : null
        // Keep a rejected prefetch from going unhandled when the job stops before awaiting it.
        next?.catch(() => undefined)
        const batchSize = Math.max(
          1,
          Math.min(16, Math.ceil(item.indexes.length / (pool.size * 2))),
        )
        await pool.probe(
          { bars, specs, indexes: item.indexes, batchSize },
          (runs, s) => {
            steps += s
            const rows = runs.map((r) => {
              if (!r.stats) failed++
              return probeResultOf(item.symbol, (plan.strategies[r.index] as ProbeStrategy).id, r)
            })
            return store(ctx.jobId, rows)
          },
          ctx.signal,
        )
      }
    } finally {
      // Whatever ended the probe, the results it answered are stored before its end state.
      while (writing) await writing
    }
    if (failure !== null) throw failure
    await drain(ctx.jobId)
    if (ctx.signal.aborted) throw new AppError(ErrorCode.Cancelled, 'probe cancelled')
  }

  return {
    kind: 'probe',
    run,
    summary: () => ({
      strategies: plan.strategies.length,
      symbols: plan.symbols.length,
      total,
      stored,
      failed,
      steps,
      storeMs: Math.round(storeMs),
    }),
  }
}
