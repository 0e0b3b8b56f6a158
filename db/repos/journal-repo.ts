import { and, asc, desc, eq, gte, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm'
import type { Handle } from '../query'
import { journalEntries } from '../schema/index'

/** A stored `journal_entries` row, typed from the schema. */
type EntryRecord = typeof journalEntries.$inferSelect

/** A live journal entry (seed 001 `journal_entries`); `campaignId` is stored in `trade_id`. */
export type EntryRow = Pick<EntryRecord, 'id' | 'date' | 'entryType' | 'content' | 'mood'> & {
  tags: string[]
  campaignId: EntryRecord['tradeId']
  createdAt: string
  updatedAt: string
}

const ENTRY_COLUMNS = {
  id: journalEntries.id,
  date: journalEntries.date,
  entryType: journalEntries.entryType,
  content: journalEntries.content,
  mood: journalEntries.mood,
  tags: journalEntries.tags,
  tradeId: journalEntries.tradeId,
  createdAt: journalEntries.createdAt,
  updatedAt: journalEntries.updatedAt,
}

/** The tags of a stored `tags` document: its strings (the column is free-form jsonb). */
function tagsOf(doc: unknown): string[] {
  return Array.isArray(doc) ? doc.filter((t): t is string => typeof t === 'string') : []
}

function toEntry(r: Pick<EntryRecord, keyof typeof ENTRY_COLUMNS>): EntryRow {
  return {
    id: r.id,
    date: r.date,
    entryType: r.entryType,
    content: r.content,
    mood: r.mood,
    tags: tagsOf(r.tags),
    campaignId: r.tradeId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

/** Live entries, newest day first, optionally within `[from, to]` or for one campaign. */
export async function listEntries(
  h: Handle,
  filter: { from?: string; to?: string; campaignId?: string } = {},
): Promise<EntryRow[]> {
  const where: SQL[] = [isNull(journalEntries.deletedAt)]
  if (filter.from) where.push(gte(journalEntries.date, filter.from))
  if (filter.to) where.push(lte(journalEntries.date, filter.to))
  if (filter.campaignId) where.push(eq(journalEntries.tradeId, filter.campaignId))
  const rows = await h
    .select(ENTRY_COLUMNS)
    .from(journalEntries)
    .where(and(...where))
    .orderBy(desc(journalEntries.date), asc(journalEntries.createdAt))
  return rows.map(toEntry)
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
  const values = {
    date: write.date,
    entryType: write.entryType,
    content: write.content,
    mood: write.mood,
    tags: write.tags,
    tradeId: write.campaignId,
  }
  const [row] = id
    ? await h
        .update(journalEntries)
        .set(values)
        .where(and(eq(journalEntries.id, id), isNull(journalEntries.deletedAt)))
        .returning(ENTRY_COLUMNS)
    : await h
        .insert(journalEntries)
        .values({ ...values, accountId: userId })
        .returning(ENTRY_COLUMNS)
  return row ? toEntry(row) : null
}

/** Tombstones an entry; false when it does not exist. */
export async function deleteEntry(h: Handle, id: string): Promise<boolean> {
  const rows = await h
    .update(journalEntries)
    .set({ deletedAt: sql`now()` })
    .where(and(eq(journalEntries.id, id), isNull(journalEntries.deletedAt)))
    .returning({ id: journalEntries.id })
  return rows.length > 0
}

/** Tags of the live entries linked to each campaign, for the tag breakdown. */
export async function tagsByCampaign(h: Handle): Promise<Map<string, string[]>> {
  const rows = await h
    .select({ tradeId: journalEntries.tradeId, tags: journalEntries.tags })
    .from(journalEntries)
    .where(and(isNull(journalEntries.deletedAt), isNotNull(journalEntries.tradeId)))
  const map = new Map<string, string[]>()
  for (const row of rows) {
    if (row.tradeId === null) continue
    map.set(row.tradeId, [...new Set([...(map.get(row.tradeId) ?? []), ...tagsOf(row.tags)])])
  }
  return map
}
