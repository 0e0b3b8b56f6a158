export { ema, rollingMax, rollingMin, rollingStd, sma, wma } from './moving-average'
export {
  adx,
  atr,
  bollinger,
  donchian,
  macd,
  obv,
  roc,
  rsi,
  stochastic,
  trueRange,
  vwap,
  zscore,
  type Adx,
  type Bands,
  type Macd,
  type Stochastic,
} from './technical'
