// Orchestration of the decision-context and check channels: a save merges into the stored
// context and re-runs the trader's checks on it in the same transaction.
import { findFill } from '../../../../db/repos/campaign-repo'
import {
  acknowledgeCheck,
  deleteContext,
  getContextByFill,
  listChecks,
  replaceChecks,
  strategyIdByName,
  upsertContext,
  type CheckRow,
} from '../../../../db/repos/context-repo'
import type { Handle } from '../../../../db/query'
import { getProfile, listRules, localUserId } from '../../../../db/repos/rules-repo'
import type { CheckDto, ContextWithChecks } from '../../contract/journal'
import { ErrorCode } from '../../contract/errors'
import { runChecks, type ContextType } from '../../domain/journal/checks/campaign-checks'
import { mergeContext, positionBeforeFill, type ContextPatch } from '../../domain/journal/context'
import { machineZone } from '../../domain/time/zone'
import { AppError } from '../../errors'
import { computeCampaigns, toContextDto } from './campaigns'

/** A `context-save` request: the fill, its context type, the strategy's name and the fields. */
export type ContextSave = ContextPatch & {
  fillId: string
  contextType: ContextType
  strategy?: string | null | undefined
}

/** Which checks `checks-list` returns. */
export type ChecksQuery = { account?: string; fillId?: string; isOpenOnly?: boolean } | undefined

function toCheckDto(c: CheckRow): CheckDto {
  return { ...c, phase: c.phase as CheckDto['phase'] }
}

/**
 * Runs the trader's checks on the context of `fillId` and stores the outcome. The fill's
 * campaign gives the position before it; the account's other campaigns give the day's trades
 * and losses.
 */
async function recheck(q: Handle, userId: string, fillId: string): Promise<void> {
  const context = await getContextByFill(q, fillId)
  if (!context) return
  const { raw, fills } = await computeCampaigns(q, { accounts: [context.account] })
  const fill = fills.find((f) => f.id === fillId)
  if (!fill) return
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
    ...positionBeforeFill(raw, fill),
    campaigns: raw.filter((c) => c.status !== 'opening-unknown'),
    profile,
    rules,
  })
  await replaceChecks(q, userId, context.id, results)
}

async function contextWithChecks(q: Handle, fillId: string): Promise<ContextWithChecks> {
  const context = await getContextByFill(q, fillId)
  const checks = context ? (await listChecks(q, { fillIds: [fillId] })).map(toCheckDto) : []
  return { context: context ? toContextDto(context) : null, checks }
}

async function requireFill(q: Handle, fillId: string): Promise<void> {
  if (!(await findFill(q, fillId))) throw new AppError(ErrorCode.NotFound, `No fill ${fillId}`)
}

/**
 * Creates or updates the context of a fill (fields left out keep their value; a named strategy
 * is created on first use), re-runs its checks, and answers the context with its checks.
 */
export async function saveContext(pg: Handle, input: ContextSave): Promise<ContextWithChecks> {
  return pg.transaction(async (tx) => {
    await requireFill(tx, input.fillId)
    const userId = await localUserId(tx)
    const previous = await getContextByFill(tx, input.fillId)
    const strategyId =
      input.strategy === undefined
        ? (previous?.strategyId ?? null)
        : await strategyIdByName(tx, userId, input.strategy)
    await upsertContext(tx, userId, input.fillId, {
      contextType: input.contextType,
      strategyId,
      ...mergeContext(previous, input),
    })
    await recheck(tx, userId, input.fillId)
    return contextWithChecks(tx, input.fillId)
  })
}

/** The context of a fill (null when none) and its checks; `not-found` without the fill. */
export async function getContext(pg: Handle, fillId: string): Promise<ContextWithChecks> {
  await requireFill(pg, fillId)
  return contextWithChecks(pg, fillId)
}

/** Removes the context of a fill and its checks; `not-found` when there is none. */
export async function removeContext(pg: Handle, fillId: string): Promise<{ deleted: true }> {
  return pg.transaction(async (tx) => {
    if (!(await deleteContext(tx, fillId))) {
      throw new AppError(ErrorCode.NotFound, `No decision context on fill ${fillId}`)
    }
    return { deleted: true as const }
  })
}

/** Checks by account or fill; `isOpenOnly` keeps failed checks not yet acknowledged. */
export async function findChecks(q: Handle, query: ChecksQuery): Promise<CheckDto[]> {
  const filter: Parameters<typeof listChecks>[1] = {}
  if (query?.account) filter.accounts = [query.account]
  if (query?.fillId) filter.fillIds = [query.fillId]
  if (query?.isOpenOnly) filter.isOpenOnly = true
  return (await listChecks(q, filter)).map(toCheckDto)
}

/** The checks of the given fills. */
export async function findChecksOf(q: Handle, fillIds: string[]): Promise<CheckDto[]> {
  return (await listChecks(q, { fillIds })).map(toCheckDto)
}

/** Records what the trader did about a check; `not-found` when the check is unknown. */
export async function acknowledge(
  q: Handle,
  checkId: string,
  action: Parameters<typeof acknowledgeCheck>[2],
): Promise<CheckDto> {
  const check = await acknowledgeCheck(q, checkId, action)
  if (!check) throw new AppError(ErrorCode.NotFound, `No check ${checkId}`)
  return toCheckDto(check)
}
