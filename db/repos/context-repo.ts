import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { CheckResult } from '../../electron/core/domain/journal/checks/campaign-checks'
import { isAny, type Handle } from '../query'
import {
  campaignChecks,
  decisionContexts,
  strategies,
  tradeFills,
  type ExitIntent,
  type Feeling,
} from '../schema/index'

/** One feeling with its intensity (1 mild … 5 overwhelming). */
export type FeelingRow = Feeling

/** A planned exit: price target, stop price, and a time to be out by (ISO). */
export type ExitIntentRow = ExitIntent

type ContextRecord = typeof decisionContexts.$inferSelect
type CheckRecord = typeof campaignChecks.$inferSelect

/** A live decision context with its fill's account and the strategy's name. */
export type ContextRow = Pick<
  ContextRecord,
  'id' | 'fillId' | 'contextType' | 'strategyId' | 'hypothesis' | 'exitIntent' | 'notes'
> &
  Pick<typeof tradeFills.$inferSelect, 'account' | 'symbol'> & {
    strategy: string | null
    feelingsThen: FeelingRow[]
    feelingsNow: FeelingRow[]
    createdAt: string
    updatedAt: string
  }

/** A live `campaign_checks` row with its context's fill. */
export type CheckRow = Pick<
  CheckRecord,
  'id' | 'decisionContextId' | 'checkType' | 'severity' | 'passed' | 'acknowledged' | 'traderAction'
> & {
  fillId: string
  phase: CheckRecord['checkPhase']
  details: Record<string, unknown>
  nudge: CheckRecord['nudgeText']
  checkedAt: string
}

const CONTEXT_COLUMNS = {
  id: decisionContexts.id,
  fillId: decisionContexts.fillId,
  account: tradeFills.account,
  symbol: tradeFills.symbol,
  contextType: decisionContexts.contextType,
  strategyId: decisionContexts.strategyId,
  strategy: strategies.name,
  hypothesis: decisionContexts.hypothesis,
  exitIntent: decisionContexts.exitIntent,
  feelingsThen: decisionContexts.feelingsThen,
  feelingsNow: decisionContexts.feelingsNow,
  notes: decisionContexts.notes,
  createdAt: decisionContexts.createdAt,
  updatedAt: decisionContexts.updatedAt,
}

/** Live contexts, optionally only those of the given fills or accounts. */
export async function listContexts(
  h: Handle,
  filter: { fillIds?: readonly string[]; accounts?: readonly string[] } = {},
): Promise<ContextRow[]> {
  const where: SQL[] = [isNull(decisionContexts.deletedAt)]
  if (filter.fillIds) where.push(isAny(decisionContexts.fillId, filter.fillIds, 'uuid'))
  if (filter.accounts) where.push(isAny(tradeFills.account, filter.accounts, 'text'))
  const rows = await h
    .select(CONTEXT_COLUMNS)
    .from(decisionContexts)
    .innerJoin(tradeFills, eq(tradeFills.id, decisionContexts.fillId))
    .leftJoin(strategies, eq(strategies.id, decisionContexts.strategyId))
    .where(and(...where))
    .orderBy(asc(tradeFills.executedAt))
  return rows.map((r) => ({
    ...r,
    feelingsThen: r.feelingsThen ?? [],
    feelingsNow: r.feelingsNow ?? [],
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }))
}

/** The live context of one fill, or null. */
export async function getContextByFill(h: Handle, fillId: string): Promise<ContextRow | null> {
  return (await listContexts(h, { fillIds: [fillId] }))[0] ?? null
}

/** The strategy id of `name` for the user, created on first use; null for an empty name. */
export async function strategyIdByName(
  h: Handle,
  userId: string,
  name: string | null,
): Promise<string | null> {
  const trimmed = name?.trim() ?? ''
  if (trimmed === '') return null
  const [found] = await h
    .select({ id: strategies.id })
    .from(strategies)
    .where(
      and(
        eq(strategies.accountId, userId),
        eq(strategies.name, trimmed),
        isNull(strategies.deletedAt),
      ),
    )
    .limit(1)
  if (found) return found.id
  const [created] = await h
    .insert(strategies)
    .values({ accountId: userId, name: trimmed })
    .returning({ id: strategies.id })
  if (!created) throw new Error('could not create the strategy')
  return created.id
}

/** Fields a trader writes on a decision context. */
export type ContextWrite = Pick<
  ContextRow,
  | 'contextType'
  | 'strategyId'
  | 'hypothesis'
  | 'exitIntent'
  | 'feelingsThen'
  | 'feelingsNow'
  | 'notes'
>

/**
 * Creates or replaces the context of a fill (one per fill). A tombstoned context is revived, so
 * the fill keeps one row whatever the edit history.
 */
export async function upsertContext(
  h: Handle,
  userId: string,
  fillId: string,
  write: ContextWrite,
): Promise<ContextRow> {
  await h
    .insert(decisionContexts)
    .values({ ...write, accountId: userId, fillId })
    .onConflictDoUpdate({ target: decisionContexts.fillId, set: { ...write, deletedAt: null } })
  const saved = await getContextByFill(h, fillId)
  if (!saved) throw new Error('decision context vanished after save')
  return saved
}

