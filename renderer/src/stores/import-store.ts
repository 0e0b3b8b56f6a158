import { create } from 'zustand'
import type {
  FillDto,
  FillSort,
  ImportBatchDto,
  ImportFormat,
  ImportFormatInfo,
  ImportMapping,
  ImportPreview,
  ImportSummary,
  RawIn,
  SortDirection,
  WireError,
} from '../../../electron/core/contract/index'
import { callSafe, on, onDataChanged } from '../api/client'
import { uploadFile } from '../api/upload'
import type { Loadable } from './app-store'

/**
 * The file the trader picked, uploaded once: previews and the import name it by the core's
 * token instead of sending the bytes again.
 */
export type PickedFile = { name: string; token: string; size: number }

/** Where the wizard is. */
export type ImportStep = 'pick' | 'preview' | 'importing' | 'done'

/** Rows per `fills-list` call while the fills table scrolls. */
export const FILLS_PAGE_SIZE = 500

/** Text the fills table filters by; each matches case-insensitively anywhere in its column. */
export type FillsFilter = { account: string; symbol: string; broker: string }

/** The column and direction the fills table is ordered by. */
export type FillsOrder = { sort: FillSort; direction: SortDirection }

type Progress = { jobId: string; done: number; total: number; message: string }

type ImportState = {
  step: ImportStep
  file: PickedFile | null
  broker: ImportFormat | 'auto'
  /** Empty means the format's default zone. */
  tz: string
  /** Empty means the account the file names. */
  account: string
  mapping: ImportMapping | null
  formats: Loadable<ImportFormatInfo[]>
  mappingNames: string[]
  preview: Loadable<ImportPreview>
  summary: Loadable<ImportSummary>
  progress: Progress | null
  batches: Loadable<ImportBatchDto[]>

  /** Fills table: total of the current filter and the pages fetched so far. */
  fillsFilter: FillsFilter
  fillsOrder: FillsOrder
  fillsTotal: number | null
  fillsPages: Record<number, FillDto[]>
  fillsError: WireError | null

  loadFormats: () => Promise<void>
  pickFile: (name: string, bytes: ArrayBuffer) => Promise<void>
  setBroker: (broker: ImportFormat | 'auto') => Promise<void>
  setTz: (tz: string) => Promise<void>
  setAccount: (account: string) => Promise<void>
  setMapping: (mapping: ImportMapping | null) => Promise<void>
  saveMapping: (name: string) => Promise<WireError | null>
  loadMapping: (name: string) => Promise<void>
  runImport: () => Promise<void>
  /** Asks the running import to stop; it rolls back and the summary shows `cancelled`. */
  cancelImport: () => Promise<void>
  undo: (batchId: string) => Promise<WireError | null>
  reset: () => void
  loadBatches: () => Promise<void>
  setFillsFilter: (filter: FillsFilter) => void
  /** Orders the whole stored set (not only the fetched pages) by `order`, from the top. */
  setFillsOrder: (order: FillsOrder) => void
  /** Fetches the page holding row `index` unless it is cached or on its way. */
  ensureFillsPage: (index: number) => Promise<void>
  refreshFills: () => void
}

// Pages on their way, with the filter generation that asked for them.
const pending = new Map<number, number>()
let fillsGeneration = 0

