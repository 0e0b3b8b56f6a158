import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ordersSchema, rulesStrategySchema } from '../../contract/backtest-spec'
import type { Catalogue } from '../../domain/probes/catalogue'
import { validateCatalogue, type RuleCheck } from '../../domain/probes/validate'
import type { DomainError, Result } from '../../domain/result'
import { wireIssues } from '../../zod-issues'

// The probe catalogue ships as data (resources/catalogue/catalogue.json) and is seeded into
// strategy.probe_strategies when the core opens and the table holds an older version.

/** The shipped catalogue, relative to the repository (or packaged app) root. */
const CATALOGUE = join('resources', 'catalogue', 'catalogue.json')

/**
 * Finds the shipped catalogue by walking up from this module, as `db/migrate.ts` finds the
 * migrations: the same code runs from source and bundled (`out/main/*.js`, the CLI's bundle), and
 * a packaged app carries `resources/` beside `db/migrations`.
 */
export function findCatalogueFile(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from
  for (;;) {
    const candidate = join(dir, CATALOGUE)
    if (existsSync(candidate)) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`${CATALOGUE} not found above ${from}`)
    dir = parent
  }
}

/** Checks an entry's rules and orders with the contract's schemas (the backtest's own parse). */
export const checkEntryRules: RuleCheck = (rules, orders) => {
  const issues: { path: (string | number)[]; message: string }[] = []
  const r = rulesStrategySchema.safeParse(rules)
  if (!r.success)
    for (const i of wireIssues(r.error)) issues.push({ ...i, path: ['rules', ...i.path] })
  if (orders !== undefined) {
    const o = ordersSchema.safeParse(orders)
    if (!o.success)
      for (const i of wireIssues(o.error)) issues.push({ ...i, path: ['orders', ...i.path] })
  }
  return issues
}

type Parsed = { ok: true; raw: unknown } | { ok: false; error: DomainError }

function parseFile(path: string): Parsed {
  try {
    return { ok: true, raw: JSON.parse(readFileSync(path, 'utf8')) }
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown)
    return {
      ok: false,
      error: { code: 'invalid-catalogue', message: `${basename(path)}: ${message}`, issues: [] },
    }
  }
}

/** Parses and validates a catalogue file; the error names the file, the entry and the field. */
export function readCatalogueFile(path: string): Result<Catalogue, DomainError> {
  const parsed = parseFile(path)
  if (!parsed.ok) return { ok: false, error: parsed.error }
  return validateCatalogue(parsed.raw, basename(path), checkEntryRules)
}

// The shipped file is parsed once per process; it is validated only when a data dir holds an
// older version, so a warm open costs one parse and one query.
let shippedFile: { path: string; parsed: Parsed } | null = null
let shipped: Result<Catalogue, DomainError> | null = null

function shippedParsed(): { path: string; parsed: Parsed } {
  if (!shippedFile) {
    const path = findCatalogueFile()
    shippedFile = { path, parsed: parseFile(path) }
  }
  return shippedFile
}

/** The shipped catalogue's `version` as written (null when the file does not parse). */
export function shippedCatalogueVersion(): number | null {
  const { parsed } = shippedParsed()
  if (!parsed.ok || typeof parsed.raw !== 'object' || parsed.raw === null) return null
  const version = (parsed.raw as { version?: unknown }).version
  return typeof version === 'number' ? version : null
}

/** The shipped catalogue, parsed and validated once per process. */
export function shippedCatalogue(): Result<Catalogue, DomainError> {
  if (!shipped) {
    const { path, parsed } = shippedParsed()
    shipped = parsed.ok
      ? validateCatalogue(parsed.raw, basename(path), checkEntryRules)
      : { ok: false, error: parsed.error }
  }
  return shipped
}
