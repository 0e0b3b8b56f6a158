import type { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliOnlyFields, inputs } from '../../electron/core/contract/index'
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
    await core.pg.query(
      `INSERT INTO core.app_settings (key, value) VALUES ('a', '1'), ('b', '2'), ('c', '3')`,
    )
    const after = await core.value('system-info', {})
    expect(coreRows(after) - coreRows(before)).toBe(3)
    await core.pg.query(`DELETE FROM core.app_settings WHERE key IN ('a', 'b', 'c')`)
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

  it('answers Object.prototype names as unknown channels and keeps answering', async () => {
    for (const channel of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '__defineGetter__',
      'isPrototypeOf',
    ]) {
      for (const caller of ['cli', 'page'] as const) {
        const result = await core.registry.invoke(channel, {}, caller)
        expect(result, channel).toMatchObject({ ok: false, error: { code: 'not-found' } })
      }
    }
    expect((await core.registry.invoke('system-info', {})).ok).toBe(true)
  })

  it('answers a non-string channel and a hostile input as data, never a rejection', async () => {
    const weird = await core.registry.invoke(42 as unknown as string, {})
    expect(weird).toMatchObject({ ok: false, error: { code: 'not-found' } })
    // A getter that throws while the schema reads it: the parse is inside the error boundary.
    const hostile = {
      get limit(): number {
        throw new Error('boom')
      },
    }
    const result = await core.registry.invoke('fills-list', hostile, 'page')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(['invalid-input', 'internal']).toContain(result.error.code)
  })
})

describe('registry: caller kinds', () => {
  let core: TestCore
  beforeAll(async () => {
    core = await openTestCore()
  })
  afterAll(async () => {
    await core.close()
  })

  it('refuses a file path from a page on every channel that reads files', async () => {
    const channels = Object.keys(cliOnlyFields)
    expect(channels.sort()).toEqual([
      'bars-import',
      'bars-preview',
      'fills-import',
      'fills-preview',
    ])
    for (const channel of channels) {
      const result = await core.registry.invoke(
        channel,
        { path: '/etc/passwd', symbol: 'X', timeframe: '1Day' },
        'page',
      )
      expect(result, channel).toMatchObject({
        ok: false,
        error: { code: 'unauthorized', issues: [{ path: ['path'] }] },
      })
      expect(JSON.stringify(result), channel).not.toContain('root:')
    }
  })

  it('lets the command line name a file by path', async () => {
    const result = await core.registry.invoke('fills-preview', { path: '/etc/passwd' }, 'cli')
    // Read (and refused as no broker format), not refused for who asked.
    expect(result.ok === false && result.error.code).not.toBe('unauthorized')
  })

  it('declares every input field that names a file or folder as CLI-only', () => {
    // Field names that look like paths but are not: a label for errors, a sort direction.
    const notPaths = new Set(['fileName', 'dir', 'direction'])
    const pathLike = /path|file|dir|folder/i
    const unwrap = (schema: z.ZodType): z.ZodType => {
      let current = schema as z.ZodType & { _zod: { def: Record<string, unknown> } }
      for (;;) {
        const def = current._zod.def
        const inner = (def.innerType ?? def.in) as typeof current | undefined
        if (!inner) return current
        current = inner
      }
    }
    const fieldsOf = (schema: z.ZodType, prefix: string): string[] => {
      const inner = unwrap(schema) as z.ZodType & { _zod: { def: Record<string, unknown> } }
      const shape = inner._zod.def.shape as Record<string, z.ZodType> | undefined
      if (!shape) return []
      return Object.entries(shape).flatMap(([key, child]) => [
        `${prefix}${key}`,
        ...fieldsOf(child, `${prefix}${key}.`),
      ])
    }
    const found: string[] = []
    for (const [channel, schema] of Object.entries(inputs as Record<string, z.ZodType>)) {
      for (const field of fieldsOf(schema, '')) {
        const leaf = field.split('.').at(-1) ?? field
        if (pathLike.test(leaf) && !notPaths.has(leaf)) found.push(`${channel}.${field}`)
      }
    }
    const declared = Object.entries(cliOnlyFields).flatMap(([channel, fields]) =>
      (fields ?? []).map((f) => `${channel}.${f}`),
    )
    expect(found.length).toBeGreaterThan(0)
    expect(found.sort()).toEqual(declared.sort())
  })
})
