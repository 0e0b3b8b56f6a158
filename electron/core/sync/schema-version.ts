import { readJournal } from '../../../db/migrate'

/** The schema version this build speaks: the tag of its newest migration, e.g. `0004_sync`. */
export function localSchemaVersion(): string {
  const journal = readJournal()
  const last = journal[journal.length - 1]
  if (!last) throw new Error('the migration journal is empty')
  return last.tag
}

/** Position of a migration tag in the journal (its numeric prefix); -1 when unparsable. */
function tagIndex(tag: string): number {
  const m = /^(\d+)_/.exec(tag)
  return m ? Number(m[1]) : -1
}

/**
 * How the server's schema relates to this build's: `same`, `server-newer` (this build must be
 * updated) or `server-older` (the server must be migrated before it accepts our rows).
 */
export function compareSchemaVersions(
  local: string,
  server: string,
): 'same' | 'server-newer' | 'server-older' {
  if (local === server) return 'same'
  return tagIndex(server) > tagIndex(local) ? 'server-newer' : 'server-older'
}
