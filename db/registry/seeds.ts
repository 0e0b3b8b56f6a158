import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { findMigrationsFolder } from '../migrate'

/** A table, view or function named by a seed document. */
export type SeedObject = {
  /** Seed number, e.g. `'001'` (the file name's prefix). */
  seed: string
  name: string
  kind: 'table' | 'view' | 'function'
}

/** The seed schema documents, copied into the repo so the check runs from a clean clone. */
export const SEEDS_DIR = join(dirname(findMigrationsFolder()), 'registry', 'seeds')

// A heading that is just an identifier, optionally numbered and backticked:
// "### `tickers`", "#### `stock_aggs` (Polygon Aggregates)", "### 3. `ai_signals` - …",
// "### autonomous_config". Prose headings start with a capital letter and do not match.
const HEADING = /^(#{2,4})\s+(?:\d+\.\s+)?`?([a-z][a-z0-9_]*)`?(?:\s|$)/
const SECTION = /^##\s+(.*)$/
const CREATE_TABLE = /CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)\s*\(/gi
const CREATE_FUNCTION = /CREATE (?:OR REPLACE )?FUNCTION ([a-z_][a-z0-9_]*)\s*\(/gi
// Seed 000 lists tables that have insert methods but no heading: "| greeks_snapshots | `store_greeks()` | …".
const TABLE_ROW = /^\|\s*([a-z][a-z0-9_]*)\s*\|\s*`[a-z_]+\(\)`/
// Seed 003 lists its maintenance functions as "- `cleanup_old_feature_data()`: …".
const FUNCTION_BULLET = /^-\s+`([a-z_][a-z0-9_]*)\(\)`/

/**
 * The tables, views and functions a seed document names. Tables come from identifier headings,
 * `CREATE TABLE` statements and seed 000's table of not-yet-wired tables; headings under a
 * section about views are views. Tables a seed lists as dropped (bullets, not headings) and
 * Redis key patterns are not schema objects and are not returned.
 */
export function parseSeedDocument(seed: string, text: string): SeedObject[] {
  const found = new Map<string, SeedObject>()
  const add = (name: string, kind: SeedObject['kind']) => {
    const key = `${kind}:${name}`
    if (!found.has(key)) found.set(key, { seed, name, kind })
  }
  let section = ''
  let inCode = false
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode
    if (inCode) continue
    const sectionMatch = SECTION.exec(line)
    if (sectionMatch) section = sectionMatch[1] ?? ''
    const heading = HEADING.exec(line)
    if (heading?.[2]) add(heading[2], /view/i.test(section) ? 'view' : 'table')
    const row = TABLE_ROW.exec(line)
    if (row?.[1]) add(row[1], 'table')
    const bullet = FUNCTION_BULLET.exec(line)
    if (bullet?.[1]) add(bullet[1], 'function')
  }
  for (const m of text.matchAll(CREATE_TABLE)) if (m[1]) add(m[1].toLowerCase(), 'table')
  for (const m of text.matchAll(CREATE_FUNCTION)) if (m[1]) add(m[1].toLowerCase(), 'function')
  return [...found.values()]
}

/** Every object named by the seed documents in `dir`, in seed order. */
export function readSeeds(dir: string = SEEDS_DIR): SeedObject[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_.*\.txt$/.test(f))
    .sort()
    .flatMap((f) => parseSeedDocument(f.slice(0, 3), readFileSync(join(dir, f), 'utf8')))
}
