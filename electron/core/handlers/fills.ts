import {
  listImportBatches,
  listMappingNames,
  listStoredFills,
  loadMapping,
  saveMapping,
} from '../../../db/repos/fills-repo'
import { IMPORT_FORMATS, mappingSchema, type FillsHandlers } from '../contract/fills'
import type { Deps } from '../deps'
import { DEFAULT_ZONES, FORMAT_LABELS } from '../domain/journal/import/index'
import { ImportRuns, importFills, previewFills, undoImport } from '../services/journal/import-fills'

/** Handlers of the `fills-*` and `import-*` channels. */
export function fillsHandlers(deps: Deps): FillsHandlers {
  const runs = new ImportRuns()
  return {
    'fills-import': (input) => importFills(deps, runs, input),

    'import-cancel': ({ batchId }) => Promise.resolve({ cancelled: runs.cancel(batchId) }),

    'fills-preview': (input) => previewFills(deps, input),

    'fills-list': async (input) => {
      const filter: Parameters<typeof listStoredFills>[1] = {
        offset: input.offset,
        limit: input.limit,
        includeUndone: input.includeUndone,
        sort: input.sort,
        direction: input.direction,
      }
      if (input.account !== undefined) filter.account = input.account
      if (input.symbol !== undefined) filter.symbol = input.symbol
      if (input.broker !== undefined) filter.broker = input.broker
      if (input.batchId !== undefined) filter.batchId = input.batchId
      const page = await listStoredFills(deps.db, filter)
      return { total: page.total, offset: input.offset, rows: page.rows }
    },

    'import-undo': ({ batchId }) => undoImport(deps, batchId),

    'import-list': async ({ limit }) => {
      const batches = await listImportBatches(deps.db, limit)
      return batches.map((b) => ({
        id: b.id,
        fileName: b.fileName,
        format: b.format,
        account: b.account,
        rowCount: b.rowCount,
        insertedCount: b.insertedCount,
        skippedCount: b.skippedCount,
        createdAt: b.createdAt,
        undoneAt: b.undoneAt,
      }))
    },

    'import-formats': () =>
      Promise.resolve(
        IMPORT_FORMATS.map((id) => ({
          id,
          label: FORMAT_LABELS[id],
          defaultZone: DEFAULT_ZONES[id],
        })),
      ),

    'import-save-mapping': async ({ name, mapping }) => {
      await saveMapping(deps.db, name, mapping)
      return { name }
    },

    'import-get-mapping': async ({ name }) => {
      const parsed = mappingSchema.safeParse(await loadMapping(deps.db, name))
      return parsed.success ? parsed.data : null
    },

    'import-list-mappings': () => listMappingNames(deps.db),
  }
}
