import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLocalDb, type LocalDb } from '../../db/client'
import { migrateLocal } from '../../db/migrate'
import { buildTemplate, readTemplate, templatePath } from '../../db/template'
import { openCore } from '../../electron/core/core'
import { readCatalogue } from './catalogue'

describe('first-run database template', () => {
  let scratch: LocalDb
  let dir: string
  beforeAll(async () => {
    if (!existsSync(templatePath())) await buildTemplate()
    scratch = await openLocalDb(null)
    await migrateLocal(scratch.db)
    dir = mkdtempSync(join(tmpdir(), 'edgebook-template-'))
  })
  afterAll(async () => {
    await scratch?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('is named after the exact migrations it was built from', () => {
    expect(templatePath()).toMatch(/out[/\\]db-template[/\\][0-9a-f]{16}\.tar\.gz$/)
    expect(readTemplate()).not.toBeNull()
  })

  it('seeds a new data dir with the same catalogue as initdb plus every migration', async () => {
    const core = await openCore({ dataDir: dir })
    try {
      const fromTemplate = await readCatalogue(core.deps.db)
      const fromScratch = await readCatalogue(scratch.db)
      expect(fromTemplate).toEqual(fromScratch)
      const info = await core.registry.invoke('system-info', {})
      expect(info.ok && info.value.totalTables).toBeGreaterThan(100)
    } finally {
      await core.close()
    }
    // The cluster now lives on disk: a reopen is a plain warm open.
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true)
  })

  it('is ignored when switched off, so a first run falls back to the migrations', () => {
    process.env.EDGEBOOK_NO_DB_TEMPLATE = '1'
    try {
      expect(readTemplate()).toBeNull()
    } finally {
      delete process.env.EDGEBOOK_NO_DB_TEMPLATE
    }
  })
})
