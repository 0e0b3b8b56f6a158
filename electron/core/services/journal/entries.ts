// Orchestration of the journal-entry channels.
import {
  deleteEntry,
  listEntries,
  saveEntry,
  type EntryRow,
} from '../../../../db/repos/journal-repo'
import { localUserId } from '../../../../db/repos/rules-repo'
import { ErrorCode } from '../../contract/errors'
import { AppError } from '../../errors'
import type { Handle } from '../../../../db/query'

/** Which entries `journal-list-entries` returns. */
export type EntriesQuery = { from?: string; to?: string; campaignId?: string } | undefined

/** An entry as `journal-save-entry` receives it; `id` names the entry it replaces. */
export type EntrySave = {
  id?: string | undefined
  date: string
  entryType: string
  content: string
  mood?: string | null | undefined
  tags?: string[] | undefined
  campaignId?: string | null | undefined
}

/** Live entries, newest day first, within `[from, to]` or of one campaign. */
export async function findEntries(pg: Handle, query: EntriesQuery): Promise<EntryRow[]> {
  const filter: Parameters<typeof listEntries>[1] = {}
  if (query?.from) filter.from = query.from
  if (query?.to) filter.to = query.to
  if (query?.campaignId) filter.campaignId = query.campaignId
  return listEntries(pg, filter)
}

/** Creates an entry, or replaces the one with `id` (`not-found` if it does not exist). */
export async function writeEntry(pg: Handle, input: EntrySave): Promise<EntryRow> {
  return pg.transaction(async (tx) => {
    const saved = await saveEntry(tx, await localUserId(tx), input.id ?? null, {
      date: input.date,
      entryType: input.entryType,
      content: input.content,
      mood: input.mood ?? null,
      tags: [...new Set(input.tags ?? [])],
      campaignId: input.campaignId ?? null,
    })
    if (!saved) throw new AppError(ErrorCode.NotFound, `No journal entry ${input.id ?? ''}`)
    return saved
  })
}

/** Removes an entry; `not-found` when it does not exist. */
export async function removeEntry(pg: Handle, id: string): Promise<{ deleted: true }> {
  if (!(await deleteEntry(pg, id))) throw new AppError(ErrorCode.NotFound, `No journal entry ${id}`)
  return { deleted: true as const }
}
