import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRegistry } from '../../electron/core/registry'
import { openTestCore, type TestCore } from '../support/core'

describe('registry', () => {
  let core: TestCore
  beforeAll(async () => {
    core = await openTestCore()
  })
  afterAll(async () => {
    await core.close()
  })

  it('answers system-info with the applied schema version', async () => {
    const info = await core.value('system-info', {})
    expect(info.migrations).toBeGreaterThan(0)
    expect(info.schemaVersion).toMatch(/^\d{4}_/)
    expect(info.dataDir).toBeNull()
    expect(info.totalTables).toBe(info.schemas.reduce((n, s) => n + s.tables, 0))
  })

  it('counts rows exactly, per PG schema', async () => {
    const before = await core.value('system-info', {})
    const coreRows = (info: typeof before): number =>
      info.schemas.find((s) => s.schema === 'core')?.rows ?? 0
    await core.deps.pg.query(
      `INSERT INTO core.app_settings (key, value) VALUES ('a', '1'), ('b', '2'), ('c', '3')`,
    )
    const after = await core.value('system-info', {})
    expect(coreRows(after) - coreRows(before)).toBe(3)
    await core.deps.pg.query(`DELETE FROM core.app_settings WHERE key IN ('a', 'b', 'c')`)
    expect(coreRows(await core.value('system-info', {}))).toBe(coreRows(before))
  })

  it('rejects a malformed input with invalid-input and the field path', async () => {
    const result = await core.registry.invoke('system-info', { bogus: 1 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid-input')
    expect(result.error.issues?.length).toBeGreaterThan(0)
  })

  it('answers an unknown channel with not-found instead of throwing', async () => {
    const result = await core.registry.invoke('no-such-channel', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })

  it('binds every channel once', () => {
    const registry = createRegistry(core.deps)
    expect(new Set(registry.channels).size).toBe(registry.channels.length)
    expect(registry.channels).toContain('system-health')
  })
})
