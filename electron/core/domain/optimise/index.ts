/**
 * Optimisers beyond the grid: a parameter space with constraints, seeded random search, a genetic
 * algorithm and a Tree-structured Parzen Estimator behind one ask/tell interface, objectives over
 * any statistic (median across symbols), and walk-forward windows with the stitched out-of-sample
 * record and its efficiency.
 */
export {
  genesAt,
  isFeasible,
  keyOf,
  paramsOf,
  spaceOf,
  spaceSize,
  type Genes,
  type ParamDim,
  type ParamSpace,
  type RangeOverride,
} from './space'
export {
  createOptimiser,
  geneticAlgorithm,
  optimiseSync,
  randomSearch,
  treeParzen,
  type Evaluated,
  type GenerationPoint,
  type Optimiser,
  type OptimiserMethod,
  type OptimiserOptions,
} from './optimisers'
export { medianScore, scoreOf, valueOfScore, type Objective } from './objective'
export {
  barsBetween,
  planWindows,
  stitchOutOfSample,
  walkForwardEfficiency,
  type OutOfSampleRun,
  type StitchedEquity,
  type WalkWindow,
  type WindowPlan,
} from './walkforward'
export { seededRandom } from '../overfit'
