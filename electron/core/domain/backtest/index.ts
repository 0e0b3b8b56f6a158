/**
 * The backtest engine: pure, synchronous and deterministic over `BarColumns`. Reference mode
 * reproduces backtesting.py 0.6.6; see `REFERENCE_SEMANTICS`.
 */
export {
  prepareRun,
  REFERENCE_SEMANTICS,
  runBacktest,
  runPreparedStats,
  semanticsOf,
  sliceBars,
  type BacktestResult,
  type BacktestTrade,
  type PreparedRun,
} from './run'
export type {
  BacktestSpec,
  Commission,
  Condition,
  ConditionInput,
  IndicatorKind,
  Operand,
  OperandInput,
  Orders,
  ParsedBacktestSpec,
  PriceSource,
  RulesStrategy,
  RulesStrategyInput,
  Sizing,
  TimeBound,
} from './spec'
export {
  computeStats,
  finiteOrNull,
  type BacktestStats,
  type StatsConvention,
  type StatsOptions,
} from './stats'
export {
  findBuiltin,
  IndicatorCache,
  strategyCatalogue,
  warmupBars,
  type ParamSpec,
  type StrategyInfo,
  type StrategyPlan,
} from './strategies'
export { planRules, ruleParams, type RuleFailure, type RuleIssue } from './rules'
export { Signal, simulate, TradeLog, type ExitReason, type SimConfig } from './simulate'
export { invalidParamsReason, paramOrders, type ParamOrder } from './grid-validity'
export { expandGrid, gridSize, pointAt, rangeValues, type GridAxis, type GridPoint } from './grid'
export {
  compareMetrics,
  heatmapOf,
  metricValue,
  planGrid,
  summariseRuns,
  SummaryFold,
  type BatchRun,
  type BatchSummary,
  type GridPlan,
  type Heatmap,
  type RankedRun,
} from './batch'
export { checkRulesStrategy } from './strategy-check'
