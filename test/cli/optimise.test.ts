import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliJson } from '../support/cli'
import type {
  IndividualDto,
  OptimiseJobDto,
  WalkForwardDto,
} from '../../electron/core/contract/index'

// Through the `edgebook` bin itself, as a trader runs it (`npm run -s build:fast` first).
const GOOG_CSV = join(import.meta.dirname, '..', 'fixtures', 'bars', 'backtesting_py_GOOG.csv')
const TIMEOUT_MS = 240_000

let dir: string
let dataDir: string
const cli = <T>(args: string[]): Promise<T> => runCliJson<T>(['--data-dir', dataDir, ...args])

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgebook-optimise-cli-'))
  dataDir = join(dir, 'data')
  await cli(['bars', 'import', GOOG_CSV, '--symbol', 'GOOG', '--timeframe', '1Day', '--json'])
}, TIMEOUT_MS)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('edgebook optimise | walkforward', () => {
  it(
    'runs a seeded genetic algorithm, shows it again, and walks forward',
    async () => {
      const args = ['--symbol', 'GOOG', '--timeframe', '1Day', '--strategy', 'sma-cross']
      const job = await cli<OptimiseJobDto>([
        'optimise',
        'run',
        ...args,
        '--method',
        'genetic',
        '--objective',
        'sharpe',
        '--seed',
        '3',
        '--budget',
        '60',
        '--population',
        '12',
        '--json',
      ])
      expect(job.status).toBe('completed')
      expect(job.convergence).toHaveLength(5)
      expect(job.best!.fast!).toBeLessThan(job.best!.slow!)
      const shown = await cli<{ job: OptimiseJobDto; individuals: IndividualDto[]; total: number }>(
        ['optimise', 'show', job.id, '--json'],
      )
      expect(shown.job.best).toEqual(job.best)
      expect(shown.total).toBe(job.evaluations)
      expect(shown.individuals[0]!.fitness).toBeCloseTo(job.bestValue!, 5)

      const wf = await cli<WalkForwardDto>([
        'walkforward',
        'run',
        ...args,
        '--is',
        '500',
        '--oos',
        '400',
        '--anchored',
        '--method',
        'random',
        '--budget',
        '16',
        '--json',
      ])
      expect(wf.status).toBe('completed')
      expect(wf.anchored).toBe(true)
      expect(wf.windows.length).toBeGreaterThan(2)
      for (const w of wf.windows) expect(w.isFrom).toBe(wf.windows[0]!.isFrom)
      const again = await cli<WalkForwardDto>(['walkforward', 'show', wf.id, '--json'])
      expect(again.windows).toEqual(wf.windows)
      expect(again.stitched!.equity).toHaveLength(wf.windows.length * 400)
    },
    TIMEOUT_MS,
  )

  it(
    'takes the spelling other optimisers use: optimize --method ga --space … --trials N',
    async () => {
      const args = ['--symbol', 'GOOG', '--timeframe', '1Day', '--strategy', 'sma-cross']
      const space = ['--space', 'fast=5..30', '--space', 'slow=20..80:5']
      const spelled = await cli<OptimiseJobDto>([
        'optimize',
        ...args,
        '--method',
        'ga',
        ...space,
        '--trials',
        '30',
        '--seed',
        '7',
        '--json',
      ])
      const canonical = await cli<OptimiseJobDto>([
        'optimise',
        'run',
        ...args,
        '--method',
        'genetic',
        ...space,
        '--budget',
        '30',
        '--seed',
        '7',
        '--json',
      ])
      expect(spelled.status).toBe('completed')
      expect(spelled.budget).toBe(30)
      expect(spelled.evaluations).toBe(canonical.evaluations)
      expect(spelled.best).toEqual(canonical.best)
      expect(spelled.bestValue).toBe(canonical.bestValue)
      expect(spelled.best!.fast!).toBeGreaterThanOrEqual(5)
      expect(spelled.best!.slow!).toBeLessThanOrEqual(80)
    },
    TIMEOUT_MS,
  )
})
