import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { findMigrationsFolder } from '../../db/migrate'
import { checkRegistry, type RegistryReport } from '../../db/registry/registry-check'
import { REGISTRY_PATH } from '../../db/registry/render'
import { listSchemaTables } from '../../db/registry/schema-tables'
import { parseSeedDocument, readSeeds, SEEDS_DIR } from '../../db/registry/seeds'
import { tableRegistry } from '../../db/registry/tables'

const run = promisify(execFile)
const ROOT = resolve(import.meta.dirname, '..', '..')
const scratch = mkdtempSync(join(tmpdir(), 'edgebook-registry-'))

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
})

function namesOf(seed: string, kind = 'table'): string[] {
  return readSeeds()
    .filter((o) => o.seed === seed && o.kind === kind)
    .map((o) => o.name)
}

describe('seed documents', () => {
  it('parse every table heading, CREATE TABLE and listed table of the five seeds', () => {
    expect(namesOf('000')).toHaveLength(63)
    expect(namesOf('001')).toHaveLength(19)
    expect(namesOf('002')).toHaveLength(21)
    expect(namesOf('003')).toHaveLength(11)
    expect(namesOf('004')).toHaveLength(10)
    expect(namesOf('000')).toEqual(expect.arrayContaining(['greeks_snapshots', 'price_history']))
    expect(namesOf('004')).toEqual(expect.arrayContaining(['users', 'execution_orders']))
    expect(namesOf('003', 'view')).toEqual(['enriched_ai_signals', 'latest_model_performance'])
    expect(namesOf('003', 'function')).toEqual([
      'cleanup_old_feature_data',
      'update_model_performance',
    ])
    expect(namesOf('004', 'function')).toEqual(['update_updated_at_column'])
  })

  it('skip dropped tables, Redis keys and prose headings', () => {
    const all = readSeeds().map((o) => o.name)
    for (const name of ['trade_intents', 'lot_closures', 'feature', 'active_positions', 'do']) {
      expect(all).not.toContain(name)
    }
  })

  it('recognise the heading styles the seeds use', () => {
    const doc = [
      '## Tables',
      '### `tickers`',
      '#### `stock_aggs` (Polygon Aggregates)',
      '### 3. `ai_signals` - Trading Signal Generation',
      '### autonomous_config',
      '### Storage Format',
      '- **`trade_intents`** - dropped',
      '| greeks_snapshots | `store_greeks()` | Needs wiring |',
      '## Integration Views',
      '### `enriched_ai_signals`',
      '```sql',
      'CREATE TABLE users (',
      '```',
    ].join('\n')
    expect(parseSeedDocument('009', doc)).toEqual([
      { seed: '009', name: 'tickers', kind: 'table' },
      { seed: '009', name: 'stock_aggs', kind: 'table' },
      { seed: '009', name: 'ai_signals', kind: 'table' },
      { seed: '009', name: 'autonomous_config', kind: 'table' },
      { seed: '009', name: 'greeks_snapshots', kind: 'table' },
      { seed: '009', name: 'enriched_ai_signals', kind: 'view' },
      { seed: '009', name: 'users', kind: 'table' },
    ])
  })
})

describe('checkRegistry', () => {
  let report: RegistryReport

  it('finds no problem in the repository as committed', async () => {
    report = await checkRegistry()
    expect(report.problems).toEqual([])
    expect(report.tables).toBe(listSchemaTables().length)
    expect(report.seedTables).toBe(124)
  })

  it('registers every table with a purpose, an existing timestamp column and a sync class', () => {
    for (const t of listSchemaTables()) {
      const meta = tableRegistry[t.key]
      expect(meta, t.key).toBeDefined()
      expect(meta?.purpose.length, t.key).toBeGreaterThan(0)
      expect(t.columns, t.key).toEqual(expect.arrayContaining(meta?.timestamps ?? ['?']))
    }
    expect(tableRegistry['journal.trade_fills']?.sync).toBe('ledger')
    expect(tableRegistry['journal.decision_contexts']?.sync).toBe('lww')
    expect(tableRegistry['market.ohlcv_bars']?.sync).toBe('local')
  })

  it('reports a seed table nobody realises', async () => {
    const seeds = join(scratch, 'seeds')
    cpSync(SEEDS_DIR, seeds, { recursive: true })
    writeFileSync(join(seeds, '005_extra.txt'), '## Tables\n\n### `mystery_table`\n')
    const res = await checkRegistry({ seedsDir: seeds })
    expect(res.problems).toContain('seed 005 table mystery_table: not realised')
  })

  it('reports a stale REGISTRY.md', async () => {
    const stale = join(scratch, 'REGISTRY.md')
    writeFileSync(stale, readFileSync(REGISTRY_PATH, 'utf8').replace('ledger', 'ledgr'))
    const res = await checkRegistry({ registryPath: stale })
    expect(res.problems).toEqual(['db/REGISTRY.md is stale: run npm run db:registry'])
  })

  it('reports migration timestamps that do not strictly increase', async () => {
    const folder = join(scratch, 'migrations')
    cpSync(findMigrationsFolder(), folder, { recursive: true })
    const journalPath = join(folder, 'meta', '_journal.json')
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
      entries: { tag: string; when: number }[]
    }
    const [first, second] = journal.entries
    if (!first || !second) throw new Error('expected at least two migrations')
    second.when = first.when
    writeFileSync(journalPath, JSON.stringify(journal))
    const res = await checkRegistry({ migrationsFolder: folder })
    expect(res.problems).toEqual([
      `migration ${second.tag}: timestamp ${first.when} is not after ${first.tag} (${first.when})`,
    ])
  })
})

describe('edgebook db check', () => {
  it('prints the report as JSON and exits 0', async () => {
    const { stdout } = await run(
      process.execPath,
      ['electron/cli/edgebook.mjs', 'db', 'check', '--json'],
      { cwd: ROOT, timeout: 60_000 },
    )
    const printed = JSON.parse(stdout) as RegistryReport
    expect(printed.problems).toEqual([])
    expect(printed.tables).toBe(listSchemaTables().length)
    expect(printed.seedTables).toBe(124)
  })
})
