import { localParts } from '../../time/zone'

/** Seed 001 `decision_contexts.context_type`. */
export type ContextType = 'entry' | 'add' | 'reduce' | 'exit' | 'idea' | 'post_trade_reflection'
/** Seed 001 `campaign_checks.check_phase`. */
export type CheckPhase = 'pre_trade' | 'at_entry' | 'during' | 'at_exit' | 'post_trade'
/** Seed 001 `campaign_checks.severity`. */
export type Severity = 'info' | 'warn' | 'critical'

/** The checks Edgebook knows, by `user_rules.rule_code`. */
export const CHECK_TYPES = [
  'max_position_size_pct',
  'max_risk_per_trade_pct',
  'stop_required',
  'max_daily_loss',
  'max_trades_per_day',
  'revenge_reentry',
  'adding_to_loser',
  'planned_hours',
] as const
export type CheckType = (typeof CHECK_TYPES)[number]

/** Seed 001 `user_profiles.risk_profile` plus the balance and zone the checks need. */
export type RiskProfile = {
  accountBalance?: number | null
  maxPositionSizePct?: number | null
  maxRiskPerTradePct?: number | null
  maxDailyLossPct?: number | null
  stopLossRequired?: boolean | null
  /** Zone of the trading day and of planned hours; default `UTC`. */
  timeZone?: string | null
}

/** One `user_rules` row: a check switched on, its parameters and optional severity. */
export type UserRule = {
  ruleCode: string
  isEnabled: boolean
  parameters: Record<string, unknown>
}

/** The fill a decision context is attached to. Quantity is signed. */
export type CheckFill = {
  id: string
  symbol: string
  qty: number
  price: number
  multiplier: number
  executedAt: string
}

/** A campaign of the same account, for day-level checks (daily loss, count, revenge). */
export type CheckCampaign = {
  groupId: string
  symbol: string
  openedAt: string
  closedAt: string | null
  netPnl: number | null
}

/** Everything a check run looks at. */
export type CheckInput = {
  contextType: ContextType
  fill: CheckFill
  /** From the context's exit intent. */
  stop: number | null
  /** Signed position of the fill's campaign just before the fill (0 when it opens one). */
  positionBefore: number
  /** Average entry price of the open position before the fill, when there is one. */
  avgEntryBefore: number | null
  /** The account's campaigns (every symbol), for the day-level checks. */
  campaigns: readonly CheckCampaign[]
  profile: RiskProfile
  rules: readonly UserRule[]
}

/** The outcome of one check: a `campaign_checks` row before it is stored. */
export type CheckResult = {
  checkType: CheckType
  phase: CheckPhase
  severity: Severity
  passed: boolean
  details: Record<string, unknown>
  /** One human sentence: what happened against which rule. */
  nudge: string
}

/** The phase a context type's checks are recorded in. */
export function phaseOf(type: ContextType): CheckPhase {
  switch (type) {
    case 'idea':
      return 'pre_trade'
    case 'entry':
      return 'at_entry'
    case 'add':
    case 'reduce':
      return 'during'
    case 'exit':
      return 'at_exit'
    case 'post_trade_reflection':
      return 'post_trade'
  }
}

/** Where each check applies. Sizing and discipline checks look at decisions that add risk. */
const APPLIES: Record<CheckType, readonly ContextType[]> = {
  max_position_size_pct: ['idea', 'entry', 'add'],
  max_risk_per_trade_pct: ['idea', 'entry', 'add'],
  stop_required: ['idea', 'entry', 'add'],
  max_daily_loss: ['idea', 'entry', 'add'],
  max_trades_per_day: ['entry'],
  revenge_reentry: ['entry'],
  adding_to_loser: ['add'],
  planned_hours: ['entry', 'add'],
}

const DEFAULT_SEVERITY: Record<CheckType, Severity> = {
  max_position_size_pct: 'warn',
  max_risk_per_trade_pct: 'critical',
  stop_required: 'critical',
  max_daily_loss: 'critical',
  max_trades_per_day: 'warn',
  revenge_reentry: 'warn',
  adding_to_loser: 'warn',
  planned_hours: 'info',
}

type Config = { type: CheckType; params: Record<string, unknown>; severity: Severity }

/**
 * The checks in force: the risk profile switches on the sizing checks it has a limit for, and
 * `user_rules` rows add checks or override them (a disabled rule switches a check off).
 */
