import type { CheckResult } from '../../electron/core/domain/journal/checks/campaign-checks'
import { uuidv7 as mint } from '../uuidv7'
import { rawOf, type Handle } from '../query'

/** One feeling with its intensity (1 mild … 5 overwhelming). */
export type FeelingRow = { feeling: string; intensity: number }

/** A planned exit: price target, stop price, and a time to be out by (ISO). */
export type ExitIntentRow = { target: number | null; stop: number | null; time: string | null }

/** A live decision context with its fill's account and the strategy's name. */
export type ContextRow = {
  id: string
  fillId: string
  account: string
  symbol: string
  contextType: string
  strategyId: string | null
  strategy: string | null
  hypothesis: string | null
  exitIntent: ExitIntentRow | null
  feelingsThen: FeelingRow[]
  feelingsNow: FeelingRow[]
  notes: string | null
  createdAt: string
  updatedAt: string
}

/** A live `campaign_checks` row. */
export type CheckRow = {
  id: string
  decisionContextId: string
  fillId: string
  checkType: string
  phase: string | null
  severity: 'info' | 'warn' | 'critical'
  passed: boolean
  details: Record<string, unknown>
  nudge: string | null
  acknowledged: boolean
  traderAction: 'proceeded' | 'modified' | 'cancelled' | null
  checkedAt: string
}

type RawContext = {
  id: string
  fill_id: string
  account: string
  symbol: string
  context_type: string
  strategy_id: string | null
  strategy: string | null
  hypothesis: string | null
  exit_intent: ExitIntentRow | null
  feelings_then: FeelingRow[] | null
  feelings_now: FeelingRow[] | null
  notes: string | null
  created_at: Date
  updated_at: Date
}

const CONTEXT_SELECT = `
  SELECT dc.id, dc.fill_id, f.account, f.symbol, dc.context_type, dc.strategy_id, s.name AS strategy,
         dc.hypothesis, dc.exit_intent, dc.feelings_then, dc.feelings_now, dc.notes,
         dc.created_at, dc.updated_at
    FROM journal.decision_contexts dc
    JOIN journal.trade_fills f ON f.id = dc.fill_id
    LEFT JOIN strategy.strategies s ON s.id = dc.strategy_id
   WHERE dc.deleted_at IS NULL`

function toContext(r: RawContext): ContextRow {
  return {
    id: r.id,
    fillId: r.fill_id,
    account: r.account,
    symbol: r.symbol,
    contextType: r.context_type,
    strategyId: r.strategy_id,
    strategy: r.strategy,
    hypothesis: r.hypothesis,
    exitIntent: r.exit_intent,
    feelingsThen: r.feelings_then ?? [],
    feelingsNow: r.feelings_now ?? [],
    notes: r.notes,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  }
}

/** Live contexts, optionally only those of the given fills or accounts. */
export async function listContexts(
  h: Handle,
  filter: { fillIds?: readonly string[]; accounts?: readonly string[] } = {},
): Promise<ContextRow[]> {
  const params: unknown[] = []
  let where = ''
  if (filter.fillIds) {
    params.push(filter.fillIds)
    where += ` AND dc.fill_id = ANY($${params.length}::uuid[])`
  }
  if (filter.accounts) {
    params.push(filter.accounts)
    where += ` AND f.account = ANY($${params.length}::text[])`
  }
  const result = await rawOf(h).query<RawContext>(
    `${CONTEXT_SELECT}${where} ORDER BY f.executed_at`,
    params,
  )
  return result.rows.map(toContext)
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
  const found = await rawOf(h).query<{ id: string }>(
    `SELECT id FROM strategy.strategies
      WHERE account_id = $1 AND name = $2 AND deleted_at IS NULL LIMIT 1`,
    [userId, trimmed],
  )
  if (found.rows[0]) return found.rows[0].id
  const created = await rawOf(h).query<{ id: string }>(
    `INSERT INTO strategy.strategies (id, account_id, name) VALUES ($1, $2, $3) RETURNING id`,
    [mint(), userId, trimmed],
  )
  const row = created.rows[0]
  if (!row) throw new Error('could not create the strategy')
  return row.id
}

/** Fields a trader writes on a decision context. */
export type ContextWrite = {
  contextType: string
  strategyId: string | null
  hypothesis: string | null
  exitIntent: ExitIntentRow | null
  feelingsThen: FeelingRow[]
  feelingsNow: FeelingRow[]
  notes: string | null
}

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
  await rawOf(h).query(
    `INSERT INTO journal.decision_contexts
       (id, account_id, fill_id, context_type, strategy_id, hypothesis, exit_intent,
        feelings_then, feelings_now, notes)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10)
     ON CONFLICT (fill_id) DO UPDATE SET
       context_type = EXCLUDED.context_type, strategy_id = EXCLUDED.strategy_id,
       hypothesis = EXCLUDED.hypothesis, exit_intent = EXCLUDED.exit_intent,
       feelings_then = EXCLUDED.feelings_then, feelings_now = EXCLUDED.feelings_now,
       notes = EXCLUDED.notes, deleted_at = NULL`,
    [
      mint(),
      userId,
      fillId,
      write.contextType,
      write.strategyId,
      write.hypothesis,
      write.exitIntent === null ? null : JSON.stringify(write.exitIntent),
      JSON.stringify(write.feelingsThen),
      JSON.stringify(write.feelingsNow),
      write.notes,
    ],
  )
  const saved = await getContextByFill(h, fillId)
  if (!saved) throw new Error('decision context vanished after save')
  return saved
}

