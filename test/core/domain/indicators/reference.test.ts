import { describe, expect, it } from 'vitest'
import * as ind from '../../../../electron/core/domain/indicators'
import type { BarColumns } from '../../../../electron/core/domain/market/bars'
import { loadBars } from '../../../support/reference-bars'
import { tulip, type TulipVector } from './tulip-vectors'

// Every indicator held to a published reference.
//
// backtrader: the indicator tests of mementum/backtrader 1.9.78.123 (commit
// b853d7c90b6721476eb5a5ea3135224e33db1f14), tests/test_ind_<name>.py, run on its
// datas/2006-day-001.txt (our fixture backtrader_2006-day-001.txt, all 255 bars of 2006). Each test
// prints `'%f'` values of every line at three checkpoints (tests/testcommon.py, TestStrategy.stop):
// `[0, -l + mp, (-l + mp) // 2]` bars ago, with `l` the number of bars and `mp` the indicator's
// minimum period (`chkmin`): the last bar, the first bar with a value and one halfway back. A
// printed value `v` holds the true value within 5e-7, which is what we assert.
//
// Tulip Indicators: see tulip-vectors.ts (Achelis' *Technical Analysis from A to Z* and hand
// computations), compared to the precision the book prints.

const bt = loadBars('backtrader-2006')

/** backtrader's checkpoints as array indices: the last bar, the first valid bar, halfway. */
function checkpoints(n: number, minPeriod: number): number[] {
  const ago = [0, -n + minPeriod, Math.floor((-n + minPeriod) / 2)]
  return ago.map((a) => n - 1 + a)
}

/** One expected `'%f'` string, or a pair of which either may hold (backtrader's tuples). */
type Chk = string | [string, string]

/**
 * Asserts every line of an indicator at backtrader's checkpoints, and that line `minPeriodLine`
 * (the one that sets the minimum period) starts where backtrader's does.
 */
function expectChkvals(
  lines: Float64Array[],
  minPeriod: number,
  chkvals: Chk[][],
  minPeriodLine: number | null = 0,
): void {
  expect(lines.length).toBe(chkvals.length)
  const at = checkpoints(bt.close.length, minPeriod)
  if (minPeriodLine !== null) {
    const first = lines[minPeriodLine] as Float64Array
    expect(Number.isNaN(first[minPeriod - 2]), 'warming up before the minimum period').toBe(true)
    expect(Number.isNaN(first[minPeriod - 1]), 'valid at the minimum period').toBe(false)
  }
  lines.forEach((line, li) => {
    at.forEach((idx, k) => {
      const a = line[idx] as number
      const options = ([] as string[]).concat(chkvals[li]?.[k] ?? [])
      const ok = options.some((e) =>
        e === 'nan' ? Number.isNaN(a) : Math.abs(a - Number(e)) <= 5e-7 + 1e-12 * Math.abs(a),
      )
      expect(ok, `line ${li} at bar ${idx}: ${a} vs ${options.join(' or ')}`).toBe(true)
    })
  })
}

const col = (xs: number[]): Float64Array => Float64Array.from(xs)

function bars(high: number[], low: number[], close?: number[], volume?: number[]): BarColumns {
  const n = high.length
  return {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: col(high),
    low: col(low),
    close: col(close ?? high),
    volume: col(volume ?? new Array<number>(n).fill(0)),
  }
}

/**
 * Asserts `actual` ends with `expected` (Tulip prints only values after the warm-up), each within
 * `tol`, and (unless Tulip starts later than the indicator needs) that the bar before them is
 * still warming up.
 */
function expectTail(
  actual: Float64Array,
  expected: number[] | undefined,
  tol: number,
  isWarmupChecked = true,
): void {
  if (!expected) throw new Error('missing expected column')
  const off = actual.length - expected.length
  if (off > 0 && isWarmupChecked)
    expect(Number.isNaN(actual[off - 1]), `index ${off - 1} warm-up`).toBe(true)
  expected.forEach((e, j) => {
    const a = actual[off + j] as number
    expect(Math.abs(a - e), `index ${off + j}: ${a} vs ${e}`).toBeLessThanOrEqual(tol)
  })
}

const inputs = (v: TulipVector | undefined): number[][] => {
  if (!v) throw new Error('missing vector')
  return v.inputs
}
const outputs = (v: TulipVector | undefined): number[][] => v?.outputs ?? []

