import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBars } from '../../db/repos/market-repo'
import type { ProbeJobDto, ProbeLeaderboardDto } from '../../electron/core/contract/index'
import { runCli, runCliJson } from '../support/cli'
import { openTestCore } from '../support/core'
import { insertProbeFixtures } from '../support/probe-fixtures'
import { loadBars } from '../support/reference-bars'

// Through the `edgebook` bin itself (`npm run -s build:fast` first), on a data dir holding the
// fixture catalogue entries and two symbols' bars.
const TIMEOUT_MS = 300_000

let dir: string
let dataDir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgebook-probes-cli-'))
  dataDir = join(dir, 'data')
  const core = await openTestCore(dataDir)
  try {
    await insertProbeFixtures(core.deps.db)
    await core.deps.db.transaction(async (tx) => {
      for (const name of ['GOOG', 'BTCUSD'] as const) {
        await writeBars(tx, {
          symbol: name,
          timeframe: '1Day',
          bars: loadBars(name),
          source: 'test',
        })
      }
    })
  } finally {
    await core.close()
  }
}, TIMEOUT_MS)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('edgebook probes', () => {
  it(
    'runs a family over every stored series, then ranks, maps and exports it',
    async () => {
      const cli = <T>(args: string[]) => runCliJson<T>(['--data-dir', dataDir, ...args])
      const twice = await runCli([
        '--data-dir',
        dataDir,
        'probes',
        'run',
        '--timeframe',
        '1Day',
        '--all',
        '--symbols',
        'GOOG',
      ])
      expect(twice.code).not.toBe(0)
      expect(twice.stderr).toMatch(/--all and --symbols name the symbols twice/)
      const job = await cli<ProbeJobDto>([
        'probes',
        'run',
        '--family',
        'mean_reversion',
        '--timeframe',
        '1Day',
        '--all',
        '--json',
      ])
      expect(job).toMatchObject({
        status: 'completed',
        strategies: 2,
        symbols: ['BTCUSD', 'GOOG'],
        completed: 4,
      })
      expect(await cli<ProbeJobDto>(['probes', 'status', job.id, '--json'])).toMatchObject({
        id: job.id,
        status: 'completed',
      })
      const csv = join(dir, 'board.csv')
      const board = await cli<ProbeLeaderboardDto>([
        'probes',
        'leaderboard',
        job.id,
        '--csv',
        csv,
        '--json',
      ])
      expect(board.leaderboard.rows.map((r) => r.family)).toEqual([
        'mean_reversion',
        'mean_reversion',
      ])
      expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(3)
      const text = await runCli(['--data-dir', dataDir, 'probes', 'leaderboard', job.id])
      expect(text.stdout).toMatch(/Deflated Sharpe ratio of the leader/)
      const heat = await runCli(['--data-dir', dataDir, 'probes', 'heatmap', job.id])
      expect(heat.stdout).toMatch(/^mean_reversion\s+-?[\d.—]+\s+-?[\d.—]+$/m)
      const resumed = await runCli(['--data-dir', dataDir, 'probes', 'resume', job.id])
      expect(resumed.code).not.toBe(0)
      expect(resumed.stderr).toMatch(/already completed/)
    },
    TIMEOUT_MS,
  )
})
