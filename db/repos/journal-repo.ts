import { uuidv7 as mint } from '../uuidv7'
import { rawOf, type Handle } from '../query'

/** A live journal entry (seed 001 `journal_entries`); `campaignId` is stored in `trade_id`. */
export type EntryRow = {
  id: string
  date: string
  entryType: string
  content: string
  mood: string | null
  tags: string[]
  campaignId: string | null
  createdAt: string
  updatedAt: string
}

type RawEntry = {
  id: string
  date: string
  entry_type: string
  content: string
  mood: string | null
  tags: unknown
  trade_id: string | null
  created_at: Date
  updated_at: Date
}

function toEntry(r: RawEntry): EntryRow {
  return {
    id: r.id,
    date: r.date,
    entryType: r.entry_type,
    content: r.content,
    mood: r.mood,
    tags: Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : [],
    campaignId: r.trade_id,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  }
}

/** Live entries, newest day first, optionally within `[from, to]` or for one campaign. */
export async function listEntries(
  h: Handle,
  filter: { from?: string; to?: string; campaignId?: string } = {},
): Promise<EntryRow[]> {
  const params: unknown[] = []
  let where = ''
  if (filter.from) {
    params.push(filter.from)
    where += ` AND date >= $${params.length}`
  }
  if (filter.to) {
    params.push(filter.to)
    where += ` AND date <= $${params.length}`
  }
  if (filter.campaignId) {
    params.push(filter.campaignId)
    where += ` AND trade_id = $${params.length}`
  }
  const result = await rawOf(h).query<RawEntry>(
    `SELECT id, date, entry_type, content, mood, tags, trade_id, created_at, updated_at
       FROM journal.journal_entries WHERE deleted_at IS NULL${where}
      ORDER BY date DESC, created_at`,
    params,
  )
  return result.rows.map(toEntry)
}

/** Fields of an entry the trader writes. */
export type EntryWrite = Omit<EntryRow, 'id' | 'createdAt' | 'updatedAt'>

/** Creates an entry, or replaces the live one with `id`; null when `id` names no live entry. */
export async function saveEntry(
  h: Handle,
  userId: string,
  id: string | null,
  write: EntryWrite,
): Promise<EntryRow | null> {
  const params = [
    write.date,
    write.entryType,
    write.content,
    write.mood,
    JSON.stringify(write.tags),
    write.campaignId,
  ]
  const result = id
    ? await rawOf(h).query<RawEntry>(
        `UPDATE journal.journal_entries
            SET date = $2, entry_type = $3, content = $4, mood = $5, tags = $6::jsonb, trade_id = $7
          WHERE id = $1 AND deleted_at IS NULL
          RETURNING id, date, entry_type, content, mood, tags, trade_id, created_at, updated_at`,
        [id, ...params],
      )
    : await rawOf(h).query<RawEntry>(
        `INSERT INTO journal.journal_entries
           (id, account_id, date, entry_type, content, mood, tags, trade_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
         RETURNING id, date, entry_type, content, mood, tags, trade_id, created_at, updated_at`,
        [mint(), userId, ...params],
      )
  const row = result.rows[0]
  return row ? toEntry(row) : null
}

/** Tombstones an entry; false when it does not exist. */
export async function deleteEntry(h: Handle, id: string): Promise<boolean> {
  const result = await rawOf(h).query(
    `UPDATE journal.journal_entries SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  )
  return (result.affectedRows ?? 0) > 0
}

/** Tags of the live entries linked to each campaign, for the tag breakdown. */
export async function tagsByCampaign(h: Handle): Promise<Map<string, string[]>> {
  const result = await rawOf(h).query<{ trade_id: string; tags: unknown }>(
    `SELECT trade_id, tags FROM journal.journal_entries
      WHERE deleted_at IS NULL AND trade_id IS NOT NULL`,
  )
  const map = new Map<string, string[]>()
  for (const row of result.rows) {
    const tags = Array.isArray(row.tags)
      ? row.tags.filter((t): t is string => typeof t === 'string')
      : []
    map.set(row.trade_id, [...new Set([...(map.get(row.trade_id) ?? []), ...tags])])
  }
  return map
}
