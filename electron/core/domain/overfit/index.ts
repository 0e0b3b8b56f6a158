export { normalCdf, normalPdf, normalQuantile } from './normal'
export {
  deflatedSharpe,
  EULER_GAMMA,
  expectedMaxSharpe,
  minimumTrackRecord,
  probabilisticSharpe,
  returnMoments,
  sharpeVariance,
  type DsrInput,
  type DsrResult,
  type MinTrlInput,
  type MinTrlResult,
  type PsrInput,
  type PsrResult,
  type ReturnMoments,
  type ReturnShape,
} from './sharpe'
export { backtestOverfitting, type PboOptions, type PboResult } from './pbo'
export {
  drawdownDistribution,
  quantileOfSorted,
  seededRandom,
  type DrawdownDistribution,
  type MonteCarloOptions,
} from './monte-carlo'
export { selectionStatistics, type SelectionStatistics } from './selection'
