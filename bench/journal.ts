// Journal benchmark: 100k synthetic fills over several accounts and symbols appended to the
// ledger and grouped into FIFO campaigns in one transaction, through `appendFills`, the write
// path of the import channel (binary COPY; new series grouped in memory; a bulk load into a
// smaller table builds its secondary indexes afterwards), with the sync capture on. That is the
// figure held to the 3 s target. Then the same fills as a CSV through the whole `fills-import`
// channel (reading and parsing included), the read side (campaigns list, statistics) and an
// incremental regroup after a small second import. PGlite on disk, as the app runs it.
// The reads (campaigns page and detail, statistics with and without filters, fills filters) are
// timed after reopening the data dir: the first call of each after start, then warm medians.
// The first import runs BENCH_RUNS times (default 3), each into a fresh data dir in this one
// process: `runsMs` lists them (the first also pays for compiling the code paths it is the first
// to use), `importAndRebuildMs` is their median, and the phase figures are the last run's.
// Prints one JSON summary. Run with `npm run bench:journal`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { insertImportBatch, type FillInsert } from '../db/repos/fills-repo'
import { uuidv7 } from '../db/uuidv7'
import { openCore } from '../electron/core/core'
import type { Channel, RawIn } from '../electron/core/contract/index'
import { appendFills } from '../electron/core/services/journal/append-fills'

const FILLS = Number(process.env.BENCH_FILLS ?? 100_000)
const ACCOUNTS = ['ACC-1', 'ACC-2', 'ACC-3', 'ACC-4']
const SYMBOLS = [
  ...['AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMD', 'META', 'AMZN', 'GOOG', 'SPY', 'QQQ'].map((s) => ({
    symbol: s,
    multiplier: 1,
    price: 150,
  })),
  ...['MESZ5', 'MNQZ5', 'ESZ5', 'NQZ5', 'CLF6'].map((s, i) => ({
    symbol: s,
    multiplier: [5, 2, 50, 20, 1000][i] ?? 1,
    price: 5000,
  })),
]
const TARGET_MS = 3000

// A seeded generator (mulberry32): the same fills on every run.
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function makeFills(count: number, batchId: string, startMs: number, seed: number): FillInsert[] {
  const random = rng(seed)
  const position = new Map<string, number>()
  const rows: FillInsert[] = []
  for (let i = 0; i < count; i++) {
    const account = ACCOUNTS[Math.floor(random() * ACCOUNTS.length)] ?? 'ACC-1'
    const instrument = SYMBOLS[Math.floor(random() * SYMBOLS.length)] ?? SYMBOLS[0]
    if (!instrument) throw new Error('no symbols')
    const key = `${account}|${instrument.symbol}`
    const pos = position.get(key) ?? 0
    // Mostly walk back towards flat, sometimes add, sometimes flip through zero.
    const size = 1 + Math.floor(random() * 5)
    const towardFlat = pos !== 0 && random() < 0.6
    const signed = towardFlat
      ? -Math.sign(pos) *
        Math.min(Math.abs(pos) + (random() < 0.1 ? size : 0), size + Math.abs(pos))
      : (random() < 0.5 ? 1 : -1) * size
    position.set(key, pos + signed)
    const price = Math.round(instrument.price * (1 + (random() - 0.5) * 0.02) * 100) / 100
    rows.push({
      id: uuidv7(),
      account,
      symbol: instrument.symbol,
      side: signed > 0 ? 'buy' : 'sell',
      quantity: Math.abs(signed),
      price,
      fees: Math.round(random() * 200) / 100,
      multiplier: instrument.multiplier,
      executedAt: new Date(startMs + i * 1000).toISOString(),
      broker: 'bench',
      assetType: instrument.multiplier === 1 ? 'stock' : 'future',
      currency: 'USD',
      orderId: null,
      externalTradeId: `bench-${seed}-${i}`,
      // As the importer stores a fill keyed by its execution id.
      contentHash: null,
      importBatchId: batchId,
      rawData: { line: i + 2, openClose: null },
    })
  }
  return rows
}

const dataDir = mkdtempSync(join(tmpdir(), 'edgebook-bench-journal-'))
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3))