/** Import wizard and fills table: the file, its preview, the import, batches, stored fills. */
export const useImportStore = create<ImportState>()((set, get) => {
  function source(): RawIn<'fills-import'> | null {
    const { file, broker, tz, account, mapping } = get()
    if (!file) return null
    const input: RawIn<'fills-import'> = {
      token: file.token,
      broker: mapping ? 'generic' : broker,
    }
    if (tz.trim() !== '') input.tz = tz.trim()
    if (account.trim() !== '') input.account = account.trim()
    if (mapping) input.mapping = mapping
    return input
  }

  async function refreshPreview(): Promise<void> {
    const input = source()
    if (!input) return
    set({ preview: { status: 'loading' } })
    const result = await callSafe('fills-preview', { ...input, limit: 50 })
    set({
      preview: result.ok
        ? { status: 'ready', value: result.value }
        : { status: 'error', error: result.error },
    })
  }

  on('import-progress', (p) => {
    if (get().step === 'importing') {
      set({ progress: { jobId: p.jobId, done: p.done, total: p.total, message: p.message ?? '' } })
    }
  })
  onDataChanged(['fills'], () => get().refreshFills())

  return {
    step: 'pick',
    file: null,
    broker: 'auto',
    tz: '',
    account: '',
    mapping: null,
    formats: { status: 'idle' },
    mappingNames: [],
    preview: { status: 'idle' },
    summary: { status: 'idle' },
    progress: null,
    batches: { status: 'idle' },
    fillsFilter: { account: '', symbol: '', broker: '' },
    fillsOrder: { sort: 'time', direction: 'desc' },
    fillsTotal: null,
    fillsPages: {},
    fillsError: null,

    async loadFormats() {
      set({ formats: { status: 'loading' } })
      const [formats, names] = await Promise.all([
        callSafe('import-formats', {}),
        callSafe('import-list-mappings', {}),
      ])
      set({
        formats: formats.ok
          ? { status: 'ready', value: formats.value }
          : { status: 'error', error: formats.error },
        mappingNames: names.ok ? names.value : [],
      })
    },

    async pickFile(name, bytes) {
      set({ step: 'preview', file: null, preview: { status: 'loading' } })
      const sent = await uploadFile(name, bytes)
      if (!sent.ok) {
        set({ preview: { status: 'error', error: sent.error } })
        return
      }
      set({
        file: { name, token: sent.token, size: bytes.byteLength },
        step: 'preview',
        summary: { status: 'idle' },
        mapping: null,
        broker: 'auto',
      })
      await refreshPreview()
    },

    async setBroker(broker) {
      set({ broker, mapping: broker === 'generic' ? get().mapping : null })
      await refreshPreview()
    },

    async setTz(tz) {
      set({ tz })
      await refreshPreview()
    },

    async setAccount(account) {
      set({ account })
      await refreshPreview()
    },

    async setMapping(mapping) {
      set({ mapping, broker: mapping ? 'generic' : get().broker })
      await refreshPreview()
    },

    async saveMapping(name) {
      const { mapping } = get()
      if (!mapping) return null
      const result = await callSafe('import-save-mapping', { name, mapping })
      if (!result.ok) return result.error
      const names = await callSafe('import-list-mappings', {})
      if (names.ok) set({ mappingNames: names.value })
      return null
    },

    async loadMapping(name) {
      const result = await callSafe('import-get-mapping', { name })
      if (result.ok && result.value) await get().setMapping(result.value)
    },

    async runImport() {
      const input = source()
      if (!input) return
      set({ step: 'importing', progress: null, summary: { status: 'loading' } })
      const result = await callSafe('fills-import', input)
      set({
        step: 'done',
        progress: null,
        summary: result.ok
          ? { status: 'ready', value: result.value }
          : { status: 'error', error: result.error },
      })
      await get().loadBatches()
    },

    async cancelImport() {
      const jobId = get().progress?.jobId
      if (jobId) await callSafe('import-cancel', { batchId: jobId })
    },

    async undo(batchId) {
      const result = await callSafe('import-undo', { batchId })
      await get().loadBatches()
      return result.ok ? null : result.error
    },

    reset() {
      set({
        step: 'pick',
        file: null,
        preview: { status: 'idle' },
        summary: { status: 'idle' },
        progress: null,
        mapping: null,
        broker: 'auto',
      })
    },

    async loadBatches() {
      const result = await callSafe('import-list', { limit: 50 })
      set({
        batches: result.ok
          ? { status: 'ready', value: result.value }
          : { status: 'error', error: result.error },
      })
    },

    setFillsFilter(filter) {
      set({ fillsFilter: filter })
      get().refreshFills()
    },

    setFillsOrder(order) {
      set({ fillsOrder: order })
      get().refreshFills()
    },

    refreshFills() {
      fillsGeneration++
      pending.clear()
      set({ fillsPages: {}, fillsTotal: null, fillsError: null })
      void get().ensureFillsPage(0)
    },

    async ensureFillsPage(index) {
      const page = Math.floor(index / FILLS_PAGE_SIZE)
      const generation = fillsGeneration
      if (get().fillsPages[page] || pending.get(page) === generation) return
      pending.set(page, generation)
      const { account, symbol, broker } = get().fillsFilter
      const { sort, direction } = get().fillsOrder
      const input: RawIn<'fills-list'> = {
        offset: page * FILLS_PAGE_SIZE,
        limit: FILLS_PAGE_SIZE,
        sort,
        direction,
      }
      if (account.trim() !== '') input.account = account.trim()
      if (symbol.trim() !== '') input.symbol = symbol.trim()
      if (broker.trim() !== '') input.broker = broker.trim()
      const result = await callSafe('fills-list', input)
      if (pending.get(page) === generation) pending.delete(page)
      // A filter change while this page was on its way makes it stale.
      if (generation !== fillsGeneration) return
      if (!result.ok) {
        set({ fillsError: result.error })
        return
      }
      set((s) => ({
        fillsTotal: result.value.total,
        fillsPages: { ...s.fillsPages, [page]: result.value.rows },
      }))
    },
  }
})
