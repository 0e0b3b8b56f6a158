import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CheckResult } from '../../../electron/core/domain/journal/checks/campaign-checks'
import type { ParsedFill } from '../../../electron/core/domain/journal/fill'
import { isEmbedded, rawOf, type Handle } from '../../../db/query'
import {
  acknowledgeCheck,
  deleteContext,
  getContextByFill,
  listChecks,
  listContexts,
  replaceChecks,
  strategyIdByName,
  upsertContext,
} from '../../../db/repos/context-repo'
import {
  batchJobRuns,
  batchJobs,
  campaignFills,
  campaignStaleSeries,
  dataSyncLog,
  ohlcvBars,
  syncConflicts,
  tickers,
  tradeFills,
} from '../../../db/schema/index'
import { deleteEntry, listEntries, saveEntry, tagsByCampaign } from '../../../db/repos/journal-repo'
import {
  findLocalUserId,
  getProfile,
  listRules,
  localUserId,
  saveProfile,
  saveRules,
} from '../../../db/repos/rules-repo'
import {
  listConflicts,
  lockConflict,
  markConflictResolved,
} from '../../../db/repos/sync-conflict-repo'
import {
  deleteBacktest,
  deleteUserStrategy,
  getBacktest,
  getUserStrategy,
  insertBacktest,
  listBacktests,
  listUserStrategies,
  upsertUserStrategy,
} from '../../../db/repos/backtest-repo'
import {
  batchSeries,
  finishImportBatch,
  getImportBatch,
  insertImportBatch,
  listImportBatches,
  listMappingNames,
  liveAccountsOfBroker,
  loadMapping,
  markImportBatchUndone,
  saveMapping,
} from '../../../db/repos/fills-repo'
import { fillsOfGroup, findFill, groupsOfFill, listAccounts } from '../../../db/repos/campaign-repo'
import { listStaleSeries } from '../../../db/repos/campaign-summary-repo'
import { listSeries } from '../../../db/repos/market-repo'
import {
  createJob,
  deleteJob,
  deleteVariableList,
  getJob,
  getVariableList,
  listJobs,
  listVariableLists,
  markInterruptedJobs,
  queryRuns,
  storedRuns,
  updateJob,
  upsertVariableList,
} from '../../../db/repos/batch-repo'
import { parseSample } from '../../support/store-fills'
import { BACKENDS, openBackend, postgresSkipReason, type Backend } from '../../support/backends'

// Every repository's public functions, written once and run on both engines: in-memory PGlite
// migrated as the core migrates it, and a migrated database on a loopback PostgreSQL server
// (STYLE §4.8). A function that needs raw PGlite (COPY from `/dev/blob`) runs on PGlite only,
// and says so where it is tested.

/** Writes parsed broker fills into the ledger as the importer does; the new ids, in order. */
async function storeParsed(
  h: Handle,
  fills: readonly ParsedFill[],
  importBatchId: string | null = null,
): Promise<string[]> {
  const rows = await h
    .insert(tradeFills)
    .values(
      fills.map((f) => ({
        account: f.account,
        symbol: f.symbol,
        side: f.side,
        quantity: Math.abs(f.qty),
        price: f.price,
        fees: f.commission + f.fees,
        multiplier: f.multiplier,
        executedAt: new Date(f.executedAt),
        broker: f.broker,
        currency: f.currency,
        externalTradeId: f.externalTradeId,
        source: 'test',
        importBatchId,
      })),
    )
    .returning({ id: tradeFills.id })
  return rows.map((r) => r.id)
}

/** A real broker export: a thinkorswim account statement's fills. */
const SAMPLE = parseSample('thinkorswim-account-statement-2022-06-21.csv').fills

function check(type: CheckResult['checkType'], passed: boolean): CheckResult {
  return {
    checkType: type,
    phase: 'at_entry',
    severity: passed ? 'info' : 'warn',
    passed,
    details: { seen: type },
    nudge: `${type} ${passed ? 'held' : 'broken'}`,
  }
}

