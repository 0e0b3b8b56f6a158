import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BacktestStatsDto, BacktestTradeDto } from '../../electron/core/contract/backtest'
import { type BacktestSpec } from '../../electron/core/domain/backtest'
import { runSpec } from '../support/backtest'
import { runCli, runCliJson } from '../support/cli'
import { loadBars } from '../support/reference-bars'
import { expectClose, REFERENCE_SMA_CROSS_10_30 } from '../support/reference-values'
import { smaCrossRules } from '../support/sma-cross-rules'

// Through the `edgebook` bin itself, as a trader runs it.
const GOOG_CSV = join(import.meta.dirname, '..', 'fixtures', 'bars', 'backtesting_py_GOOG.csv')
const TIMEOUT_MS = 180_000

let dir: string
let dataDir: string

const cliRaw = runCli
const cli = <T>(args: string[]): Promise<T> => runCliJson<T>(['--data-dir', dataDir, ...args])

type RunOut = {
  id: number | null
  semantics: string[]
  stats: BacktestStatsDto
  trades: BacktestTradeDto[]
}

const goog = loadBars('GOOG')
const BASE = ['backtest', '--symbol', 'GOOG', '--timeframe', '1Day', '--json']

/**
 * The CLI's answer (statistics and trades) equals the engine's for `spec`, and leaving out any
 * one of `optional` (keys of the spec) changes the engine's answer: so none of those options was
 * dropped on the way from the command line to the engine.
 */
