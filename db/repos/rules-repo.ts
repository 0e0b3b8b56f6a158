import { uuidv7 as mint } from '../uuidv7'
import { rawOf, type Handle } from '../query'

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

/** One live `user_rules` row. */
export type RuleRow = {
  id: string
  ruleCode: string
  isEnabled: boolean
  parameters: Record<string, unknown>
  description: string | null
}

/**
 * The id of the trader on this machine: the oldest live `user_accounts` row, created on first
 * use. A desktop data dir has one trader; rows synced from other devices keep their own ids.
 */
export async function localUserId(h: Handle): Promise<string> {
  const existing = await findLocalUserId(h)
  if (existing) return existing
  const created = await rawOf(h).query<{ id: string }>(
    `INSERT INTO core.user_accounts (id, name) VALUES ($1, 'Local trader') RETURNING id`,
    [mint()],
  )
  const row = created.rows[0]
  if (!row) throw new Error('could not create the local user account')
  return row.id
}

/** The local trader's id, or null before anything was saved (read paths never create one). */
export async function findLocalUserId(h: Handle): Promise<string | null> {
  const found = await rawOf(h).query<{ id: string }>(
    `SELECT id FROM core.user_accounts WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 1`,
  )
  return found.rows[0]?.id ?? null
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

/** The trader's profile; every field null when none is stored. */
export async function getProfile(h: Handle, userId: string | null): Promise<ProfileRow> {
  if (userId === null) return { ...EMPTY_PROFILE }
  const result = await rawOf(h).query<{
    profile: Record<string, unknown>
    risk: Record<string, unknown>
  }>(
    `SELECT profile, risk_profile AS risk FROM core.user_profiles
      WHERE user_account_id = $1 AND deleted_at IS NULL`,
    [userId],
  )
  const row = result.rows[0]
  if (!row) return { ...EMPTY_PROFILE }
  const { profile, risk } = row
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
  await rawOf(h).query(
    `INSERT INTO core.user_profiles (id, user_account_id, profile, risk_profile)
     VALUES ($1, $2, $3::jsonb, $4::jsonb)
     ON CONFLICT (user_account_id) DO UPDATE
       SET profile = core.user_profiles.profile || EXCLUDED.profile,
           risk_profile = core.user_profiles.risk_profile || EXCLUDED.risk_profile,
           deleted_at = NULL`,
    [mint(), userId, JSON.stringify(profileDoc), JSON.stringify(riskDoc)],
  )
  return getProfile(h, userId)
}

/** The trader's live rules, by rule code. */
export async function listRules(h: Handle, userId: string | null): Promise<RuleRow[]> {
  if (userId === null) return []
  const result = await rawOf(h).query<{
    id: string
    rule_code: string
    is_enabled: boolean
    parameters: Record<string, unknown>
    description: string | null
  }>(
    `SELECT id, rule_code, is_enabled, parameters, description FROM core.user_rules
      WHERE account_id = $1 AND deleted_at IS NULL ORDER BY rule_code, created_at`,
    [userId],
  )
  return result.rows.map((r) => ({
    id: r.id,
    ruleCode: r.rule_code,
    isEnabled: r.is_enabled,
    parameters: r.parameters,
    description: r.description,
  }))
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
    if (existing) {
      await rawOf(h).query(
        `UPDATE core.user_rules SET is_enabled = $2, parameters = $3::jsonb, description = $4,
                evaluator = 'campaign-checks'
          WHERE id = $1`,
        [existing.id, rule.isEnabled, JSON.stringify(rule.parameters), rule.description],
      )
    } else {
      await rawOf(h).query(
        `INSERT INTO core.user_rules (id, account_id, rule_code, evaluator, parameters, is_enabled, description)
         VALUES ($1, $2, $3, 'campaign-checks', $4::jsonb, $5, $6)`,
        [
          mint(),
          userId,
          rule.ruleCode,
          JSON.stringify(rule.parameters),
          rule.isEnabled,
          rule.description,
        ],
      )
    }
  }
  for (const old of current) {
    if (!wanted.has(old.ruleCode)) {
      await rawOf(h).query(`UPDATE core.user_rules SET deleted_at = now() WHERE id = $1`, [old.id])
    }
  }
  return listRules(h, userId)
}
