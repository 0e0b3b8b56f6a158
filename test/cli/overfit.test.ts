import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, runCliJson, type CliOutcome } from '../support/cli'
import type {
  BatchJobDto,
  DrawdownsDto,
  DsrDto,
  MinTrlDto,
  PboDto,
  PsrDto,
} from '../../electron/core/contract/index'

// Through the `edgebook` bin itself, as a trader runs it (`npm run -s build:fast` first).
const GOOG_CSV = join(import.meta.dirname, '..', 'fixtures', 'bars', 'backtesting_py_GOOG.csv')
const TIMEOUT_MS = 180_000

let dir: string
let dataDir: string

const cliRaw = (args: string[]): Promise<CliOutcome> => runCli(['--data-dir', dataDir, ...args])

const cli = <T>(args: string[]): Promise<T> => runCliJson<T>(['--data-dir', dataDir, ...args])

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgebook-overfit-cli-'))
  dataDir = join(dir, 'data')
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

// Reference values: esvhd/pypbo, commit d5464572f90b22c53f5e2d422172b0051f9918e5,
// pypbo/tests/pbo_tests.py (the examples of Bailey & López de Prado's papers).
describe('edgebook overfit dsr | psr | mintrl', () => {
  it(
    'answer the papers’ examples, from annual or per-period figures',
    async () => {
      // test_dsr: SR 2.5 and V[SR] 0.5 annual, 250 days a year, N 100, T 1250, skew −3,
      // kurtosis 10 → 0.90039683444939034
      const dsr = await cli<DsrDto>([
        'overfit',
        'dsr',
        '--sharpe',
        String(2.5 / Math.sqrt(250)),
        '--trials',
        '100',
        '--sharpe-variance',
        String(0.5 / 250),
        '--observations',
        '1250',
        '--skew',
        '-3',
        '--kurtosis',
        '10',
        '--json',
      ])
      expect(dsr.dsr).toBeCloseTo(0.90039683444939034, 10)
      const annual = await cli<DsrDto>([
        'overfit',
        'dsr',
        '--sharpe',
        '2.5',
        '--per-year',
        '250',
        '--trials',
        '100',
        '--sharpe-variance',
        '0.5',
        '--observations',
        '1250',
        '--skew',
        '-3',
        '--kurtosis',
        '10',
        '--json',
      ])
      expect(annual.dsr).toBeCloseTo(0.90039683444939034, 10)
      // test_psr: SR 1.585 annual on 24 monthly returns, skew −2.448, kurtosis 10.164 →
      // 0.91323430688486018
      const psr = await cli<PsrDto>([
        'overfit',
        'psr',
        '--sharpe',
        '1.585',
        '--per-year',
        '12',
        '--observations',
        '24',
        '--skew',
        '-2.448',
        '--kurtosis',
        '10.164',
        '--json',
      ])
      expect(psr.psr).toBeCloseTo(0.91323430688486018, 12)
      // test_minTRL, daily normal case: 2.7311878017281761 years
      const trl = await cli<MinTrlDto>([
        'overfit',
        'mintrl',
        '--sharpe',
        '2',
        '--benchmark',
        '1',
        '--per-year',
        '250',
        '--json',
      ])
      expect(trl.observations / 250).toBeCloseTo(2.7311878017281761, 10)
    },
    4 * TIMEOUT_MS,
  )

  it(
    'exits non-zero with the reason for figures with no answer',
    async () => {
      const out = await cliRaw(['overfit', 'mintrl', '--sharpe', '0.1', '--benchmark', '0.2'])
      expect(out.code).not.toBe(0)
      expect(out.stderr).toContain('invalid-input')
      expect(out.stderr).toContain('benchmark')
    },
    TIMEOUT_MS,
  )
})

describe('edgebook overfit pbo', () => {
  it(
    'is 1 for a returns file whose in-sample best is always the out-of-sample worst',
    async () => {
      // Variant B mirrors A, and A sums to 0: whichever leads in sample trails out of sample.
      const a = Array.from({ length: 64 }, (_, t) => 0.01 * Math.sin(1.7 * t + 0.3))
      const mean = a.reduce((x, y) => x + y, 0) / a.length
      const file = join(dir, 'mirror.csv')
      writeFileSync(file, ['a,b', ...a.map((x) => `${x - mean},${mean - x}`)].join('\n'))
      const pbo = await cli<PboDto>([
        'overfit',
        'pbo',
        '--returns',
        file,
        '--blocks',
        '8',
        '--json',
      ])
      expect(pbo.pbo).toBe(1)
      expect(pbo.combinations).toBe(70)
      expect(pbo.variants).toBe(2)
    },
    TIMEOUT_MS,
  )

  it(
    'ranks a stored batch job and deflates its best run',
    async () => {
      await cli(['bars', 'import', GOOG_CSV, '--symbol', 'GOOG', '--timeframe', '1Day', '--json'])
      const batch = await cli<{ job: BatchJobDto }>([
        'batch',
        '--symbol',
        'GOOG',
        '--strategy',
        'sma-cross',
        '--grid',
        'fast=5..20:5',
        '--grid',
        'slow=30,40,50',
        '--json',
      ])
      const pbo = await cli<PboDto>(['overfit', 'pbo', batch.job.id, '--blocks', '8', '--json'])
      expect(pbo.jobId).toBe(batch.job.id)
      expect(pbo.variants).toBe(12)
      expect(pbo.pbo).toBeGreaterThanOrEqual(0)
      expect(pbo.pbo).toBeLessThanOrEqual(1)
      expect(pbo.best.trials).toBe(12)
      expect(Object.keys(pbo.best.variables ?? {}).sort()).toEqual(['fast', 'slow'])
      expect(pbo.best.dsr).toBeLessThanOrEqual(pbo.best.psr)
      const text = await cliRaw(['overfit', 'pbo', batch.job.id, '--blocks', '8'])
      expect(text.code, text.stderr).toBe(0)
      expect(text.stdout).toMatch(/^PBO \d\.\d{6} over 70 splits of 8 blocks \(12 variants/)
    },
    4 * TIMEOUT_MS,
  )
})

describe('edgebook overfit drawdowns', () => {
  it(
    'gives the same distribution for the same seed',
    async () => {
      const args = ['overfit', 'drawdowns', '--trades', '0.05,-0.02,0.03,-0.04,0.01,-0.03']
      const a = await cli<DrawdownsDto>([...args, '--runs', '300', '--seed', '4', '--json'])
      const b = await cli<DrawdownsDto>([...args, '--runs', '300', '--seed', '4', '--json'])
      expect(a).toEqual(b)
      expect(a.runs).toBe(300)
      expect(a.observed).toBeGreaterThan(0)
    },
    2 * TIMEOUT_MS,
  )
})