const skipPostgres = postgresSkipReason()
if (skipPostgres)
  console.warn(`\n*** SKIPPING the PostgreSQL repository suite: ${skipPostgres} ***\n`)

describe.each(BACKENDS)('repositories on %s', (kind) => {
  const isSkipped = kind === 'postgres' && skipPostgres !== null
  let backend: Backend
  const db = () => backend.db

  beforeAll(async () => {
    if (!isSkipped) backend = await openBackend(kind)
  }, 180_000)
  afterAll(async () => {
    await backend?.close()
  })
  beforeEach(async () => {
    if (!isSkipped) await backend.reset()
  })

  describe.skipIf(isSkipped)('the handle', () => {
    it('reaches the embedded client only on PGlite', () => {
      expect(isEmbedded(db())).toBe(kind === 'pglite')
      if (kind === 'pglite') expect(typeof rawOf(db()).query).toBe('function')
      else expect(() => rawOf(db())).toThrow(/embedded database \(PGlite\) only/)
    })
  })

  describe.skipIf(isSkipped)('journal-repo', () => {
    it('saves, lists by day and campaign, edits and tombstones entries', async () => {
      const userId = await localUserId(db())
      const first = await saveEntry(db(), userId, null, {
        date: '2024-03-08',
        entryType: 'daily',
        content: 'Patient open, chased the close',
        mood: 'calm',
        tags: ['patience', 'fomo'],
        campaignId: 'campaign-1',
      })
      expect(first).toMatchObject({ date: '2024-03-08', tags: ['patience', 'fomo'] })
      expect(first?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/)
      await saveEntry(db(), userId, null, {
        date: '2024-03-11',
        entryType: 'weekly',
        content: 'Review',
        mood: null,
        tags: ['fomo', 'review'],
        campaignId: 'campaign-1',
      })
      await saveEntry(db(), userId, null, {
        date: '2024-03-12',
        entryType: 'daily',
        content: 'No trades',
        mood: null,
        tags: [],
        campaignId: null,
      })

      expect((await listEntries(db())).map((e) => e.date)).toEqual([
        '2024-03-12',
        '2024-03-11',
        '2024-03-08',
      ])
      expect(
        (await listEntries(db(), { from: '2024-03-09', to: '2024-03-11' })).map((e) => e.date),
      ).toEqual(['2024-03-11'])
      expect(await listEntries(db(), { campaignId: 'campaign-1' })).toHaveLength(2)
      const tags = await tagsByCampaign(db())
      expect([...tags.keys()]).toEqual(['campaign-1'])
      expect(tags.get('campaign-1')?.sort()).toEqual(['fomo', 'patience', 'review'])

      const edited = await saveEntry(db(), userId, first?.id ?? '', {
        ...(first ?? ({} as never)),
        content: 'Patient open',
        tags: [],
      })
      expect(edited).toMatchObject({ id: first?.id, content: 'Patient open', tags: [] })
      expect(
        await saveEntry(db(), userId, '00000000-0000-7000-8000-000000000000', {
          date: '2024-01-01',
          entryType: 'daily',
          content: '',
          mood: null,
          tags: [],
          campaignId: null,
        }),
      ).toBeNull()

      expect(await deleteEntry(db(), first?.id ?? '')).toBe(true)
      expect(await deleteEntry(db(), first?.id ?? '')).toBe(false)
      expect((await listEntries(db())).map((e) => e.date)).toEqual(['2024-03-12', '2024-03-11'])
    })
  })
  describe.skipIf(isSkipped)('rules-repo', () => {
    it('creates the local trader once and reads nothing before it', async () => {
      expect(await findLocalUserId(db())).toBeNull()
      expect(await listRules(db(), null)).toEqual([])
      expect((await getProfile(db(), null)).timeZone).toBeNull()
      const id = await localUserId(db())
      expect(await localUserId(db())).toBe(id)
      expect(await findLocalUserId(db())).toBe(id)
    })

    it('merges the profile into its documents and keeps rules as a set', async () => {
      const userId = await localUserId(db())
      expect(await getProfile(db(), userId)).toMatchObject({ accountBalance: null })
      const profile = {
        accountBalance: 25_000,
        timeZone: 'America/New_York',
        maxPositionSizePct: 10,
        maxRiskPerTradePct: 1,
        maxDailyLossPct: 3,
        minRiskRewardRatio: 2,
        maxOpenPositions: 4,
        stopLossRequired: true,
      }
      expect(await saveProfile(db(), userId, profile)).toEqual(profile)
      const changed = { ...profile, timeZone: null, maxOpenPositions: 2 }
      expect(await saveProfile(db(), userId, changed)).toEqual(changed)

      const saved = await saveRules(db(), userId, [
        { ruleCode: 'max_risk', isEnabled: true, parameters: { pct: 1 }, description: 'Risk' },
        { ruleCode: 'stop_required', isEnabled: false, parameters: {}, description: null },
      ])
      expect(saved.map((r) => [r.ruleCode, r.isEnabled, r.parameters])).toEqual([
        ['max_risk', true, { pct: 1 }],
        ['stop_required', false, {}],
      ])
      const again = await saveRules(db(), userId, [
        { ruleCode: 'max_risk', isEnabled: false, parameters: { pct: 2 }, description: 'Risk' },
      ])
      expect(again).toEqual([
        {
          id: saved[0]?.id,
          ruleCode: 'max_risk',
          isEnabled: false,
          parameters: { pct: 2 },
          description: 'Risk',
        },
      ])
    })
  })
  describe.skipIf(isSkipped)('context-repo', () => {
    it('keeps one context per fill with its strategy, and tombstones it with its checks', async () => {
      const userId = await localUserId(db())
      const [first = '', second = ''] = await storeParsed(db(), SAMPLE)
      expect(await getContextByFill(db(), first)).toBeNull()
      const strategyId = await strategyIdByName(db(), userId, '  ORB  ')
      expect(await strategyIdByName(db(), userId, 'ORB')).toBe(strategyId)
      expect(await strategyIdByName(db(), userId, ' ')).toBeNull()

      const write = {
        contextType: 'entry',
        strategyId,
        hypothesis: 'Opening range holds',
        exitIntent: { target: 4000, stop: 3900, time: null },
        feelingsThen: [{ feeling: 'calm', intensity: 2 }],
        feelingsNow: [],
        notes: null,
      }
      const saved = await upsertContext(db(), userId, first, write)
      const fill = SAMPLE[0]
      expect(saved).toMatchObject({ ...write, fillId: first, strategy: 'ORB' })
      expect(saved).toMatchObject({ account: fill?.account, symbol: fill?.symbol })
      const replaced = await upsertContext(db(), userId, first, { ...write, notes: 'held' })
      expect(replaced.id).toBe(saved.id)
      await upsertContext(db(), userId, second, { ...write, strategyId: null })
      expect((await listContexts(db())).map((c) => c.fillId)).toEqual([first, second])
      expect(await listContexts(db(), { fillIds: [second] })).toHaveLength(1)
      expect(await listContexts(db(), { accounts: ['nobody'] })).toEqual([])

      await replaceChecks(db(), userId, saved.id, [check('stop_required', true)])
      expect(await deleteContext(db(), first)).toBe(true)
      expect(await deleteContext(db(), first)).toBe(false)
      expect(await getContextByFill(db(), first)).toBeNull()
      expect(await listChecks(db())).toEqual([])
      // A context saved again on the fill revives its one row.
      expect((await upsertContext(db(), userId, first, write)).id).toBe(saved.id)
    })

    it('replaces checks by type and keeps an acknowledgement only for the same verdict', async () => {
      const userId = await localUserId(db())
      const [fillId = ''] = await storeParsed(db(), SAMPLE)
      const context = await upsertContext(db(), userId, fillId, {
        contextType: 'entry',
        strategyId: null,
        hypothesis: null,
        exitIntent: null,
        feelingsThen: [],
        feelingsNow: [],
        notes: null,
      })
      await replaceChecks(db(), userId, context.id, [
        check('stop_required', false),
        check('max_risk_per_trade_pct', false),
      ])
      const open = await listChecks(db(), { isOpenOnly: true })
      expect(open.map((c) => c.checkType).sort()).toEqual([
        'max_risk_per_trade_pct',
        'stop_required',
      ])
      expect(open[0]).toMatchObject({
        fillId,
        severity: 'warn',
        details: { seen: open[0]?.checkType },
      })
      const stop = open.find((c) => c.checkType === 'stop_required')
      const risk = open.find((c) => c.checkType === 'max_risk_per_trade_pct')
      expect(await acknowledgeCheck(db(), stop?.id ?? '', 'proceeded')).toMatchObject({
        acknowledged: true,
        traderAction: 'proceeded',
      })
      await acknowledgeCheck(db(), risk?.id ?? '', 'modified')
      expect(
        await acknowledgeCheck(db(), '00000000-0000-7000-8000-000000000000', 'modified'),
      ).toBeNull()

      // Same verdict for the stop (acknowledgement kept), a new one for risk (asked again), and
      // no result at all for a type the run stopped producing.
      await replaceChecks(db(), userId, context.id, [
        check('stop_required', false),
        check('max_risk_per_trade_pct', true),
      ])
      const after = await listChecks(db(), { fillIds: [fillId] })
      expect(after.map((c) => [c.checkType, c.passed, c.acknowledged, c.traderAction])).toEqual(
        expect.arrayContaining([
          ['stop_required', false, true, 'proceeded'],
          ['max_risk_per_trade_pct', true, false, null],
        ]),
      )
      await replaceChecks(db(), userId, context.id, [check('stop_required', false)])
      expect((await listChecks(db())).map((c) => c.checkType)).toEqual(['stop_required'])
      expect(await listChecks(db(), { accounts: [SAMPLE[0]?.account ?? ''] })).toHaveLength(1)
    })
  })
  describe.skipIf(isSkipped)('sync-conflict-repo', () => {
    it('lists open conflicts newest first, locks one and records how it was resolved', async () => {
      const stored = await db()
        .insert(syncConflicts)
        .values(
          ['0001', '0002'].map((n) => ({
            schemaName: 'journal',
            tableName: 'journal_entries',
            pk: `e${n}`,
            winnerHlc: `hlc-${n}-b`,
            winnerOp: 'put' as const,
            winnerRow: { id: `e${n}`, content: 'theirs' },
            loserHlc: `hlc-${n}-a`,
            loserOp: 'del' as const,
            loserRow: null,
            localWon: n === '0001',
          })),
        )
        .returning({ id: syncConflicts.id })
      const [olderId = 0, newerId = 0] = stored.map((r) => r.id)
      const open = await listConflicts(db(), false)
      expect(open.map((c) => c.id)).toEqual([newerId, olderId])
      expect(open[1]).toMatchObject({
        pk: 'e0001',
        winnerOp: 'put',
        winnerRow: { id: 'e0001', content: 'theirs' },
        loserOp: 'del',
        loserRow: null,
        localWon: true,
        resolvedAt: null,
        resolution: null,
      })
      expect(open[1]?.detectedAt).toBeInstanceOf(Date)

      const resolved = await db().transaction(async (tx) => {
        const locked = await lockConflict(tx, olderId)
        expect(locked?.pk).toBe('e0001')
        return markConflictResolved(tx, olderId, 'mine')
      })
      expect(resolved).toMatchObject({ id: olderId, resolution: 'mine' })
      expect(resolved?.resolvedAt).toBeInstanceOf(Date)
      expect((await listConflicts(db(), false)).map((c) => c.id)).toEqual([newerId])
      expect((await listConflicts(db(), true)).map((c) => c.id)).toEqual([newerId, olderId])
      expect(await lockConflict(db(), 999_999)).toBeNull()
      expect(await markConflictResolved(db(), 999_999, 'theirs')).toBeNull()
    })
  })
  describe.skipIf(isSkipped)('backtest-repo', () => {
    it('stores runs with their snapshot and curves, lists them newest first and deletes', async () => {
      const run = (symbol: string) => ({
        symbol,
        timeframe: '1Day',
        strategyId: null,
        startDate: '2024-01-02',
        endDate: '2024-03-28',
        spec: { cash: 10_000 },
        strategy: { name: 'sma-cross', params: { fast: 10, slow: 20 } },
        semantics: { mode: 'reference' as const, semantics: ['next-bar open'] },
        stats: { trades: 3, sharpe: 1.25 },
        curves: { time: [1, 2], equity: [10_000, 10_100], drawdown: [0, 0] },
        trades: [{ pnl: 100 }],
      })
      const first = await insertBacktest(db(), run('GOOG'))
      const second = await insertBacktest(db(), run('EURUSD'))
      expect(first.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/)
      expect(await getBacktest(db(), first.id)).toEqual({ ...run('GOOG'), ...first })
      expect((await listBacktests(db(), { limit: 10 })).map((r) => r.id)).toEqual([
        second.id,
        first.id,
      ])
      const [listed] = await listBacktests(db(), { symbol: 'GOOG', limit: 10 })
      expect(listed).toEqual({
        ...first,
        ...run('GOOG'),
        curves: undefined,
        trades: undefined,
      })
      expect(await deleteBacktest(db(), first.id)).toBe(true)
      expect(await deleteBacktest(db(), first.id)).toBe(false)
      expect(await getBacktest(db(), first.id)).toBeNull()
    })

    it('keeps user rule strategies by id, lists them by name and tombstones them', async () => {
      const id = '01900000-0000-7000-8000-000000000001'
      const rules = { entry: { kind: 'cross' }, exit: { kind: 'stop' } }
      const saved = await upsertUserStrategy(db(), { id, name: 'Zeta', description: null, rules })
      expect(saved).toMatchObject({ id, name: 'Zeta', description: null, rules })
      expect(saved.updatedAt).toMatch(/Z$/)
      await upsertUserStrategy(db(), {
        id: '01900000-0000-7000-8000-000000000002',
        name: 'Alpha',
        description: 'first',
        rules,
      })
      const renamed = await upsertUserStrategy(db(), { id, name: 'Beta', description: 'b', rules })
      expect(renamed).toMatchObject({ id, name: 'Beta', description: 'b' })
      expect((await listUserStrategies(db())).map((s) => s.name)).toEqual(['Alpha', 'Beta'])
      expect(await deleteUserStrategy(db(), id)).toBe(true)
      expect(await deleteUserStrategy(db(), id)).toBe(false)
      expect(await getUserStrategy(db(), id)).toBeNull()
      expect((await listUserStrategies(db())).map((s) => s.name)).toEqual(['Alpha'])
      // Saved again, a tombstoned strategy comes back.
      await upsertUserStrategy(db(), { id, name: 'Beta', description: null, rules })
      expect((await getUserStrategy(db(), id))?.name).toBe('Beta')
    })
  })
  describe.skipIf(isSkipped)('fills-repo', () => {
    it('records import batches, their series and undo, and keeps column mappings', async () => {
      const id = '01900000-0000-7000-8000-0000000000b1'
      await insertImportBatch(db(), {
        id,
        fileName: 'statement.csv',
        format: 'thinkorswim',
        account: null,
        fileSha256: 'ab'.repeat(32),
      })
      await finishImportBatch(db(), id, { rowCount: 5, insertedCount: 4, skippedCount: 1 })
      await storeParsed(db(), SAMPLE, id)
      const batch = await getImportBatch(db(), id)
      expect(batch).toMatchObject({
        id,
        fileName: 'statement.csv',
        account: null,
        rowCount: 5,
        insertedCount: 4,
        skippedCount: 1,
        errorCount: 0,
        undoneAt: null,
      })
      expect(batch?.createdAt).toMatch(/Z$/)
      expect((await listImportBatches(db())).map((b) => b.id)).toEqual([id])
      expect(await getImportBatch(db(), '01900000-0000-7000-8000-0000000000b2')).toBeNull()

      const accounts = [...new Set(SAMPLE.map((f) => f.account))].sort()
      expect(await liveAccountsOfBroker(db(), SAMPLE[0]?.broker ?? '')).toEqual(accounts)
      expect(await liveAccountsOfBroker(db(), 'no such broker')).toEqual([])
      const series = await batchSeries(db(), id)
      expect(series.fills).toBe(SAMPLE.length)
      expect(series.accounts.sort()).toEqual(accounts)
      expect(series.symbols.sort()).toEqual([...new Set(SAMPLE.map((f) => f.symbol))].sort())
      expect(await batchSeries(db(), '01900000-0000-7000-8000-0000000000b2')).toEqual({
        fills: 0,
        accounts: [],
        symbols: [],
      })
      expect(await markImportBatchUndone(db(), id)).toBe(true)
      expect(await markImportBatchUndone(db(), id)).toBe(false)
      expect((await getImportBatch(db(), id))?.undoneAt).toMatch(/Z$/)
      expect(await liveAccountsOfBroker(db(), SAMPLE[0]?.broker ?? '')).toEqual([])

      expect(await loadMapping(db(), 'mybroker')).toBeNull()
      await saveMapping(db(), 'mybroker', { date: 'Trade Date' })
      await saveMapping(db(), 'mybroker', { date: 'Date', qty: 'Qty' })
      await saveMapping(db(), 'another', { date: 'When' })
      expect(await loadMapping(db(), 'mybroker')).toEqual({ date: 'Date', qty: 'Qty' })
      expect(await listMappingNames(db())).toEqual(['another', 'mybroker'])
    })
  })
  describe.skipIf(isSkipped)('campaign-repo and campaign-summary-repo', () => {
    it('reads fills, accounts, memberships and stale series', async () => {
      const [first = '', second = ''] = await storeParsed(db(), SAMPLE)
      const fill = SAMPLE[0]
      expect(await findFill(db(), first)).toEqual({
        id: first,
        account: fill?.account,
        symbol: fill?.symbol,
      })
      expect(await findFill(db(), '01900000-0000-7000-8000-0000000000c1')).toBeNull()
      expect(await listAccounts(db())).toEqual([...new Set(SAMPLE.map((f) => f.account))].sort())
      await db()
        .insert(campaignFills)
        .values([
          { groupId: first, fillId: first },
          { groupId: first, fillId: second },
          { groupId: second, fillId: second },
        ])
      expect(await groupsOfFill(db(), second)).toEqual([first, second].sort())
      expect((await fillsOfGroup(db(), first)).sort()).toEqual([first, second].sort())
      await db()
        .insert(campaignStaleSeries)
        .values([
          { account: 'b', symbol: 'ES', isFull: true },
          { account: 'a', symbol: 'NQ' },
        ])
      expect(await listStaleSeries(db())).toEqual([
        { account: 'a', symbol: 'NQ', isFull: false },
        { account: 'b', symbol: 'ES', isFull: true },
      ])
    })
  })
  describe.skipIf(isSkipped)('market-repo', () => {
    it('lists each stored series with its range and sync status', async () => {
      await db()
        .insert(tickers)
        .values([{ symbol: 'GOOG' }, { symbol: 'EURUSD' }])
      const bar = (symbol: string, timeframe: string, iso: string) => ({
        symbol,
        timeframe,
        timestamp: new Date(iso),
        open: 1,
        high: 2,
        low: 0.5,
        close: 1.5,
      })
      await db()
        .insert(ohlcvBars)
        .values([
          bar('GOOG', '1Day', '2024-01-02T00:00:00Z'),
          bar('GOOG', '1Day', '2024-01-03T00:00:00Z'),
          bar('GOOG', '1Hour', '2024-01-02T15:00:00Z'),
          bar('EURUSD', '1Day', '2024-01-02T00:00:00Z'),
        ])
      await db()
        .insert(dataSyncLog)
        .values({
          symbol: 'GOOG',
          timeframe: '1Day',
          lastSyncAt: new Date('2024-01-04T00:00:00Z'),
          barsFetched: 2,
          status: 'success',
        })
      const all = await listSeries(db())
      expect(all.map((r) => `${r.symbol}/${r.timeframe}`)).toEqual([
        'EURUSD/1Day',
        'GOOG/1Day',
        'GOOG/1Hour',
      ])
      expect(await listSeries(db(), { symbol: 'GOOG', timeframe: '1Day' })).toEqual([
        {
          symbol: 'GOOG',
          timeframe: '1Day',
          bars: 2,
          firstMs: Date.parse('2024-01-02T00:00:00Z'),
          lastMs: Date.parse('2024-01-03T00:00:00Z'),
          lastSyncAt: '2024-01-04T00:00:00.000Z',
          status: 'success',
          barsFetched: 2,
        },
      ])
      expect(await listSeries(db(), { timeframe: '1Hour' })).toEqual([
        expect.objectContaining({ symbol: 'GOOG', bars: 1, lastSyncAt: null, status: null }),
      ])
    })
  })
  describe.skipIf(isSkipped)('batch-repo', () => {
    it('pages, filters and sorts stored runs, marks interrupted jobs and deletes them', async () => {
      const job = (id: string, status: string) => ({
        id,
        name: id,
        status,
        strategyElements: { symbol: 'GOOG' },
      })
      await db()
        .insert(batchJobs)
        .values([job('grid-1', 'running'), job('grid-2', 'completed')])
      await db()
        .insert(batchJobRuns)
        .values(
          [0, 1, 2, 3, 4].map((i) => ({
            batchJobId: 'grid-1',
            runIndex: i,
            variables: { fast: 5 * (i + 1) },
            metrics: i === 2 ? { trades: 0 } : { sharpe: [0.5, 1.5, 0, -0.25, 1][i], trades: i },
          })),
        )
      const pages: number[][] = []
      for await (const page of storedRuns(db(), 'grid-1', 2)) {
        pages.push(page.map((r) => r.runIndex))
      }
      expect(pages).toEqual([[0, 1], [2, 3], [4]])

      const best = await queryRuns(db(), 'grid-1', {
        where: [{ metric: 'sharpe', op: '>', value: 0 }],
        sort: { by: 'sharpe', dir: 'desc', isVariable: false },
        limit: 2,
        offset: 0,
      })
      expect(best.total).toBe(3)
      expect(best.runs).toEqual([
        { runIndex: 1, variables: { fast: 10 }, metrics: { sharpe: 1.5, trades: 1 } },
        { runIndex: 4, variables: { fast: 25 }, metrics: { sharpe: 1, trades: 4 } },
      ])
      const bySharpe = await queryRuns(db(), 'grid-1', {
        where: [],
        sort: { by: 'sharpe', dir: 'asc', isVariable: false },
        limit: 10,
        offset: 0,
      })
      // A run without the metric sorts last.
      expect(bySharpe.runs.map((r) => r.runIndex)).toEqual([3, 0, 4, 1, 2])
      const byVariable = await queryRuns(db(), 'grid-1', {
        where: [],
        sort: { by: 'fast', dir: 'desc', isVariable: true },
        limit: 2,
        offset: 1,
      })
      expect(byVariable).toMatchObject({ total: 5, runs: [{ runIndex: 3 }, { runIndex: 2 }] })
      await expect(
        queryRuns(db(), 'grid-1', {
          where: [{ metric: "x'; DROP TABLE t; --", op: '>', value: 0 }],
          limit: 1,
          offset: 0,
        }),
      ).rejects.toThrow(/unsafe metric key/)

      expect(await markInterruptedJobs(db())).toBe(1)
      expect(await markInterruptedJobs(db())).toBe(0)
      expect(await deleteJob(db(), 'grid-1')).toBe(true)
      expect(await deleteJob(db(), 'grid-1')).toBe(false)
      expect(await db().select().from(batchJobRuns)).toEqual([])
    })

    it('creates, reads, lists and updates jobs, each listing only its own kinds', async () => {
      const request = { symbol: 'GOOG', timeframe: '1Day', spec: { strategy: 'sma-cross' } }
      const created = await createJob(db(), {
        id: 'grid-a',
        name: 'a grid',
        total: 4,
        truncated: false,
        axes: [{ name: 'fast', values: [5, 10, 15, 20] }],
        request,
        startDate: '2020-01-01',
        endDate: null,
      })
      expect(created).toMatchObject({ id: 'grid-a', status: 'running', completed: 0, request })
      expect(created.axes).toEqual([{ name: 'fast', values: [5, 10, 15, 20] }])
      await createJob(db(), {
        ...created,
        id: 'probe-a',
        kind: 'probe',
        startDate: null,
        endDate: null,
      })
      const other = (id: string, kind: string) => ({
        id,
        name: id,
        kind,
        status: 'completed',
        strategyElements: {},
      })
      await db()
        .insert(batchJobs)
        .values([
          other('server-a', 'server'),
          other('opt-a', 'optimise'),
          other('wf-a', 'walkforward'),
        ])
      expect((await listJobs(db())).map((j) => j.id).sort()).toEqual(['grid-a', 'server-a'])
      expect((await listJobs(db(), 'probe')).map((j) => j.id)).toEqual(['probe-a'])
      expect(await getJob(db(), 'opt-a')).toBeNull()
      expect(await getJob(db(), 'probe-a')).toBeNull()
      expect((await getJob(db(), 'probe-a', 'probe'))?.id).toBe('probe-a')

      await db()
        .insert(batchJobRuns)
        .values(
          [0, 1].map((i) => ({ batchJobId: 'grid-a', runIndex: i, variables: {}, metrics: {} })),
        )
      await updateJob(db(), 'grid-a', { status: 'completed', summary: { runs: 2 }, isDone: true })
      const done = await getJob(db(), 'grid-a')
      expect(done).toMatchObject({
        status: 'completed',
        completed: 2,
        summary: { runs: 2 },
        error: null,
      })
      expect(done?.completedAt).not.toBeNull()
      await updateJob(db(), 'grid-a', { status: 'interrupted' })
      expect(await getJob(db(), 'grid-a')).toMatchObject({
        status: 'interrupted',
        summary: { runs: 2 },
        completedAt: null,
      })
    })

    it('keeps variable lists by id, by name, and tombstones them', async () => {
      const id = '01900000-0000-7000-8000-0000000000d1'
      const saved = await upsertVariableList(db(), {
        id,
        name: 'tickers',
        type: 'symbol',
        values: ['GOOG', 'MSFT'],
        description: null,
      })
      expect(saved).toMatchObject({ id, name: 'tickers', values: ['GOOG', 'MSFT'] })
      expect(saved.updatedAt).toMatch(/Z$/)
      await upsertVariableList(db(), {
        id: '01900000-0000-7000-8000-0000000000d2',
        name: 'fast',
        type: 'number',
        values: [5, 10, 15],
        description: 'fast periods',
      })
      const renamed = await upsertVariableList(db(), {
        id,
        name: 'symbols',
        type: 'symbol',
        values: [],
        description: null,
      })
      expect(renamed).toMatchObject({ id, name: 'symbols', values: [] })
      expect((await listVariableLists(db())).map((l) => l.name)).toEqual(['fast', 'symbols'])
      expect(await deleteVariableList(db(), id)).toBe(true)
      expect(await deleteVariableList(db(), id)).toBe(false)
      expect(await getVariableList(db(), id)).toBeNull()
      expect((await listVariableLists(db())).map((l) => l.name)).toEqual(['fast'])
    })
  })
})