export function resolveChecks(profile: RiskProfile, rules: readonly UserRule[]): Config[] {
  const configs = new Map<CheckType, Config>()
  const put = (type: CheckType, params: Record<string, unknown>): void => {
    configs.set(type, { type, params, severity: DEFAULT_SEVERITY[type] })
  }
  if (isNum(profile.maxPositionSizePct)) put('max_position_size_pct', {})
  if (isNum(profile.maxRiskPerTradePct)) put('max_risk_per_trade_pct', {})
  if (isNum(profile.maxDailyLossPct)) put('max_daily_loss', {})
  if (profile.stopLossRequired === true) put('stop_required', {})
  for (const rule of rules) {
    if (!isCheckType(rule.ruleCode)) continue
    if (!rule.isEnabled) {
      configs.delete(rule.ruleCode)
      continue
    }
    const severity = rule.parameters.severity
    configs.set(rule.ruleCode, {
      type: rule.ruleCode,
      params: rule.parameters,
      severity: isSeverity(severity) ? severity : DEFAULT_SEVERITY[rule.ruleCode],
    })
  }
  return CHECK_TYPES.flatMap((type) => {
    const config = configs.get(type)
    return config ? [config] : []
  })
}

/**
 * Runs every check in force that applies to the context's type. A check that lacks what it needs
 * (no balance for a percentage, no stop for risk) is left out rather than passed silently.
 */
export function runChecks(input: CheckInput): CheckResult[] {
  const phase = phaseOf(input.contextType)
  const results: CheckResult[] = []
  for (const config of resolveChecks(input.profile, input.rules)) {
    if (!APPLIES[config.type].includes(input.contextType)) continue
    const outcome = evaluate(config, input)
    if (!outcome) continue
    results.push({
      checkType: config.type,
      phase,
      severity: outcome.passed ? 'info' : config.severity,
      passed: outcome.passed,
      details: outcome.details,
      nudge: outcome.nudge,
    })
  }
  return results
}

type Outcome = { passed: boolean; details: Record<string, unknown>; nudge: string }