/** Tombstones the context of a fill and its checks; false when there was none. */
export async function deleteContext(h: Handle, fillId: string): Promise<boolean> {
  const [row] = await h
    .update(decisionContexts)
    .set({ deletedAt: sql`now()` })
    .where(and(eq(decisionContexts.fillId, fillId), isNull(decisionContexts.deletedAt)))
    .returning({ id: decisionContexts.id })
  if (!row) return false
  await h
    .update(campaignChecks)
    .set({ deletedAt: sql`now()` })
    .where(and(eq(campaignChecks.decisionContextId, row.id), isNull(campaignChecks.deletedAt)))
  return true
}

const CHECK_COLUMNS = {
  id: campaignChecks.id,
  decisionContextId: campaignChecks.decisionContextId,
  fillId: decisionContexts.fillId,
  checkType: campaignChecks.checkType,
  phase: campaignChecks.checkPhase,
  severity: campaignChecks.severity,
  passed: campaignChecks.passed,
  details: campaignChecks.details,
  nudge: campaignChecks.nudgeText,
  acknowledged: campaignChecks.acknowledged,
  traderAction: campaignChecks.traderAction,
  checkedAt: campaignChecks.checkedAt,
}

/** Live checks of live contexts, with the fill of each. */
function selectChecks(h: Handle, where: SQL[]) {
  return h
    .select(CHECK_COLUMNS)
    .from(campaignChecks)
    .innerJoin(
      decisionContexts,
      and(
        eq(decisionContexts.id, campaignChecks.decisionContextId),
        isNull(decisionContexts.deletedAt),
      ),
    )
    .innerJoin(tradeFills, eq(tradeFills.id, decisionContexts.fillId))
    .where(and(isNull(campaignChecks.deletedAt), ...where))
}

function toCheck(r: Awaited<ReturnType<typeof selectChecks>>[number]): CheckRow {
  return { ...r, details: r.details ?? {}, checkedAt: r.checkedAt.toISOString() }
}

/** Live checks, filtered by fills, accounts, or failing and unacknowledged only. */
export async function listChecks(
  h: Handle,
  filter: { fillIds?: readonly string[]; accounts?: readonly string[]; isOpenOnly?: boolean } = {},
): Promise<CheckRow[]> {
  const where: SQL[] = []
  if (filter.fillIds) where.push(isAny(decisionContexts.fillId, filter.fillIds, 'uuid'))
  if (filter.accounts) where.push(isAny(tradeFills.account, filter.accounts, 'text'))
  if (filter.isOpenOnly) {
    where.push(eq(campaignChecks.passed, false), eq(campaignChecks.acknowledged, false))
  }
  const rows = await selectChecks(h, where).orderBy(
    asc(tradeFills.executedAt),
    sql`CASE ${campaignChecks.severity} WHEN 'critical' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END`,
    asc(campaignChecks.checkType),
  )
  return rows.map(toCheck)
}

/**
 * Stores a fresh check run for a context: one live row per check type, updated in place. An
 * acknowledgement survives only while the verdict is unchanged; check types the run no longer
 * produces are tombstoned.
 */
export async function replaceChecks(
  h: Handle,
  userId: string,
  contextId: string,
  results: readonly CheckResult[],
): Promise<void> {
  const current = await h
    .select({
      id: campaignChecks.id,
      checkType: campaignChecks.checkType,
      passed: campaignChecks.passed,
    })
    .from(campaignChecks)
    .where(and(eq(campaignChecks.decisionContextId, contextId), isNull(campaignChecks.deletedAt)))
  const byType = new Map(current.map((r) => [r.checkType, r]))
  for (const result of results) {
    const existing = byType.get(result.checkType)
    byType.delete(result.checkType)
    const verdict = {
      severity: result.severity,
      passed: result.passed,
      details: result.details,
      nudgeText: result.nudge,
      checkPhase: result.phase,
    }
    if (existing) {
      // An acknowledgement answers one verdict: a changed verdict asks again.
      const isSameVerdict = existing.passed === result.passed
      await h
        .update(campaignChecks)
        .set({
          ...verdict,
          checkedAt: sql`now()`,
          ...(isSameVerdict ? {} : { acknowledged: false, traderAction: null }),
        })
        .where(eq(campaignChecks.id, existing.id))
    } else {
      await h.insert(campaignChecks).values({
        ...verdict,
        decisionContextId: contextId,
        accountId: userId,
        checkType: result.checkType,
      })
    }
  }
  for (const stale of byType.values()) {
    await h
      .update(campaignChecks)
      .set({ deletedAt: sql`now()` })
      .where(eq(campaignChecks.id, stale.id))
  }
}

/** Records the trader's answer to a check; null when the check does not exist. */
export async function acknowledgeCheck(
  h: Handle,
  checkId: string,
  action: 'proceeded' | 'modified' | 'cancelled',
): Promise<CheckRow | null> {
  const updated = await h
    .update(campaignChecks)
    .set({ acknowledged: true, traderAction: action })
    .where(and(eq(campaignChecks.id, checkId), isNull(campaignChecks.deletedAt)))
    .returning({ id: campaignChecks.id })
  if (updated.length === 0) return null
  const [row] = await selectChecks(h, [eq(campaignChecks.id, checkId)])
  return row ? toCheck(row) : null
}
