import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isEmbedded, rawOf } from '../../../db/query'
import { deleteEntry, listEntries, saveEntry, tagsByCampaign } from '../../../db/repos/journal-repo'
import {
  findLocalUserId,
  getProfile,
  listRules,
  localUserId,
  saveProfile,
  saveRules,
} from '../../../db/repos/rules-repo'
import { BACKENDS, openBackend, postgresSkipReason, type Backend } from '../../support/backends'

// Every repository's public functions, written once and run on both engines: in-memory PGlite
// migrated as the core migrates it, and a migrated database on a loopback PostgreSQL server
// (STYLE §4.8). A function that needs raw PGlite (COPY from `/dev/blob`) runs on PGlite only,
// and says so where it is tested.

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
})
