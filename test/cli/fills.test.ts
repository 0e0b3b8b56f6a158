import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliOutcome } from '../support/cli'
import type { FillDto, FillPage } from '../../electron/core/contract/fills'

// Through the `edgebook` bin itself, as a trader runs it.
const SAMPLE = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'broker-samples',
  'ninjatrader8-executions-grid-2025-01-28.csv',
)
const TIMEOUT_MS = 180_000

let dir: string
let dataDir: string

const cliRaw = (args: string[]): Promise<CliOutcome> => runCli(['--data-dir', dataDir, ...args])

async function fills(args: string[]): Promise<FillPage> {
  const out = await cliRaw(['fills', ...args, '--json'])
  expect(out.code, out.stderr).toBe(0)
  return JSON.parse(out.stdout) as FillPage
}

/** Price, then time, then id, all one way: the order `fills --sort price` promises. */
function byPrice(rows: FillDto[], sign: 1 | -1): string[] {
  const cmp = (a: string | number, b: string | number) => (a === b ? 0 : a < b ? -1 : 1)
  return [...rows]
    .sort(
      (a, b) =>
        sign * (cmp(a.price, b.price) || cmp(a.executedAt, b.executedAt) || cmp(a.id, b.id)),
    )
    .map((r) => r.id)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgebook-cli-fills-'))
  dataDir = join(dir, 'data')
  const imported = await cliRaw(['import', 'fills', SAMPLE, '--tz', 'America/New_York', '--json'])
  expect(imported.code, imported.stderr).toBe(0)
}, TIMEOUT_MS)

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('edgebook fills', () => {
  it(
    'filters by text in any case and sorts the whole set with --sort and --desc',
    async () => {
      const mnq = await fills(['--symbol', 'mnq', '--limit', '5000'])
      expect(mnq.total).toBe(19)
      expect(mnq.rows.every((r) => r.symbol === 'MNQ MAR25')).toBe(true)

      const ascending = await fills(['--symbol', 'mnq', '--sort', 'price', '--limit', '5000'])
      expect(ascending.rows.map((r) => r.id)).toEqual(byPrice(mnq.rows, 1))
      const secondPage = await fills([
        '--symbol',
        'mnq',
        '--sort',
        'price',
        '--desc',
        '--offset',
        '5',
        '--limit',
        '5',
      ])
      expect(secondPage.total).toBe(19)
      expect(secondPage.rows.map((r) => r.id)).toEqual(byPrice(mnq.rows, -1).slice(5, 10))

      // --desc alone keeps the default order, newest first.
      const newest = await fills(['--desc', '--account', 'SIM1', '--limit', '3'])
      const plain = await fills(['--account', 'sim1', '--limit', '3'])
      expect(newest.rows.map((r) => r.id)).toEqual(plain.rows.map((r) => r.id))
      const times = newest.rows.map((r) => r.executedAt)
      expect(times).toHaveLength(3)
      expect(times).toEqual([...times].sort().reverse())
    },
    TIMEOUT_MS,
  )

  it(
    'refuses a column it cannot sort by, naming the ones it can',
    async () => {
      const bad = await cliRaw(['fills', '--sort', 'multiplier'])
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain('--sort must be one of time, account, symbol, side, qty')
    },
    TIMEOUT_MS,
  )
})
