import type { CheckDto, ContextWithChecks, JournalHandlers, ProfileDto } from '../contract/journal'
import { ErrorCode } from '../contract/errors'
import type { DataDomain } from '../contract/events'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import { runChecks, type ContextType } from '../domain/journal/checks/campaign-checks'
import { machineZone } from '../domain/time/zone'
import { findFill } from '../../../db/repos/campaign-repo'
import type { Queryable } from '../../../db/query'
import {
  acknowledgeCheck,
  deleteContext,
  getContextByFill,
  listChecks,
  replaceChecks,
  strategyIdByName,
  upsertContext,
  type CheckRow,
} from '../../../db/repos/context-repo'
import { deleteEntry, listEntries, saveEntry } from '../../../db/repos/journal-repo'
import {
  findLocalUserId,
  getProfile,
  listRules,
  localUserId,
  saveProfile,
  saveRules,
} from '../../../db/repos/rules-repo'
import { computeCampaigns, toContextDto } from '../services/journal/campaigns'
import { journalStats } from '../services/journal/stats'

function toCheckDto(c: CheckRow): CheckDto {
  return { ...c, phase: c.phase as CheckDto['phase'] }
}

/**
 * Runs the trader's checks on the context of `fillId` and stores the outcome. The fill's
 * campaign gives the position before it; the account's other campaigns give the day's trades
 * and losses.
 */
async function recheck(q: Queryable, userId: string, fillId: string): Promise<void> {
  const context = await getContextByFill(q, fillId)
  if (!context) return
  const { raw, fills } = await computeCampaigns(q, { accounts: [context.account] })
  const fill = fills.find((f) => f.id === fillId)
  if (!fill) return
  let positionBefore = 0
  let avgEntryBefore: number | null = null
  for (const campaign of raw) {
    if (campaign.account !== fill.account || campaign.symbol !== fill.symbol) continue
    const index = campaign.legs.findIndex((leg) => leg.fillId === fillId)
    if (index < 0) continue
    positionBefore = index > 0 ? (campaign.legs[index - 1]?.positionAfter ?? 0) : 0
    let qty = 0
    let notional = 0
    for (const leg of campaign.legs.slice(0, index)) {
      if (leg.role !== 'open' && leg.role !== 'add') continue
      qty += Math.abs(leg.qty)
      notional += Math.abs(leg.qty) * leg.price
    }
    avgEntryBefore = qty > 0 ? notional / qty : null
    break
  }
  // A trader who chose no zone sees times in the machine's zone: check planned hours there too.
  const stored = await getProfile(q, userId)
  const profile = { ...stored, timeZone: stored.timeZone ?? machineZone() }
  const rules = await listRules(q, userId)
  const results = runChecks({
    contextType: context.contextType as ContextType,
    fill: {
      id: fill.id,
      symbol: fill.symbol,
      qty: fill.qty,
      price: fill.price,
      multiplier: fill.multiplier,
      executedAt: fill.executedAt,
    },
    stop: context.exitIntent?.stop ?? null,
    positionBefore,
    avgEntryBefore,
    campaigns: raw.filter((c) => c.status !== 'opening-unknown'),
    profile,
    rules,
  })
  await replaceChecks(q, userId, context.id, results)
}

async function contextWithChecks(q: Queryable, fillId: string): Promise<ContextWithChecks> {
  const context = await getContextByFill(q, fillId)
  const checks = context ? (await listChecks(q, { fillIds: [fillId] })).map(toCheckDto) : []
  return { context: context ? toContextDto(context) : null, checks }
}

