import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, runCliJson } from '../support/cli'
import type { CatalogueListDto } from '../../electron/core/contract/index'

// Through the `edgebook` bin itself, as a trader runs it (`npm run -s build:fast` first).
const TIMEOUT_MS = 180_000

let dir: string
let dataDir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgebook-probes-cli-'))
  dataDir = join(dir, 'data')
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('edgebook probes catalogue', () => {
  it(
    'lists at least 100 strategies in at least 5 families, each with its source',
    async () => {
      const list = await runCliJson<CatalogueListDto>([
        '--data-dir',
        dataDir,
        'probes',
        'catalogue',
        '--json',
      ])
      expect(list.version).toBeGreaterThanOrEqual(1)
      expect(list.strategies.length).toBeGreaterThanOrEqual(100)
      expect(new Set(list.strategies.map((s) => s.strategyType)).size).toBeGreaterThanOrEqual(5)
      for (const s of list.strategies) {
        expect(s.details.source.length, s.name).toBeGreaterThan(10)
        expect(s.details.rules.elements.length, s.name).toBeGreaterThan(0)
      }
    },
    TIMEOUT_MS,
  )

  it(
    'filters by family, prints a table, and refuses an unknown family',
    async () => {
      const trend = await runCliJson<CatalogueListDto>([
        '--data-dir',
        dataDir,
        'probes',
        'catalogue',
        '--family',
        'seasonal',
        '--json',
      ])
      expect(trend.strategies.length).toBeGreaterThan(0)
      expect(trend.strategies.every((s) => s.strategyType === 'seasonal')).toBe(true)
      const text = await runCli([
        '--data-dir',
        dataDir,
        'probes',
        'catalogue',
        '--family',
        'seasonal',
      ])
      expect(text.code).toBe(0)
      expect(text.stdout).toContain('turn-of-month')
      expect(text.stdout).toMatch(/catalogue version \d+: \d+ strategies/)
      const bad = await runCli(['--data-dir', dataDir, 'probes', 'catalogue', '--family', 'astro'])
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain('--family')
    },
    TIMEOUT_MS,
  )
})
