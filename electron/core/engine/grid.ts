// The grid's arithmetic is domain logic; the engine re-exports it for its callers.
export {
  expandGrid,
  gridSize,
  planGrid,
  pointAt,
  rangeValues,
  type GridAxis,
  type GridPlan,
  type GridPoint,
} from '../domain/backtest'