/** Handlers of the journal channels: statistics, contexts, checks, rules, profile, entries. */
export function journalHandlers(deps: Deps): JournalHandlers {
  const inTx = <T>(work: (tx: Queryable) => Promise<T>): Promise<T> => deps.pg.transaction(work)
  // Announces a write once it has committed: contexts and checks are shown on campaigns too.
  const changed = <T>(domains: DataDomain[], value: T): T => {
    deps.emit('data-changed', { domains })
    return value
  }
  return {
    'journal-stats': async (input) => journalStats(deps, input ?? {}),

    'context-save': async (input) =>
      changed(
        ['journal', 'campaigns'],
        await inTx(async (tx) => {
          const fill = await findFill(tx, input.fillId)
          if (!fill) throw new AppError(ErrorCode.NotFound, `No fill ${input.fillId}`)
          const userId = await localUserId(tx)
          const previous = await getContextByFill(tx, input.fillId)
          const keep = <T>(value: T | undefined, old: T): T => (value === undefined ? old : value)
          const strategyId =
            input.strategy === undefined
              ? (previous?.strategyId ?? null)
              : await strategyIdByName(tx, userId, input.strategy)
          const exitIntent =
            input.exitIntent === undefined
              ? (previous?.exitIntent ?? null)
              : input.exitIntent === null
                ? null
                : {
                    target: input.exitIntent.target ?? null,
                    stop: input.exitIntent.stop ?? null,
                    time: input.exitIntent.time ?? null,
                  }
          await upsertContext(tx, userId, input.fillId, {
            contextType: input.contextType,
            strategyId,
            hypothesis: keep(input.hypothesis, previous?.hypothesis ?? null),
            exitIntent,
            feelingsThen: keep(input.feelingsThen, previous?.feelingsThen ?? []),
            feelingsNow: keep(input.feelingsNow, previous?.feelingsNow ?? []),
            notes: keep(input.notes, previous?.notes ?? null),
          })
          await recheck(tx, userId, input.fillId)
          return contextWithChecks(tx, input.fillId)
        }),
      ),

    'context-get': async ({ fillId }) => {
      if (!(await findFill(deps.pg, fillId))) {
        throw new AppError(ErrorCode.NotFound, `No fill ${fillId}`)
      }
      return contextWithChecks(deps.pg, fillId)
    },

    'context-delete': async ({ fillId }) =>
      changed(
        ['journal', 'campaigns'],
        await inTx(async (tx) => {
          if (!(await deleteContext(tx, fillId))) {
            throw new AppError(ErrorCode.NotFound, `No decision context on fill ${fillId}`)
          }
          return { deleted: true as const }
        }),
      ),

    'checks-list': async (input) => {
      const filter: Parameters<typeof listChecks>[1] = {}
      if (input?.account) filter.accounts = [input.account]
      if (input?.fillId) filter.fillIds = [input.fillId]
      if (input?.isOpenOnly) filter.isOpenOnly = true
      return (await listChecks(deps.pg, filter)).map(toCheckDto)
    },

    'check-acknowledge': async ({ checkId, action }) => {
      const check = await acknowledgeCheck(deps.pg, checkId, action)
      if (!check) throw new AppError(ErrorCode.NotFound, `No check ${checkId}`)
      return changed(['journal', 'campaigns'], toCheckDto(check))
    },

    'rules-get': async () => listRules(deps.pg, await findLocalUserId(deps.pg)),

    'rules-save': async ({ rules }) =>
      changed(['journal'], await inTx(async (tx) => saveRules(tx, await localUserId(tx), rules))),

    'profile-get': async () => getProfile(deps.pg, await findLocalUserId(deps.pg)),

    'profile-save': async (input) =>
      changed(
        ['journal'],
        await inTx(async (tx) => {
          const userId = await localUserId(tx)
          const current = await getProfile(tx, userId)
          const next: ProfileDto = { ...current }
          for (const key of Object.keys(current) as (keyof ProfileDto)[]) {
            const value = input[key]
            if (value !== undefined) (next as Record<keyof ProfileDto, unknown>)[key] = value
          }
          return saveProfile(tx, userId, next)
        }),
      ),

    'journal-list-entries': async (input) => {
      const filter: Parameters<typeof listEntries>[1] = {}
      if (input?.from) filter.from = input.from
      if (input?.to) filter.to = input.to
      if (input?.campaignId) filter.campaignId = input.campaignId
      return listEntries(deps.pg, filter)
    },

    'journal-save-entry': async (input) =>
      changed(
        ['journal'],
        await inTx(async (tx) => {
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
        }),
      ),

    'journal-delete-entry': async ({ id }) => {
      if (!(await deleteEntry(deps.pg, id))) {
        throw new AppError(ErrorCode.NotFound, `No journal entry ${id}`)
      }
      return changed(['journal'], { deleted: true as const })
    },
  }
}