/** Opens a fresh data dir, as a new install, and times the first import of `rows` into it. */
async function firstImport(dir: string, rows: FillInsert[]) {
  const core = await openCore({ dataDir: dir })
  // What the app has read by the time a trader imports: the shell's system info and the
  // journal pages, empty. Opening the database is measured by `bench:startup`, not here.
  for (const channel of ['system-info', 'import-list', 'fills-list', 'campaigns-list'] as const) {
    const warm = await core.registry.invoke(channel, {})
    if (!warm.ok) throw new Error(warm.error.message)
  }
  const batchId = rows[0]?.importBatchId ?? uuidv7()
  const t0 = performance.now()
  const rebuild = await core.deps.db.transaction(async (tx) => {
    await insertImportBatch(tx, {
      id: batchId,
      fileName: 'bench.csv',
      format: 'generic',
      account: null,
      fileSha256: 'bench',
    })
    const { inserted, ledgerMs, campaigns } = await appendFills(core.deps, tx, rows)
    if (inserted.length !== rows.length) throw new Error(`inserted ${inserted.length}`)
    return { result: campaigns, importMs: ledgerMs, rebuildMs: campaigns.durationMs }
  })
  return { core, rebuild, ms: performance.now() - t0 }
}

try {
  const rows = makeFills(FILLS, uuidv7(), Date.UTC(2024, 0, 2, 14, 30), 1)
  // Several first imports, each into its own fresh data dir: this machine's speed drifts, so
  // the median is the figure held to the target. The last run's database serves the rest.
  const runsMs: number[] = []
  let last: Awaited<ReturnType<typeof firstImport>> | null = null
  for (let run = 0; run < RUNS; run++) {
    if (last) await last.core.close()
    last = await firstImport(join(dataDir, `run-${run}`), rows)
    runsMs.push(Math.round(last.ms))
  }
  if (!last) throw new Error('no run')
  const { rebuild } = last
  await last.core.close()
  const sortedMs = [...runsMs].sort((a, b) => a - b)
  const importAndRebuildMs = sortedMs[Math.floor(sortedMs.length / 2)] ?? 0

  // The read side, served from the stored campaign summaries: the first call of each read after
  // the app starts on the 100k-fill data dir, then the warm median of several calls.
  const core = await openCore({ dataDir: join(dataDir, `run-${RUNS - 1}`) })
  const { deps } = core
  const time = async <C extends Channel>(channel: C, input: RawIn<C>) => {
    const t = performance.now()
    const result = await core.registry.invoke(channel, input)
    const ms = performance.now() - t
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
    return { ms, value: result.value }
  }
  // The campaigns page as the app opens it: newest first, one page.
  const newest = { sort: 'opened', direction: 'desc', limit: 200 } as const
  const first = await time('campaigns-list', newest)
  const listed = first.value
  const someCampaign = listed.rows[Math.floor(listed.rows.length / 2)]
  if (!someCampaign) throw new Error('no campaign')
  const reads = {
    campaignsPage: () => time('campaigns-list', newest),
    campaignsOfAccount: () => time('campaigns-list', { ...newest, account: 'ACC-2' }),
    campaignsBySymbol: () => time('campaigns-list', { ...newest, symbol: 'nvd' }),
    campaignsByNet: () => time('campaigns-list', { sort: 'net', direction: 'asc', limit: 200 }),
    campaignDetail: () => time('campaigns-get', { groupId: someCampaign.groupId }),
    stats: () => time('journal-stats', {}),
    statsOfAccount: () => time('journal-stats', { account: 'ACC-3' }),
    statsOfCurrency: () => time('journal-stats', { currency: 'USD', timeZone: 'America/New_York' }),
    statsOfRange: () => time('journal-stats', { from: '2024-01-03', to: '2024-01-03' }),
    fillsPage: () => time('fills-list', {}),
    // Text anywhere in the value, any case, as a trader types it into the filter.
    fillsBySymbol: () => time('fills-list', { symbol: 'nvd' }),
    fillsByAccount: () => time('fills-list', { account: 'acc-4' }),
  }
  const firstMs: Record<string, number> = { campaignsPage: Math.round(first.ms) }
  for (const [name, read] of Object.entries(reads)) {
    if (name !== 'campaignsPage') firstMs[name] = Math.round((await read()).ms)
  }
  const WARM = 5
  const warmMs: Record<string, number> = {}
  for (const [name, read] of Object.entries(reads)) {
    const times: number[] = []
    for (let i = 0; i < WARM; i++) times.push((await read()).ms)
    times.sort((a, b) => a - b)
    warmMs[name] = Math.round(times[Math.floor(times.length / 2)] ?? 0)
  }
  const stats = (await reads.stats()).value
  const READ_TARGET_MS = 150
  const FIRST_TARGET_MS = 1000

  // A second, small import touching one account: only its series are regrouped.
  const more = makeFills(1000, uuidv7(), Date.UTC(2024, 6, 1, 14, 30), 2).map((r) => ({
    ...r,
    account: 'ACC-1',
  }))
  const secondBatch = more[0]?.importBatchId ?? uuidv7()
  const t4 = performance.now()
  const incremental = await deps.db.transaction(async (tx) => {
    await insertImportBatch(tx, {
      id: secondBatch,
      fileName: 'bench-2.csv',
      format: 'generic',
      account: 'ACC-1',
      fileSha256: 'bench-2',
    })
    return (await appendFills(deps, tx, more)).campaigns
  })
  const incrementalMs = performance.now() - t4
  await core.close()

  // The same 100k fills as a generic CSV through the `fills-import` channel, into a fresh data
  // dir: reading, parsing, key lookup, then the same write and regroup as above.
  const csvPath = join(dataDir, 'bench-fills.csv')
  const header = 'account,symbol,side,qty,price,time,exec_id,fees,multiplier'
  const lines = rows.map((r) =>
    [
      r.account,
      r.symbol,
      r.side,
      r.quantity,
      r.price,
      r.executedAt,
      r.externalTradeId,
      r.fees,
      r.multiplier,
    ].join(','),
  )
  writeFileSync(csvPath, `${header}\n${lines.join('\n')}\n`)
  const channelCore = await openCore({ dataDir: join(dataDir, 'channel') })
  const t5 = performance.now()
  const viaChannel = await channelCore.registry.invoke('fills-import', {
    path: csvPath,
    broker: 'generic',
    mapping: {
      columns: {
        account: 'account',
        symbol: 'symbol',
        side: 'side',
        qty: 'qty',
        price: 'price',
        time: 'time',
        executionId: 'exec_id',
        fees: 'fees',
        multiplier: 'multiplier',
      },
      dateFormat: 'iso',
    },
  })
  const channelMs = performance.now() - t5
  await channelCore.close()
  if (!viaChannel.ok) throw new Error(viaChannel.error.message)
  if (viaChannel.value.fills !== rows.length) throw new Error(`channel: ${viaChannel.value.fills}`)

  console.log(
    JSON.stringify(
      {
        bench: 'journal',
        fills: rows.length,
        accounts: ACCOUNTS.length,
        symbols: SYMBOLS.length,
        series: rebuild.result.series,
        campaigns: rebuild.result.campaigns,
        campaignFillRows: rebuild.result.rows,
        importMs: Math.round(rebuild.importMs),
        rebuildMs: Math.round(rebuild.rebuildMs),
        rebuildPhasesMs: rebuild.result.phasesMs,
        importAndRebuildMs,
        runsMs,
        targetMs: TARGET_MS,
        isWithinTarget: importAndRebuildMs <= TARGET_MS,
        channelImport: {
          what: 'the same fills as a 100k-line CSV through fills-import: read, parse, dedupe, write, regroup',
          ms: Math.round(channelMs),
        },
        reads: {
          what: 'journal reads on the 100k-fill data dir after a restart: the first call of each, then the median of 5 warm calls',
          campaigns: listed.total,
          firstMs,
          warmMs,
          firstTargetMs: FIRST_TARGET_MS,
          warmTargetMs: READ_TARGET_MS,
          isWithinTarget:
            Object.values(firstMs).every((ms) => ms <= FIRST_TARGET_MS) &&
            Object.values(warmMs).every((ms) => ms <= READ_TARGET_MS),
        },
        closedCampaigns: stats.closed,
        secondImport: {
          fills: more.length,
          seriesRebuilt: incremental.series,
          fillsReplayed: incremental.fills,
          ms: Math.round(incrementalMs),
        },
      },
      null,
      2,
    ),
  )
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