describe('indicators against backtrader 1.9.78.123 on its 2006 daily data', () => {
  const c = bt.close

  it('SMA(30): tests/test_ind_sma.py', () => {
    expectChkvals([ind.sma(c, 30)], 30, [['4063.463000', '3644.444667', '3554.693333']])
  })

  it('EMA(30): tests/test_ind_ema.py', () => {
    expectChkvals([ind.ema(c, 30)], 30, [['4070.115719', '3644.444667', '3581.728712']])
  })

  it('WMA(30): tests/test_ind_wma.py', () => {
    expectChkvals([ind.wma(c, 30)], 30, [['4076.212366', '3655.193634', '3576.228000']])
  })

  it('SMMA(30), Wilder smoothing: tests/test_ind_smma.py', () => {
    expectChkvals([ind.smma(c, 30)], 30, [['4021.569725', '3644.444667', '3616.427648']])
  })

  it('DEMA(30): tests/test_ind_dema.py', () => {
    expectChkvals([ind.dema(c, 30)], 59, [['4115.563246', '3852.837209', '3665.728415']])
  })

  it('TEMA(30): tests/test_ind_tema.py', () => {
    expectChkvals([ind.tema(c, 30)], 88, [['4113.721705', '3862.386854', '3832.691054']])
  })

  it('KAMA(30, 2, 30), SMA-seeded: tests/test_ind_kama.py', () => {
    expectChkvals([ind.kama(c, 30, 2, 30, 'sma')], 31, [
      ['4054.187922', '3648.549000', '3592.979190'],
    ])
  })

  it('Highest and Lowest(14) of the close: tests/test_ind_highest.py, test_ind_lowest.py', () => {
    expectChkvals([ind.rollingMax(c, 14)], 14, [['4140.660000', '3671.780000', '3670.750000']])
    expectChkvals([ind.rollingMin(c, 14)], 14, [['4019.890000', '3570.170000', '3506.070000']])
  })

  it('Bollinger(20, 2), population deviation: tests/test_ind_bbands.py', () => {
    const b = ind.bollinger(c, 20, 2)
    expectChkvals([b.middle, b.upper, b.lower], 20, [
      ['4065.884000', '3621.185000', '3582.895500'],
      ['4190.782310', '3712.008864', '3709.453081'],
      ['3940.985690', '3530.361136', '3456.337919'],
    ])
  })

  it('ATR(14): tests/test_ind_atr.py', () => {
    expectChkvals([ind.atr(bt, 14)], 15, [['35.866308', '34.264286', '54.329064']])
  })

  it('RSI(14): tests/test_ind_rsi.py', () => {
    expectChkvals([ind.rsi(c, 14)], 15, [['57.644284', '41.630968', '53.352553']])
  })

  it('MACD(12, 26, 9) with histogram: tests/test_ind_macdhisto.py', () => {
    const m = ind.macd(c, 12, 26, 9)
    expectChkvals(
      [m.macd, m.signal, m.histogram],
      34,
      [
        ['25.821368', '32.469404', '1.772445'],
        ['21.977853', '26.469735', '-2.845646'],
        ['3.843516', '5.999669', '4.618090'],
      ],
      1,
    )
  })

  it('fast stochastic (14, 3): tests/test_ind_stochasticfull.py, lines %K and %D', () => {
    // StochasticFull's third line (%D slow) sets its minimum period to 18 for all lines.
    const s = ind.stochastic(bt, 14, 3)
    expectChkvals(
      [s.k, s.d],
      18,
      [
        ['83.541267', '36.818395', '41.769503'],
        ['88.667626', '21.409626', '63.796187'],
      ],
      null,
    )
  })

  it('slow stochastic (14, 3, slowing 3): tests/test_ind_stochastic.py', () => {
    const s = ind.stochastic(bt, 14, 3, 3)
    expectChkvals(
      [s.k, s.d],
      18,
      [
        ['88.667626', '21.409626', '63.796187'],
        ['82.845850', '15.710059', '77.642219'],
      ],
      1,
    )
  })

  it('ADX, ADXR, +DI, −DI (14): tests/test_ind_dm.py', () => {
    // DirectionalMovement's lines are adx, adxr, plusDI, minusDI; ADXR sets the minimum period.
    const a = ind.adx(bt, 14)
    expectChkvals(
      [a.adx, a.adxr, a.plusDi, a.minusDi],
      42,
      [
        ['15.302485', '31.674648', '15.961767'],
        ['18.839142', '26.946536', '18.161738'],
        ['28.809535', '30.460124', '31.386311'],
        ['24.638772', '18.914537', '21.564611'],
      ],
      1,
    )
  })

  it('ROC(12): tests/test_ind_roc.py (backtrader prints a ratio, we return percent)', () => {
    const r = ind.roc(c, 12).map((x) => x / 100)
    expectChkvals([r], 13, [['0.016544', '-0.009477', '0.019050']])
  })

  it('Momentum(12): tests/test_ind_momentum.py', () => {
    expectChkvals([ind.momentum(c, 12)], 13, [['67.050000', '-34.160000', '67.630000']])
  })

  it('Williams %R(14): tests/test_ind_williamsr.py', () => {
    expectChkvals([ind.williamsR(bt, 14)], 14, [['-16.458733', '-68.298609', '-28.602854']])
  })

  it('TRIX(15): tests/test_ind_trix.py', () => {
    expectChkvals([ind.trix(c, 15)], 44, [['0.071304', '0.181480', '0.050954']])
  })

  it('Aroon up/down and oscillator (14): tests/test_ind_aroonupdown.py, test_ind_aroonoscillator.py', () => {
    const a = ind.aroon(bt, 14)
    expectChkvals([a.up, a.down], 15, [
      ['42.857143', '35.714286', '85.714286'],
      ['7.142857', '85.714286', '28.571429'],
    ])
    expectChkvals([a.oscillator], 15, [['35.714286', '-50.000000', '57.142857']])
  })

  it('CCI(20) with averaged mean deviation: tests/test_ind_cci.py', () => {
    // backtrader's MeanDeviation averages |tp − SMA(tp)| bar by bar, hence its minimum period of
    // 39; Lambert's CCI (the default) is held to Achelis below.
    expectChkvals([ind.cci(bt, 20, 0.015, 'averaged')], 39, [
      ['69.574287', '91.196363', '82.175663'],
    ])
  })

  it('Ichimoku (9, 26, 52, displaced 26): tests/test_ind_ichimoku.py', () => {
    const k = ind.ichimoku(bt)
    // The lagging span of the last bar would need a future close: backtrader prints nan (or the
    // stale value of its non-preloaded run).
    expectChkvals(
      [k.tenkan, k.kijun, k.senkouA, k.senkouB, k.chikou],
      78,
      [
        ['4110.000000', '3821.030000', '3748.785000'],
        ['4030.920000', '3821.030000', '3676.860000'],
        ['4057.485000', '3753.502500', '3546.152500'],
        ['3913.300000', '3677.815000', '3637.130000'],
        [['nan', '3682.320000'], '3590.910000', '3899.410000'],
      ],
      3,
    )
  })

  it('Keltner(30, 2, ATR 14) from the EMA and ATR of tests/test_ind_ema.py and test_ind_atr.py', () => {
    // backtrader has no Keltner test: the channel is EMA ± k·ATR, so its last bar is built from
    // the last-bar checkpoints of EMA(30) (4070.115719) and ATR(14) (35.866308).
    const k = ind.keltner(bt, 30, 2, 14)
    const last = bt.close.length - 1
    expect(k.middle[last]).toBeCloseTo(4070.115719, 5)
    expect(k.upper[last]).toBeCloseTo(4070.115719 + 2 * 35.866308, 5)
    expect(k.lower[last]).toBeCloseTo(4070.115719 - 2 * 35.866308, 5)
  })

  it('Heikin-Ashi: tests/test_ind_heikinashi.py', () => {
    const h = ind.heikinAshi(bt)
    // Values exist from the first bar; backtrader's minimum period of 2 only moves a checkpoint.
    const at = checkpoints(bt.close.length, 2)
    const expected = [
      ['4119.466107', '3591.732500', '3578.625259'],
      ['4142.010000', '3638.420000', '3662.920000'],
      ['4119.466107', '3591.732500', '3578.625259'],
      ['4128.002500', '3614.670000', '3653.455000'],
    ]
    ;[h.open, h.high, h.low, h.close].forEach((line, li) =>
      at.forEach((idx, k) =>
        expect(Math.abs((line[idx] as number) - Number(expected[li]?.[k]))).toBeLessThanOrEqual(
          5e-7,
        ),
      ),
    )
  })
})