function expectReached(out: RunOut, spec: BacktestSpec, optional: string[]): void {
  const answer = (s: BacktestSpec): Pick<RunOut, 'stats' | 'trades'> => {
    const r = runSpec(goog, s)
    return { stats: r.stats, trades: r.trades }
  }
  const full = answer(spec)
  expect({ stats: out.stats, trades: out.trades }).toEqual(full)
  const orders = (spec.orders ?? {}) as Record<string, unknown>
  for (const key of optional) {
    const without: Record<string, unknown> = { ...spec, orders: { ...orders } }
    if (key.startsWith('orders.'))
      delete (without['orders'] as Record<string, unknown>)[key.slice(7)]
    else if (key.startsWith('commission.'))
      without['commission'] = { ...(spec.commission as object), [key.slice(11)]: 0 }
    else delete without[key]
    expect(answer(without as BacktestSpec), `${key} makes no difference here`).not.toEqual(full)
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgebook-backtest-cli-'))
  dataDir = join(dir, 'data')
  const imported = await cli<{ inserted: number }>([
    'bars',
    'import',
    GOOG_CSV,
    '--symbol',
    'GOOG',
    '--timeframe',
    '1Day',
    '--json',
  ])
  expect(imported.inserted).toBe(goog.close.length)
}, TIMEOUT_MS)

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('backtest on the command line', () => {
  it(
    '[CLI-BT-1] sma-cross 10/30 on GOOG equals the released backtesting.py 0.6.6 on every statistic',
    async () => {
      const r = await cli<RunOut>([
        ...BASE,
        '--strategy',
        'sma-cross',
        '--param',
        'fast=10',
        '--param',
        'slow=30',
      ])
      expect(r.stats.start).toBe('2004-08-19T00:00:00.000Z')
      expect(r.stats.end).toBe('2013-03-01T00:00:00.000Z')
      expectClose(r.stats, REFERENCE_SMA_CROSS_10_30)
      // Every numeric statistic the CLI prints is one the reference test asserts.
      const numeric = Object.keys(r.stats).filter((k) => k !== 'start' && k !== 'end')
      expect(numeric.sort()).toEqual(Object.keys(REFERENCE_SMA_CROSS_10_30).sort())
      expect(r.semantics.join(' ')).toMatch(/backtesting\.py 0\.6\.6/)
    },
    TIMEOUT_MS,
  )

  it(
    '[CLI-BT-2] costs, fraction sizing, limit entries, exits, finalize off, the 0.6.5 statistics and a range reach the engine',
    async () => {
      const r = await cli<RunOut>([
        ...BASE,
        '--dry-run',
        '--strategy',
        'sma-cross',
        '--param',
        'fast=10',
        '--param',
        'slow=30',
        '--cash',
        '50000',
        '--commission',
        '0.001',
        '--commission-per-unit',
        '0.01',
        '--commission-fixed',
        '1',
        '--spread',
        '0.0005',
        '--slippage',
        '0.0002',
        '--margin',
        '0.5',
        '--sizing',
        'fraction:0.5',
        '--units',
        'fractional',
        '--entry',
        'limit',
        '--entry-offset',
        '0.5',
        '--stop-loss',
        '6',
        '--take-profit',
        '12',
        '--trailing-stop',
        '9',
        '--finalize-trades',
        'off',
        '--stats',
        '0.6.5',
        '--from',
        '2005-01-01',
        '--to',
        '2012-12-31',
      ])
      expect(r.id).toBeNull()
      expectReached(
        r,
        {
          strategy: 'sma-cross',
          params: { fast: 10, slow: 30 },
          cash: 50_000,
          commission: { rate: 0.001, perUnit: 0.01, fixed: 1 },
          spread: 0.0005,
          slippage: 0.0002,
          margin: 0.5,
          sizing: { type: 'fraction', value: 0.5 },
          units: 'fractional',
          orders: {
            entry: 'limit',
            entryOffsetPct: 0.5,
            stopLossPct: 6,
            takeProfitPct: 12,
            trailingStopPct: 9,
          },
          finalizeTrades: false,
          statsConvention: '0.6.5',
          from: '2005-01-01',
          to: '2012-12-31',
        },
        [
          'cash',
          'commission',
          'commission.perUnit',
          'commission.fixed',
          'spread',
          'slippage',
          'margin',
          'sizing',
          'units',
          'orders.entry',
          'orders.entryOffsetPct',
          'orders.stopLossPct',
          'orders.takeProfitPct',
          'orders.trailingStopPct',
          'finalizeTrades',
          'statsConvention',
          'from',
          'to',
        ],
      )
      expect(r.semantics.join(' ')).toMatch(/0\.6\.5 convention/)
    },
    TIMEOUT_MS,
  )

  it(
    '[CLI-BT-3] risk sizing with stop entries and an ATR trailing stop, and whole-unit sizing, reach the engine',
    async () => {
      const risk = await cli<RunOut>([
        ...BASE,
        '--dry-run',
        '--strategy',
        'sma-cross',
        '--sizing',
        'risk:0.02',
        '--stop-loss',
        '4',
        '--entry',
        'stop',
        '--entry-offset',
        '1',
        '--trailing-atr',
        '14:3',
      ])
      expectReached(
        risk,
        {
          strategy: 'sma-cross',
          sizing: { type: 'risk', value: 0.02 },
          orders: {
            stopLossPct: 4,
            entry: 'stop',
            entryOffsetPct: 1,
            trailingAtr: { period: 14, multiple: 3 },
          },
        },
        ['orders.entry', 'orders.entryOffsetPct', 'orders.trailingAtr'],
      )
      const units = await cli<RunOut>([
        ...BASE,
        '--dry-run',
        '--strategy',
        'sma-cross',
        '--sizing',
        'units:7',
      ])
      expectReached(units, { strategy: 'sma-cross', sizing: { type: 'units', value: 7 } }, [
        'sizing',
      ])
    },
    TIMEOUT_MS * 2,
  )

  it(
    '[CLI-BT-4] strategies save FILE, then backtest --strategy user:ID with --sizing all and finalize on',
    async () => {
      const file = join(dir, 'my-sma-cross.json')
      writeFileSync(file, JSON.stringify({ ...smaCrossRules, name: 'sma cross as rules' }, null, 2))
      const saved = await cli<{ id: string; name: string }>(['strategies', 'save', file, '--json'])
      expect(saved.name).toBe('sma cross as rules')
      const r = await cli<RunOut & { strategy: { name: string } }>([
        ...BASE,
        '--strategy',
        `user:${saved.id}`,
        '--sizing',
        'all',
        '--finalize-trades',
        'on',
      ])
      expect(r.strategy.name).toBe('sma cross as rules')
      expect(typeof r.id).toBe('number')
      // Written as rules, SmaCross(10, 30) is still the reference run.
      expectClose(r.stats, REFERENCE_SMA_CROSS_10_30)
    },
    TIMEOUT_MS * 2,
  )

  it(
    '[CLI-BT-5] a bad strategy file is refused naming the file, the line and the field',
    async () => {
      const file = join(dir, 'typo.json')
      writeFileSync(
        file,
        [
          '{',
          '  "name": "typo",',
          '  "elements": [',
          '    { "type": "param", "name": "n", "default": 20 },',
          '    { "type": "indicator", "id": "m", "indicator": "smaa", "params": { "period": "$n" } },',
          '    { "type": "entry", "side": "long", "when": { "type": "compare", "left": "close", "op": ">", "right": "m" } }',
          '  ]',
          '}',
        ].join('\n'),
      )
      const bad = await cliRaw(['--data-dir', dataDir, 'strategies', 'save', file])
      expect(bad.code).toBe(1)
      expect(bad.stderr).toContain('invalid-input: typo.json line 5, field elements.1.indicator')

      const broken = join(dir, 'broken.json')
      writeFileSync(
        broken,
        '{\n  "name": "broken",\n  "elements": [\n    { "type": "param" },,\n  ]\n}\n',
      )
      const syntax = await cliRaw(['--data-dir', dataDir, 'strategies', 'save', broken])
      expect(syntax.code).toBe(1)
      expect(syntax.stderr).toMatch(/broken\.json line 4 column \d+: not valid JSON/)

      const list = await cli<{ user: { name: string }[] }>(['strategies', '--json'])
      expect(list.user.map((u) => u.name)).not.toContain('typo')
    },
    TIMEOUT_MS * 2,
  )

  it(
    '[CLI-BT-6] --help describes every run option; a malformed option is a usage error',
    async () => {
      const help = await cliRaw(['backtest', '--help'])
      expect(help.code).toBe(0)
      for (const option of [
        '--cash',
        '--commission',
        '--commission-per-unit',
        '--commission-fixed',
        '--spread',
        '--slippage',
        '--margin',
        '--sizing all|fraction:F|units:N|risk:F',
        '--units whole|fractional',
        '--entry market|limit|stop',
        '--entry-offset',
        '--stop-loss',
        '--take-profit',
        '--trailing-stop',
        '--trailing-atr',
        '--finalize-trades on|off',
        '--stats 0.6.6|0.6.5',
        '--from',
        '--strategy NAME|user:ID',
      ]) {
        expect(help.stdout, option).toContain(`  ${option}`)
      }
      const saveHelp = await cliRaw(['strategies', 'save', '--help'])
      expect(saveHelp.stdout).toContain('backtest --strategy user:ID')

      const bad = await cliRaw([
        '--data-dir',
        dataDir,
        ...BASE,
        '--strategy',
        'sma-cross',
        '--sizing',
        'half',
      ])
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain('--sizing half: expected all, fraction:F, units:N or risk:F')
    },
    TIMEOUT_MS,
  )
})
