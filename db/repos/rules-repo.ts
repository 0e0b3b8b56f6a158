import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Handle } from '../query'
import { userAccounts, userProfiles, userRules } from '../schema/index'

/** The risk profile as the journal edits it (seed 001 `user_profiles.profile` + `risk_profile`). */
export type ProfileRow = {
  accountBalance: number | null
  timeZone: string | null
  maxPositionSizePct: number | null
  maxRiskPerTradePct: number | null
  maxDailyLossPct: number | null
  minRiskRewardRatio: number | null
  maxOpenPositions: number | null
  stopLossRequired: boolean | null
}

/** A stored `user_rules` row, typed from the schema. */
type RuleRecord = typeof userRules.$inferSelect

/** One live `user_rules` row (`parameters` is the rule's jsonb document). */
export type RuleRow = Pick<RuleRecord, 'id' | 'ruleCode' | 'isEnabled' | 'description'> & {
  parameters: Record<string, unknown>
}

/**
 * The id of the trader on this machine: the oldest live `user_accounts` row, created on first
 * use. A desktop data dir has one trader; rows synced from other devices keep their own ids.
 */
export async function localUserId(h: Handle): Promise<string> {
  const existing = await findLocalUserId(h)
  if (existing) return existing
  const [row] = await h
    .insert(userAccounts)
    .values({ name: 'Local trader' })
    .returning({ id: userAccounts.id })
  if (!row) throw new Error('could not create the local user account')
  return row.id
}

/** The local trader's id, or null before anything was saved (read paths never create one). */
export async function findLocalUserId(h: Handle): Promise<string | null> {
  const [found] = await h
    .select({ id: userAccounts.id })
    .from(userAccounts)
    .where(isNull(userAccounts.deletedAt))
    .orderBy(asc(userAccounts.createdAt), asc(userAccounts.id))
    .limit(1)
  return found?.id ?? null
}

const EMPTY_PROFILE: ProfileRow = {
  accountBalance: null,
  timeZone: null,
  maxPositionSizePct: null,
  maxRiskPerTradePct: null,
  maxDailyLossPct: null,
  minRiskRewardRatio: null,
  maxOpenPositions: null,
  stopLossRequired: null,
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** A jsonb document read as an object (the columns are free-form; anything else reads empty). */
function doc(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

/** The trader's profile; every field null when none is stored. */
export async function getProfile(h: Handle, userId: string | null): Promise<ProfileRow> {
  if (userId === null) return { ...EMPTY_PROFILE }
  const [row] = await h
    .select({ profile: userProfiles.profile, risk: userProfiles.riskProfile })
    .from(userProfiles)
    .where(and(eq(userProfiles.userAccountId, userId), isNull(userProfiles.deletedAt)))
  if (!row) return { ...EMPTY_PROFILE }
  const profile = doc(row.profile)
  const risk = doc(row.risk)
  return {
    accountBalance: num(profile.account_balance),
    timeZone: typeof profile.time_zone === 'string' ? profile.time_zone : null,
    maxPositionSizePct: num(risk.max_position_size_pct),
    maxRiskPerTradePct: num(risk.max_risk_per_trade_pct),
    maxDailyLossPct: num(risk.max_daily_loss_pct),
    minRiskRewardRatio: num(risk.min_risk_reward_ratio),
    maxOpenPositions: num(risk.max_open_positions),
    stopLossRequired: typeof risk.stop_loss_required === 'boolean' ? risk.stop_loss_required : null,
  }
}

/** Stores the profile, merging into the JSON documents so keys other screens own survive. */
export async function saveProfile(
  h: Handle,
  userId: string,
  profile: ProfileRow,
): Promise<ProfileRow> {
  const profileDoc = { account_balance: profile.accountBalance, time_zone: profile.timeZone }
  const riskDoc = {
    max_position_size_pct: profile.maxPositionSizePct,
    max_risk_per_trade_pct: profile.maxRiskPerTradePct,
    max_daily_loss_pct: profile.maxDailyLossPct,
    min_risk_reward_ratio: profile.minRiskRewardRatio,
    max_open_positions: profile.maxOpenPositions,
    stop_loss_required: profile.stopLossRequired,
  }
  await h
    .insert(userProfiles)
    .values({ userAccountId: userId, profile: profileDoc, riskProfile: riskDoc })
    .onConflictDoUpdate({
      target: userProfiles.userAccountId,
      set: {
        profile: sql`${userProfiles.profile} || excluded.profile`,
        riskProfile: sql`${userProfiles.riskProfile} || excluded.risk_profile`,
        deletedAt: null,
      },
    })
  return getProfile(h, userId)
}

/** The trader's live rules, by rule code. */
export async function listRules(h: Handle, userId: string | null): Promise<RuleRow[]> {
  if (userId === null) return []
  const rows = await h
    .select({
      id: userRules.id,
      ruleCode: userRules.ruleCode,
      isEnabled: userRules.isEnabled,
      parameters: userRules.parameters,
      description: userRules.description,
    })
    .from(userRules)
    .where(and(eq(userRules.accountId, userId), isNull(userRules.deletedAt)))
    .orderBy(asc(userRules.ruleCode), asc(userRules.createdAt))
  return rows.map((r) => ({ ...r, parameters: doc(r.parameters) }))
}

/**
 * Makes the trader's rules exactly `rules`: one live row per rule code, updated in place when
 * it exists, tombstoned when it is no longer listed.
 */
export async function saveRules(
  h: Handle,
  userId: string,
  rules: readonly Omit<RuleRow, 'id'>[],
): Promise<RuleRow[]> {
  const current = await listRules(h, userId)
  const byCode = new Map(current.map((r) => [r.ruleCode, r]))
  const wanted = new Set(rules.map((r) => r.ruleCode))
  for (const rule of rules) {
    const existing = byCode.get(rule.ruleCode)
    const fields = {
      isEnabled: rule.isEnabled,
      parameters: rule.parameters,
      description: rule.description,
      evaluator: 'campaign-checks',
    }
    if (existing) {
      await h.update(userRules).set(fields).where(eq(userRules.id, existing.id))
    } else {
      await h.insert(userRules).values({ ...fields, accountId: userId, ruleCode: rule.ruleCode })
    }
  }
  for (const old of current) {
    if (!wanted.has(old.ruleCode)) {
      await h
        .update(userRules)
        .set({ deletedAt: sql`now()` })
        .where(eq(userRules.id, old.id))
    }
  }
  return listRules(h, userId)
}
