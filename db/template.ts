import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { openLocalDb } from './client'
import { findMigrationsFolder, migrateLocal } from './migrate'

// Creating a PGlite cluster (initdb inside WebAssembly) and applying every migration takes many
// seconds on a small machine. The build does it once and keeps the resulting data directory as
// a gzipped tarball; a first run unpacks it instead. The file name carries a fingerprint of every
// migration file, so a template is only ever used for exactly the migrations it was built from,
// and the migrator still runs after loading it (a no-op when they match).

/** A fingerprint of the migration journal and every migration's SQL. */
export function migrationsFingerprint(folder: string = findMigrationsFolder()): string {
  const hash = createHash('sha256')
  hash.update(readFileSync(join(folder, 'meta', '_journal.json')))
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file)
    hash.update(readFileSync(join(folder, file)))
  }
  return hash.digest('hex').slice(0, 16)
}

/** Where the template for the current migrations lives: `out/db-template/<fingerprint>.tar.gz`. */
export function templatePath(folder: string = findMigrationsFolder()): string {
  const root = dirname(dirname(folder))
  return join(root, 'out', 'db-template', `${migrationsFingerprint(folder)}.tar.gz`)
}

/** The template for the current migrations, or null when none was built (or it is switched off). */
export function readTemplate(): Blob | null {
  // EDGEBOOK_NO_DB_TEMPLATE=1 forces initdb + every migration (the benchmark's from-scratch run).
  if (process.env.EDGEBOOK_NO_DB_TEMPLATE === '1') return null
  const path = templatePath()
  if (!existsSync(path)) return null
  return new Blob([readFileSync(path)])
}

/** Builds the template: a fresh cluster with every migration applied, dumped as a tarball. */
export async function buildTemplate(): Promise<{ path: string; bytes: number }> {
  const path = templatePath()
  const local = await openLocalDb(null)
  try {
    await migrateLocal(local.db)
    const dump = await local.client.dumpDataDir('gzip')
    const bytes = Buffer.from(await dump.arrayBuffer())
    mkdirSync(dirname(path), { recursive: true })
    // Write then rename, so a reader never sees half a template.
    writeFileSync(`${path}.tmp`, bytes)
    renameSync(`${path}.tmp`, path)
    return { path, bytes: bytes.length }
  } finally {
    await local.close()
  }
}