function evaluate(config: Config, input: CheckInput): Outcome | null {
  const { fill, profile } = input
  const params = config.params
  const balance = num(params.accountBalance) ?? num(profile.accountBalance)
  const zone = str(params.timeZone) ?? profile.timeZone ?? 'UTC'
  const positionAfter = input.positionBefore + fill.qty
  const fillMs = Date.parse(fill.executedAt)
  const today = localParts(fillMs, zone).date

  switch (config.type) {
    case 'max_position_size_pct': {
      const limitPct = num(params.pct) ?? num(profile.maxPositionSizePct)
      if (limitPct === null || balance === null || balance <= 0) return null
      const notional = Math.abs(positionAfter) * fill.price * fill.multiplier
      const pct = (notional / balance) * 100
      const passed = pct <= limitPct
      return {
        passed,
        details: { notional: round2(notional), pct: round2(pct), limitPct, balance },
        nudge: passed
          ? `Position is ${fmtPct(pct)} of the account, within your ${fmtPct(limitPct)} limit.`
          : `This position is ${fmtPct(pct)} of your account, above your ${fmtPct(limitPct)} limit. Size down before the market does it for you.`,
      }
    }
    case 'max_risk_per_trade_pct': {
      const limitPct = num(params.pct) ?? num(profile.maxRiskPerTradePct)
      if (limitPct === null || balance === null || balance <= 0 || input.stop === null) return null
      const risk = Math.abs(fill.price - input.stop) * Math.abs(positionAfter) * fill.multiplier
      const pct = (risk / balance) * 100
      const passed = pct <= limitPct
      return {
        passed,
        details: { risk: round2(risk), pct: round2(pct), limitPct, stop: input.stop, balance },
        nudge: passed
          ? `Risk to the stop is ${fmtPct(pct)} of the account, within your ${fmtPct(limitPct)} limit.`
          : `Risk to your stop is ${fmtPct(pct)} of the account, above your ${fmtPct(limitPct)} per-trade limit. Tighten the stop or trade smaller.`,
      }
    }
    case 'stop_required': {
      const passed = input.stop !== null
      return {
        passed,
        details: { stop: input.stop },
        nudge: passed
          ? `Stop set at ${input.stop}.`
          : 'You have no stop on this trade, and your rules require one. Decide where you are wrong before the market decides for you.',
      }
    }
    case 'max_daily_loss': {
      const limit =
        num(params.amount) ??
        (num(profile.maxDailyLossPct) !== null && balance !== null
          ? ((num(profile.maxDailyLossPct) ?? 0) / 100) * balance
          : null)
      if (limit === null || limit <= 0) return null
      let dayCents = 0
      for (const c of input.campaigns) {
        if (c.closedAt === null || c.netPnl === null) continue
        const closedMs = Date.parse(c.closedAt)
        if (closedMs > fillMs || localParts(closedMs, zone).date !== today) continue
        dayCents += Math.round(c.netPnl * 100)
      }
      const dayPnl = dayCents / 100
      const passed = dayPnl > -limit
      return {
        passed,
        details: { date: today, dayPnl, limit: round2(limit) },
        nudge: passed
          ? `Today's realised P&L is ${fmtMoney(dayPnl)}, inside your ${fmtMoney(-limit)} daily limit.`
          : `You are down ${fmtMoney(-dayPnl)} today, past your ${fmtMoney(limit)} daily loss limit. Your rule says the day is over.`,
      }
    }
    case 'max_trades_per_day': {
      const max = num(params.max) ?? num(params.maxTrades)
      if (max === null) return null
      const ids = new Set<string>()
      for (const c of input.campaigns) {
        const openedMs = Date.parse(c.openedAt)
        if (openedMs > fillMs || localParts(openedMs, zone).date !== today) continue
        ids.add(c.groupId)
      }
      // The entry being checked opens a campaign of its own whether or not it is stored yet.
      ids.add(fill.id)
      const count = ids.size
      const passed = count <= max
      return {
        passed,
        details: { date: today, trades: count, max },
        nudge: passed
          ? `Trade ${count} of at most ${max} today.`
          : `This is trade ${count} today; your limit is ${max}. Overtrading rarely adds edge.`,
      }
    }
    case 'revenge_reentry': {
      const minutes = num(params.minutes) ?? 15
      let lastLoss: CheckCampaign | null = null
      for (const c of input.campaigns) {
        if (c.closedAt === null || c.netPnl === null || c.netPnl >= 0) continue
        if (c.groupId === fill.id) continue
        const closedMs = Date.parse(c.closedAt)
        if (closedMs > fillMs) continue
        if (!lastLoss || closedMs > Date.parse(lastLoss.closedAt ?? '')) lastLoss = c
      }
      if (!lastLoss?.closedAt) {
        return { passed: true, details: { minutes }, nudge: 'No recent loss before this entry.' }
      }
      const gapMinutes = (fillMs - Date.parse(lastLoss.closedAt)) / 60_000
      const passed = gapMinutes >= minutes
      return {
        passed,
        details: {
          minutes,
          gapMinutes: round2(gapMinutes),
          lossGroupId: lastLoss.groupId,
          lossSymbol: lastLoss.symbol,
          loss: lastLoss.netPnl,
        },
        nudge: passed
          ? `Entered ${Math.round(gapMinutes)} minutes after the last loss.`
          : `You re-entered ${Math.round(gapMinutes)} minutes after a ${fmtMoney(lastLoss.netPnl ?? 0)} loss on ${lastLoss.symbol}. Is this the plan, or getting it back?`,
      }
    }
    case 'adding_to_loser': {
      const before = input.positionBefore
      const avg = input.avgEntryBefore
      if (before === 0 || avg === null || Math.sign(before) !== Math.sign(fill.qty)) return null
      const isLosing = before > 0 ? fill.price < avg : fill.price > avg
      return {
        passed: !isLosing,
        details: { avgEntry: avg, price: fill.price, positionBefore: before },
        nudge: isLosing
          ? `You added at ${fill.price} to a ${before > 0 ? 'long' : 'short'} averaging ${round4(avg)} that is losing. Averaging down turns small losses into big ones.`
          : `Added to a position that is in profit.`,
      }
    }
    case 'planned_hours': {
      const start = minutesOf(str(params.start))
      const end = minutesOf(str(params.end))
      if (start === null || end === null) return null
      const days = Array.isArray(params.days)
        ? params.days.filter((d): d is number => typeof d === 'number')
        : null
      const local = localParts(fillMs, zone)
      const minute = local.hour * 60 + local.minute
      const inWindow =
        start <= end ? minute >= start && minute < end : minute >= start || minute < end
      const onDay = days === null || days.includes(local.weekday)
      const passed = inWindow && onDay
      const clock = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`
      return {
        passed,
        details: {
          localTime: clock,
          weekday: local.weekday,
          start: params.start,
          end: params.end,
          timeZone: zone,
        },
        nudge: passed
          ? `Traded at ${clock}, inside your planned hours.`
          : `You traded at ${clock} (${zone}), outside your planned ${String(params.start)}–${String(params.end)} window.`,
      }
    }
  }
}

function isCheckType(value: string): value is CheckType {
  return (CHECK_TYPES as readonly string[]).includes(value)
}

function isSeverity(value: unknown): value is Severity {
  return value === 'info' || value === 'warn' || value === 'critical'
}

function isNum(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function num(value: unknown): number | null {
  return isNum(value) ? value : null
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null
}

function minutesOf(hhmm: string | null): number | null {
  if (hhmm === null) return null
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm)
  if (!m) return null
  return Number(m[1]) * 60 + Number(m[2])
}

function round2(x: number): number {
  return Math.round(x * 100) / 100
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000
}

function fmtPct(x: number): string {
  return `${round2(x)}%`
}

function fmtMoney(x: number): string {
  const sign = x < 0 ? '-' : ''
  return `${sign}$${Math.abs(x).toFixed(2)}`
}