/** Tombstones the context of a fill and its checks; false when there was none. */
export async function deleteContext(h: Handle, fillId: string): Promise<boolean> {
  const result = await rawOf(h).query<{ id: string }>(
    `UPDATE journal.decision_contexts SET deleted_at = now()
      WHERE fill_id = $1 AND deleted_at IS NULL RETURNING id`,
    [fillId],
  )
  const row = result.rows[0]
  if (!row) return false
  await rawOf(h).query(
    `UPDATE journal.campaign_checks SET deleted_at = now()
      WHERE decision_context_id = $1 AND deleted_at IS NULL`,
    [row.id],
  )
  return true
}

type RawCheck = {
  id: string
  decision_context_id: string
  fill_id: string
  check_type: string
  check_phase: string | null
  severity: 'info' | 'warn' | 'critical'
  passed: boolean
  details: Record<string, unknown> | null
  nudge_text: string | null
  acknowledged: boolean
  trader_action: 'proceeded' | 'modified' | 'cancelled' | null
  checked_at: Date
}

const CHECK_SELECT = `
  SELECT cc.id, cc.decision_context_id, dc.fill_id, cc.check_type, cc.check_phase, cc.severity,
         cc.passed, cc.details, cc.nudge_text, cc.acknowledged, cc.trader_action, cc.checked_at
    FROM journal.campaign_checks cc
    JOIN journal.decision_contexts dc ON dc.id = cc.decision_context_id AND dc.deleted_at IS NULL
    JOIN journal.trade_fills f ON f.id = dc.fill_id
   WHERE cc.deleted_at IS NULL`

function toCheck(r: RawCheck): CheckRow {
  return {
    id: r.id,
    decisionContextId: r.decision_context_id,
    fillId: r.fill_id,
    checkType: r.check_type,
    phase: r.check_phase,
    severity: r.severity,
    passed: r.passed,
    details: r.details ?? {},
    nudge: r.nudge_text,
    acknowledged: r.acknowledged,
    traderAction: r.trader_action,
    checkedAt: new Date(r.checked_at).toISOString(),
  }
}

/** Live checks, filtered by fills, accounts, or failing and unacknowledged only. */
export async function listChecks(
  h: Handle,
  filter: { fillIds?: readonly string[]; accounts?: readonly string[]; isOpenOnly?: boolean } = {},
): Promise<CheckRow[]> {
  const params: unknown[] = []
  let where = ''
  if (filter.fillIds) {
    params.push(filter.fillIds)
    where += ` AND dc.fill_id = ANY($${params.length}::uuid[])`
  }
  if (filter.accounts) {
    params.push(filter.accounts)
    where += ` AND f.account = ANY($${params.length}::text[])`
  }
  if (filter.isOpenOnly) where += ` AND cc.passed = false AND cc.acknowledged = false`
  const result = await rawOf(h).query<RawCheck>(
    `${CHECK_SELECT}${where}
     ORDER BY f.executed_at, CASE cc.severity WHEN 'critical' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END,
              cc.check_type`,
    params,
  )
  return result.rows.map(toCheck)
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
  const current = await rawOf(h).query<{ id: string; check_type: string; passed: boolean }>(
    `SELECT id, check_type, passed FROM journal.campaign_checks
      WHERE decision_context_id = $1 AND deleted_at IS NULL`,
    [contextId],
  )
  const byType = new Map(current.rows.map((r) => [r.check_type, r]))
  for (const result of results) {
    const existing = byType.get(result.checkType)
    byType.delete(result.checkType)
    if (existing) {
      const isSameVerdict = existing.passed === result.passed
      await rawOf(h).query(
        `UPDATE journal.campaign_checks
            SET severity = $2, passed = $3, details = $4::jsonb, nudge_text = $5, check_phase = $6,
                checked_at = now(),
                acknowledged = CASE WHEN $7::boolean THEN acknowledged ELSE false END,
                trader_action = CASE WHEN $7::boolean THEN trader_action ELSE NULL END
          WHERE id = $1`,
        [
          existing.id,
          result.severity,
          result.passed,
          JSON.stringify(result.details),
          result.nudge,
          result.phase,
          isSameVerdict,
        ],
      )
    } else {
      await rawOf(h).query(
        `INSERT INTO journal.campaign_checks
           (id, decision_context_id, account_id, check_type, severity, passed, details, nudge_text,
            check_phase)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
        [
          mint(),
          contextId,
          userId,
          result.checkType,
          result.severity,
          result.passed,
          JSON.stringify(result.details),
          result.nudge,
          result.phase,
        ],
      )
    }
  }
  for (const stale of byType.values()) {
    await rawOf(h).query(`UPDATE journal.campaign_checks SET deleted_at = now() WHERE id = $1`, [
      stale.id,
    ])
  }
}

/** Records the trader's answer to a check; null when the check does not exist. */
export async function acknowledgeCheck(
  h: Handle,
  checkId: string,
  action: 'proceeded' | 'modified' | 'cancelled',
): Promise<CheckRow | null> {
  const result = await rawOf(h).query<{ id: string }>(
    `UPDATE journal.campaign_checks SET acknowledged = true, trader_action = $2
      WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
    [checkId, action],
  )
  if (!result.rows[0]) return null
  const rows = await rawOf(h).query<RawCheck>(`${CHECK_SELECT} AND cc.id = $1`, [checkId])
  const row = rows.rows[0]
  return row ? toCheck(row) : null
}
