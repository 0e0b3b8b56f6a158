import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listProbeStrategies } from '../../../../db/repos/probe-strategies-repo'
import type { Catalogue } from '../../../../electron/core/domain/probes/catalogue'
import { validateCatalogue } from '../../../../electron/core/domain/probes/validate'
import {
  checkEntryRules,
  shippedCatalogue,
} from '../../../../electron/core/services/probes/catalogue'
import { seedCatalogue } from '../../../../electron/core/services/probes/seed-catalogue'
import { openTestCore, type TestCore } from '../../../support/core'

const shipped = shippedCatalogue()
if (!shipped.ok) throw new Error(shipped.error.message)
const v1 = shipped.value

type Snapshot = { name: string; is_active: boolean; updated_at: string; details: unknown }

async function snapshot(core: TestCore): Promise<Snapshot[]> {
  const r = await core.pg.query<Snapshot>(
    'SELECT name, is_active, updated_at::text, details FROM strategy.probe_strategies ORDER BY name',
  )
  return r.rows
}

describe('catalogue seeding', () => {
  let core: TestCore
  beforeAll(async () => {
    core = await openTestCore()
  }, 120_000)
  afterAll(async () => {
    await core.close()
  })

  it('seeds the shipped catalogue when the core opens', async () => {
    const rows = await listProbeStrategies(core.deps.db)
    expect(rows.map((r) => r.name)).toEqual(v1.strategies.map((e) => e.name).sort())
    const turtle = rows.find((r) => r.name === 'turtle-system-1')
    const entry = v1.strategies.find((e) => e.name === 'turtle-system-1')
    expect(turtle).toMatchObject({
      displayName: entry?.displayName,
      strategyType: 'breakout',
      direction: 'both',
      isActive: true,
      details: { catalogueVersion: v1.version, source: entry?.source, rules: entry?.rules },
    })
    expect(turtle?.details.orders).toEqual(entry?.orders)
  })

  it('changes nothing when the same version is seeded again', async () => {
    const before = await snapshot(core)
    const outcome = await seedCatalogue(core.deps.db, v1)
    expect(outcome).toEqual({
      version: v1.version,
      storedVersion: v1.version,
      written: 0,
      deactivated: 0,
    })
    expect(await snapshot(core)).toEqual(before)
  })

  it('updates by name and deactivates dropped entries on a newer version, keeping ids', async () => {
    const ids = new Map((await listProbeStrategies(core.deps.db)).map((r) => [r.name, r.id]))
    const [dropped, changed, ...rest] = v1.strategies
    if (!dropped || !changed) throw new Error('catalogue too small')
    const v2: Catalogue = {
      version: v1.version + 1,
      strategies: [{ ...changed, displayName: 'Renamed in v2' }, ...rest],
    }
    const outcome = await seedCatalogue(core.deps.db, v2)
    expect(outcome).toMatchObject({ written: v2.strategies.length, deactivated: 1 })
    const all = await listProbeStrategies(core.deps.db, { withInactive: true })
    expect(all).toHaveLength(v1.strategies.length)
    expect(all.find((r) => r.name === dropped.name)).toMatchObject({ isActive: false })
    const renamed = all.find((r) => r.name === changed.name)
    expect(renamed).toMatchObject({ displayName: 'Renamed in v2', isActive: true })
    expect(renamed?.details.catalogueVersion).toBe(v2.version)
    for (const r of all) expect(r.id).toBe(ids.get(r.name))
    const active = await listProbeStrategies(core.deps.db)
    expect(active.map((r) => r.name)).not.toContain(dropped.name)
    // Filtering by family reads active rows of that family only.
    const trend = await listProbeStrategies(core.deps.db, { family: 'trend' })
    expect(trend.length).toBeGreaterThan(0)
    expect(trend.every((r) => r.strategyType === 'trend' && r.isActive)).toBe(true)
  })

  it('keeps the newer version when an older file is seeded', async () => {
    const before = await snapshot(core)
    const outcome = await seedCatalogue(core.deps.db, v1)
    expect(outcome.written).toBe(0)
    expect(await snapshot(core)).toEqual(before)
    const count = await core.pg.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM strategy.probe_strategies WHERE is_active',
    )
    expect(count.rows[0]).toEqual({ n: v1.strategies.length - 1 })
  })
})

describe('catalogue seeding at core open', () => {
  it('seeds a new data dir once; re-opening it writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgebook-catalogue-'))
    try {
      const first = await openTestCore(dir)
      const before = await snapshot(first)
      await first.close()
      expect(before).toHaveLength(v1.strategies.length)
      const again = await openTestCore(dir)
      try {
        expect(await snapshot(again)).toEqual(before)
      } finally {
        await again.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)
})

describe('catalogue validation', () => {
  const entry = v1.strategies[0]
  if (!entry) throw new Error('empty catalogue')

  it('names the file, the entry and the field of each problem', () => {
    const bad = {
      version: 2,
      strategies: [
        { ...entry, source: '', strategyType: 'astrology' },
        {
          ...entry,
          name: 'second',
          rules: {
            elements: [
              { type: 'param', name: 'n', default: 50, min: 1, max: 10, step: 1 },
              { type: 'indicator', id: 'x', indicator: 'sma', params: { period: 'n' } },
              {
                type: 'entry',
                side: 'long',
                when: { type: 'compare', left: 'x', op: '>', right: 1 },
              },
            ],
          },
          orders: { exitAfterBars: 0 },
        },
        { ...entry },
      ],
    }
    const r = validateCatalogue(bad, 'catalogue.json', checkEntryRules)
    if (r.ok) throw new Error('expected a failure')
    const name = entry.name
    expect(r.error.code).toBe('invalid-catalogue')
    expect(r.error.issues?.map((i) => i.path.join('/'))).toEqual([
      `catalogue.json/strategies/0/${name}/source`,
      `catalogue.json/strategies/0/${name}/strategyType`,
      'catalogue.json/strategies/1/second/rules/elements/1/params/period',
      'catalogue.json/strategies/1/second/orders/exitAfterBars',
      'catalogue.json/strategies/1/second/rules/elements/0/default',
      `catalogue.json/strategies/2/${name}/name`,
    ])
    expect(r.error.message).toContain(
      `catalogue.json strategies.0.${name}.source: must be a non-empty string`,
    )
    expect(r.error.message).toContain(`"${name}" is already used by an earlier entry`)
  })

  it('refuses a file without a version or strategies', () => {
    const r = validateCatalogue({ strategies: [] }, 'c.json', checkEntryRules)
    expect(r.ok ? [] : r.error.issues?.map((i) => i.path)).toEqual([
      ['c.json', 'version'],
      ['c.json', 'strategies'],
    ])
  })
})
