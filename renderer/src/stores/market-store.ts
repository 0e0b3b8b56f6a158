import { create } from 'zustand'
import type {
  BarSeries,
  BarsImportResult,
  BarsPreview,
  SeriesCoverage,
  WireError,
} from '../../../electron/core/contract/index'
import { call, callSafe, onDataChanged } from '../api/client'
import { uploadFile } from '../api/upload'
import type { Loadable } from './app-store'

/** A file the user picked, uploaded to the core once: preview and import name it by its token. */
export type PickedFile = { name: string; token: string }

type MarketState = {
  coverage: Loadable<SeriesCoverage[]>
  file: PickedFile | null
  symbol: string
  timeframe: string
  tz: string
  preview: Loadable<BarsPreview>
  isImporting: boolean
  lastImport: BarsImportResult | null
  importError: WireError | null
  chart: { symbol: string; timeframe: string; bars: Loadable<BarSeries> } | null
  loadCoverage: () => Promise<void>
  /** Reads a file and previews it; suggests a symbol from its name. */
  pickFile: (file: File) => Promise<void>
  setField: (field: 'symbol' | 'timeframe' | 'tz', value: string) => void
  refreshPreview: () => Promise<void>
  importFile: () => Promise<void>
  showChart: (symbol: string, timeframe: string) => Promise<void>
  deleteSeries: (symbol: string, timeframe: string) => Promise<void>
  /** Reloads coverage when the core reports changed market data; returns the unsubscribe. */
  watch: () => () => void
}

/** A symbol guess from a file name: `backtesting_py_GOOG.csv` → `GOOG`. */
export function symbolFromName(name: string): string {
  const stem = name.replace(/\.[^.]+$/, '')
  const parts = stem.split(/[_\s-]+/).filter(Boolean)
  const upper = parts.filter((p) => /^[A-Z0-9.^]{1,12}$/.test(p))
  return (upper[upper.length - 1] ?? parts[0] ?? '').toUpperCase().slice(0, 20)
}

/** Market data: stored series, the file being imported, and the chart being shown. */
export const useMarketStore = create<MarketState>()((set, get) => ({
  coverage: { status: 'idle' },
  file: null,
  symbol: '',
  timeframe: '1Day',
  tz: '',
  preview: { status: 'idle' },
  isImporting: false,
  lastImport: null,
  importError: null,
  chart: null,
  async loadCoverage() {
    if (get().coverage.status !== 'ready') set({ coverage: { status: 'loading' } })
    const result = await callSafe('bars-coverage', { minMissing: 2, maxGaps: 20 })
    set({
      coverage: result.ok
        ? { status: 'ready', value: result.value }
        : { status: 'error', error: result.error },
    })
  },
  async pickFile(file) {
    // The name shows while the bytes cross; the token comes with the core's answer.
    set({
      file: { name: file.name, token: '' },
      lastImport: null,
      importError: null,
      preview: { status: 'loading' },
    })
    const sent = await uploadFile(file.name, await file.arrayBuffer())
    if (!sent.ok) {
      set({ file: null, preview: { status: 'error', error: sent.error } })
      return
    }
    set({ file: { name: file.name, token: sent.token }, symbol: symbolFromName(file.name) })
    await get().refreshPreview()
  },
  setField(field, value) {
    set({ [field]: value } as Pick<MarketState, typeof field>)
    if (field === 'tz' && get().file) void get().refreshPreview()
  },
  async refreshPreview() {
    const { file, tz } = get()
    if (!file?.token) return
    set({ preview: { status: 'loading' } })
    const result = await callSafe('bars-preview', {
      token: file.token,
      limit: 8,
      ...(tz ? { tz } : {}),
    })
    set({
      preview: result.ok
        ? { status: 'ready', value: result.value }
        : { status: 'error', error: result.error },
    })
  },
  async importFile() {
    const { file, symbol, timeframe, tz } = get()
    if (!file?.token) return
    set({ isImporting: true, importError: null, lastImport: null })
    const result = await callSafe('bars-import', {
      token: file.token,
      symbol,
      timeframe,
      ...(tz ? { tz } : {}),
    })
    set({
      isImporting: false,
      lastImport: result.ok ? result.value : null,
      importError: result.ok ? null : result.error,
      // A stored file's upload is released by the core: importing it again means picking it again.
      ...(result.ok ? { file: null, preview: { status: 'idle' as const } } : {}),
    })
    if (result.ok) {
      await get().loadCoverage()
      await get().showChart(result.value.symbol, result.value.timeframe)
    }
  },
  async showChart(symbol, timeframe) {
    set({ chart: { symbol, timeframe, bars: { status: 'loading' } } })
    const result = await callSafe('bars-get', { symbol, timeframe })
    set({
      chart: {
        symbol,
        timeframe,
        bars: result.ok
          ? { status: 'ready', value: result.value }
          : { status: 'error', error: result.error },
      },
    })
  },
  async deleteSeries(symbol, timeframe) {
    await call('bars-delete', { symbol, timeframe })
    const chart = get().chart
    if (chart && chart.symbol === symbol && chart.timeframe === timeframe) set({ chart: null })
    await get().loadCoverage()
  },
  watch() {
    return onDataChanged(['market'], () => void get().loadCoverage())
  },
}))
