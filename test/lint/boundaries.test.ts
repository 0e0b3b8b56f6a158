import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The project's own lint config, run on small snippets as if they were files of the core: each
// boundary rule must fire on a deliberate violation and stay quiet on an allowed import. Real
// file paths, so the type-aware parser finds them in the project; the text replaces their content.
const cwd = resolve(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd })
const DOMAIN_FILE = 'electron/core/domain/result.ts'
const HANDLER_FILE = 'electron/core/handlers/system.ts'
const CONTRACT_FILE = 'electron/core/contract/system.ts'

async function restricted(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(cwd, filePath) })
  return (result?.messages ?? [])
    .filter(
      (m) =>
        m.ruleId === 'no-restricted-imports' ||
        m.ruleId === '@typescript-eslint/no-restricted-imports',
    )
    .map((m) => m.message)
}

describe('lint boundaries', { timeout: 120_000 }, () => {
  it.each([
    ["import { createHash } from 'node:crypto'\nexport const h = createHash", 'platform'],
    ["import { z } from 'zod'\nexport const s = z.string()", 'validate at the boundary'],
    ["import { AppError } from '../errors'\nexport const E = AppError", 'never AppError'],
    ["import type { Db } from '../../../db/client'\nexport type D = Db", 'never imports db/'],
    [
      "import type { JournalStatsDto } from '../contract/journal'\nexport type J = JournalStatsDto",
      'the contract mirrors them',
    ],
  ])('refuses %j in the domain', async (code, reason) => {
    const messages = await restricted(`${code}\n`, DOMAIN_FILE)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toContain(reason)
  })

  it('lets the domain import the domain', async () => {
    const code = "import type { Bar } from './market/bars'\nexport type B = Bar\n"
    expect(await restricted(code, DOMAIN_FILE)).toEqual([])
  })

  it('refuses a handler importing another handler', async () => {
    const code = "import { syncHandlers } from './sync'\nexport const s = syncHandlers\n"
    const messages = await restricted(code, HANDLER_FILE)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toContain('never imports another handler')
  })

  it('lets a handler import a repo and the contract', async () => {
    const code = [
      "import type { SystemHandlers } from '../contract/system'",
      "import { pingDb } from '../../../db/repos/system-repo'",
      'export type S = SystemHandlers',
      'export const p = pingDb',
      '',
    ].join('\n')
    expect(await restricted(code, HANDLER_FILE)).toEqual([])
  })

  it.each([
    ["import { prepareRun } from '../domain/backtest'\nexport const p = prepareRun", 'only types'],
    ["import { AppError } from '../errors'\nexport const E = AppError", 'only zod, itself'],
    ["import { loadBars } from '../services/backtest/run'\nexport const l = loadBars", 'only zod'],
    ["import type { Db } from '../../../db/client'\nexport type D = Db", 'only zod, itself'],
  ])('refuses %j in the contract (the renderer bundles it)', async (code, reason) => {
    const messages = await restricted(`${code}\n`, CONTRACT_FILE)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toContain(reason)
  })

  it('lets the contract import domain types, zod and itself', async () => {
    const code = [
      "import { z } from 'zod'",
      "import type { ParsedBacktestSpec } from '../domain/backtest/spec'",
      "import { ErrorCode } from './errors'",
      'export type P = ParsedBacktestSpec',
      'export const s = z.string()',
      'export const e = ErrorCode',
      '',
    ].join('\n')
    expect(await restricted(code, CONTRACT_FILE)).toEqual([])
  })
})
