import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { findMigrationsFolder, readJournal } from '../migrate'
import { objectRegistry } from './objects'
import { REGISTRY_PATH, realisationOf, renderRegistry } from './render'
import { listSchemaTables } from './schema-tables'
import { readSeeds } from './seeds'
import { tableRegistry } from './tables'

/** Result of checking the schema registry. */
export type RegistryReport = { tables: number; seedTables: number; problems: string[] }

/** Where the check reads from; the defaults are the repository's own files. */
export type CheckOptions = { seedsDir?: string; migrationsFolder?: string; registryPath?: string }

const SYNC_CLASSES = new Set(['ledger', 'lww', 'local'])

function migrationProblems(folder: string, sqlFiles: string[]): string[] {
  const problems: string[] = []
  const journal = readJournal(folder)
  journal.forEach((entry, i) => {
    if (entry.idx !== i) problems.push(`migration ${entry.tag}: idx ${entry.idx}, expected ${i}`)
    const prev = journal[i - 1]
    // drizzle's 0.x migrator silently skips a migration older than the last one applied.
    if (prev && entry.when <= prev.when) {
      problems.push(
        `migration ${entry.tag}: timestamp ${entry.when} is not after ${prev.tag} (${prev.when})`,
      )
    }
    if (!sqlFiles.includes(`${entry.tag}.sql`)) problems.push(`migration ${entry.tag}: no SQL file`)
  })
  for (const file of sqlFiles) {
    if (!journal.some((e) => `${e.tag}.sql` === file)) {
      problems.push(`migration file ${file} is not in meta/_journal.json`)
    }
  }
  return problems
}

/**
 * Checks that the registry tells the truth: every drizzle table is registered with a purpose,
 * owner, existing timestamp column(s) and a sync class; `lww` tables carry `updated_at` and
 * `deleted_at`; every table with `updated_at` has its trigger; every table, view and function a
 * seed document names is realised; `db/REGISTRY.md` is current; migration timestamps strictly
 * increase. Used by `npm run db:check` and `edgebook db check`.
 */
export async function checkRegistry(options: CheckOptions = {}): Promise<RegistryReport> {
  const problems: string[] = []
  const tables = listSchemaTables()
  const seeds = readSeeds(options.seedsDir)

  const folder = options.migrationsFolder ?? findMigrationsFolder()
  const sqlFiles = (await readdir(folder)).filter((f) => f.endsWith('.sql')).sort()
  const sql = (await Promise.all(sqlFiles.map((f) => readFile(join(folder, f), 'utf8')))).join('\n')
  problems.push(...migrationProblems(folder, sqlFiles))

  const schemaKeys = new Set(tables.map((t) => t.key))
  for (const key of Object.keys(tableRegistry)) {
    if (!schemaKeys.has(key)) problems.push(`${key}: registered but not in db/schema`)
  }
  for (const t of tables) {
    const meta = tableRegistry[t.key]
    if (!meta) {
      problems.push(`${t.key}: not in db/registry/tables.ts (purpose, owner, sync class)`)
      continue
    }
    if (meta.purpose.trim() === '') problems.push(`${t.key}: no purpose`)
    if (meta.owner.trim() === '') problems.push(`${t.key}: no owner module`)
    if (!SYNC_CLASSES.has(meta.sync)) problems.push(`${t.key}: unknown sync class ${meta.sync}`)
    if (meta.timestamps.length === 0) problems.push(`${t.key}: no timestamp column`)
    for (const c of meta.timestamps) {
      if (!t.columns.includes(c)) problems.push(`${t.key}: timestamp column ${c} does not exist`)
    }
    if (meta.sync === 'lww') {
      for (const c of ['updated_at', 'deleted_at']) {
        if (!t.columns.includes(c)) problems.push(`${t.key}: lww table without ${c}`)
      }
    }
    const on = `ON ${t.schema}.${t.name}\\s+FOR EACH ROW EXECUTE FUNCTION`
    if (
      t.columns.includes('updated_at') &&
      !new RegExp(`BEFORE UPDATE ${on} core\\.update_updated_at_column\\(\\)`).test(sql)
    ) {
      problems.push(`${t.key}: has updated_at but no update_updated_at_column trigger`)
    }
    if (
      meta.sync === 'ledger' &&
      !new RegExp(`BEFORE UPDATE OR DELETE ${on} journal\\.reject_ledger_mutation\\(\\)`).test(sql)
    ) {
      problems.push(`${t.key}: ledger table without the reject_ledger_mutation trigger`)
    }
    for (const r of meta.realises) {
      if (!seeds.some((o) => o.kind === 'table' && o.seed === r.seed && o.name === r.table)) {
        problems.push(`${t.key}: realises seed ${r.seed} ${r.table}, which that seed does not name`)
      }
    }
  }

  for (const o of objectRegistry) {
    const [schema, name] = o.name.split('.')
    const create = o.kind === 'view' ? 'VIEW' : '(?:OR REPLACE )?FUNCTION'
    if (!new RegExp(`CREATE ${create} ${schema ?? ''}\\.${name ?? ''}\\s*[(\\s]`).test(sql)) {
      problems.push(`${o.kind} ${o.name}: no CREATE statement in db/migrations`)
    }
  }

  for (const o of seeds) {
    if (!realisationOf(o)) problems.push(`seed ${o.seed} ${o.kind} ${o.name}: not realised`)
  }

  const registryPath = options.registryPath ?? REGISTRY_PATH
  const expected = renderRegistry(options.seedsDir)
  const actual = existsSync(registryPath) ? await readFile(registryPath, 'utf8') : null
  if (actual !== expected) problems.push('db/REGISTRY.md is stale: run npm run db:registry')

  return {
    tables: tables.length,
    seedTables: seeds.filter((o) => o.kind === 'table').length,
    problems,
  }
}