describe('indicators against Tulip Indicators (Achelis, Technical Analysis from A to Z)', () => {
  it('Parabolic SAR (0.02, 0.2): atoz.txt psar', () => {
    const [h = [], l = []] = inputs(tulip.psar)
    expectTail(ind.psar(bars(h, l), 0.02, 0.2), outputs(tulip.psar)[0], 1e-6)
  })

  it('Money flow index (14): atoz.txt mfi', () => {
    const [h = [], l = [], c = [], v = []] = inputs(tulip.mfi)
    expectTail(ind.mfi(bars(h, l, c, v), 14), outputs(tulip.mfi)[0], 1e-6)
  })

  it('On-balance volume: atoz.txt obv (page 231)', () => {
    const [c = [], v = []] = inputs(tulip.obv)
    expectTail(ind.obv(bars(c, c, c, v)), outputs(tulip.obv)[0], 0)
  })

  it('Accumulation/distribution line: atoz.txt ad (page 50)', () => {
    const [h = [], l = [], c = [], v = []] = inputs(tulip.ad)
    expectTail(ind.adLine(bars(h, l, c, v)), outputs(tulip.ad)[0], 1e-3)
  })

  it('CCI(5), Lambert’s mean deviation: atoz.txt cci (page 105)', () => {
    const [h = [], l = [], c = []] = inputs(tulip.cci)
    // Tulip (like the book's table) starts at 2·(period − 1); Lambert's CCI needs period − 1.
    expectTail(ind.cci(bars(h, l, c), 5), outputs(tulip.cci)[0], 1e-3, false)
  })

  it('Williams %R(5): atoz.txt willr (page 371)', () => {
    const [h = [], l = [], c = []] = inputs(tulip.willr)
    expectTail(ind.williamsR(bars(h, l, c), 5), outputs(tulip.willr)[0], 1e-3)
  })

  it('Aroon(5): atoz.txt aroon (page 67)', () => {
    const [h = [], l = []] = inputs(tulip.aroon)
    const a = ind.aroon(bars(h, l), 5)
    const [down, up] = outputs(tulip.aroon)
    expectTail(a.down, down, 1e-9)
    expectTail(a.up, up, 1e-9)
  })

  it('Stochastic (5, 3, slowing 3): atoz.txt stoch (page 325)', () => {
    const [h = [], l = [], c = []] = inputs(tulip.stoch)
    const s = ind.stochastic(bars(h, l, c), 5, 3, 3)
    const [k, d] = outputs(tulip.stoch)
    // Tulip starts %K where %D starts.
    expectTail(s.k, k, 1e-4, false)
    expectTail(s.d, d, 1e-4)
  })

  it('+DI, −DI (14) and ADX (14) seeded with period − 1 bars: atoz.txt di, adx', () => {
    const [h = [], l = [], c = []] = inputs(tulip.di)
    const d = ind.adx(bars(h, l, c), 14, 'period-1')
    const [plus, minus] = outputs(tulip.di)
    expectTail(d.plusDi, plus, 1e-4)
    expectTail(d.minusDi, minus, 1e-4)
    // DX needs no true range: the ranges cancel between the two DIs.
    const [ah = [], al = []] = inputs(tulip.adx)
    expectTail(ind.adx(bars(ah, al), 14, 'period-1').adx, outputs(tulip.adx)[0], 1e-4)
  })

  it('Bollinger(5, 2): atoz.txt bbands (page 73)', () => {
    const [c = []] = inputs(tulip.bbands)
    const b = ind.bollinger(col(c), 5, 2)
    const [lower, middle, upper] = outputs(tulip.bbands)
    expectTail(b.lower, lower, 1e-4)
    expectTail(b.middle, middle, 1e-4)
    expectTail(b.upper, upper, 1e-4)
  })

  it('Population standard deviation (5): atoz.txt stddev (page 309)', () => {
    expectTail(
      ind.rollingStd(col(inputs(tulip.stddev)[0] ?? []), 5),
      outputs(tulip.stddev)[0],
      1e-4,
    )
  })

  it('RSI(5): atoz.txt rsi (page 299)', () => {
    expectTail(ind.rsi(col(inputs(tulip.rsi)[0] ?? []), 5), outputs(tulip.rsi)[0], 1e-4)
  })

  it('SMA(5), WMA(5), Wilder’s smoothing (5): atoz.txt sma, wma, wilders', () => {
    expectTail(ind.sma(col(inputs(tulip.sma)[0] ?? []), 5), outputs(tulip.sma)[0], 1e-3)
    expectTail(ind.wma(col(inputs(tulip.wma)[0] ?? []), 5), outputs(tulip.wma)[0], 1e-4)
    expectTail(ind.smma(col(inputs(tulip.wilders)[0] ?? []), 5), outputs(tulip.wilders)[0], 1e-4)
  })

  it('Stochastic RSI(5): extra.txt stochrsi, scaled to 0–100', () => {
    const r = ind.stochRsi(col(inputs(tulip.stochrsi)[0] ?? []), 5).map((x) => x / 100)
    expectTail(r, outputs(tulip.stochrsi)[0], 1e-4)
  })

  it('KAMA(4), seeded with the price: extra.txt kama', () => {
    // The hand computation carries rounded intermediates: Tulip's own suite allows 0.001
    // (utils/minctest.h, LTEST_FLOAT_TOLERANCE).
    const k = ind.kama(col(inputs(tulip.kama)[0] ?? []), 4, 2, 30, 'price')
    expectTail(k, outputs(tulip.kama)[0], 1e-3)
  })

  it('Momentum(3): extra.txt mom', () => {
    expectTail(ind.momentum(col(inputs(tulip.mom)[0] ?? []), 3), outputs(tulip.mom)[0], 0)
  })
})
