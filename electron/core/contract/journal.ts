import { z } from 'zod'
import type { CurrencyStats } from '../domain/journal/stats/by-currency'
import type { BreakdownRow, JournalStats } from '../domain/journal/stats/journal-stats'
import type { InputOf } from './types'

/** Seed 001 `decision_contexts.context_type`. */
export const CONTEXT_TYPES = [
  'entry',
  'add',
  'reduce',
  'exit',
  'idea',
  'post_trade_reflection',
] as const
export type ContextType = (typeof CONTEXT_TYPES)[number]

/** The small fixed vocabulary of feelings a context records, each with an intensity 1–5. */
export const FEELINGS = [
  'calm',
  'confident',
  'focused',
  'excited',
  'greedy',
  'fomo',
  'impatient',
  'anxious',
  'fearful',
  'frustrated',
  'bored',
  'tired',
] as const
export type Feeling = (typeof FEELINGS)[number]

/** What the trader did after reading a nudge. */
export const TRADER_ACTIONS = ['proceeded', 'modified', 'cancelled'] as const
export type TraderAction = (typeof TRADER_ACTIONS)[number]

/** Kinds of journal entry. */
export const ENTRY_TYPES = [
  'pre_market',
  'intraday',
  'post_market',
  'trade_review',
  'lesson',
  'general',
] as const
/** Moods an entry can carry. */
export const MOODS = ['great', 'good', 'neutral', 'poor', 'bad'] as const

/** Rule codes the campaign checks understand (`user_rules.rule_code`). */
export const RULE_CODES = [
  'max_position_size_pct',
  'max_risk_per_trade_pct',
  'stop_required',
  'max_daily_loss',
  'max_trades_per_day',
  'revenge_reentry',
  'adding_to_loser',
  'planned_hours',
] as const

const feelingSchema = z
  .object({ feeling: z.enum(FEELINGS), intensity: z.number().int().min(1).max(5) })
  .strict()
const money = z.number().finite()
const dateSchema = z.iso.date()
// An IANA zone name the runtime knows (Intl throws a RangeError on any other).
const zoneSchema = z
  .string()
  .min(1)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone })
        return true
      } catch {
        return false
      }
    },
    { message: 'unknown time zone: use an IANA name such as Europe/Berlin or UTC' },
  )

/** Input schemas of the journal channels: statistics, decision contexts, checks, rules, entries. */
export const journalInputs = {
  /**
   * Statistics over closed campaigns, optionally of one account, in one currency: `currency`,
   * else the one with the most closed campaigns (money of two currencies is never summed; see
   * `JournalStatsDto`). Days, weekdays and hours are in `timeZone`, else the profile's zone,
   * else the machine's zone (UTC when it names none). `from`/`to` keep the campaigns closed on
   * those days; counts of open campaigns and `byCurrency` cover every day.
   */
  'journal-stats': z
    .object({
      account: z.string().min(1).optional(),
      currency: z.string().min(1).max(10).optional(),
      timeZone: zoneSchema.optional(),
      /** First day (inclusive, in the zone) of the closed campaigns counted. */
      from: dateSchema.optional(),
      /** Last day (inclusive, in the zone) of the closed campaigns counted. */
      to: dateSchema.optional(),
    })
    .strict()
    .refine((v) => !v.from || !v.to || v.from <= v.to, {
      message: 'from must not be after to',
      path: ['from'],
    })
    .optional(),
  /**
   * Creates or replaces the decision context of a fill and re-runs the trader's checks on it.
   * `not-found` when the fill does not exist. A named strategy is created on first use.
   */
  'context-save': z
    .object({
      fillId: z.uuid(),
      contextType: z.enum(CONTEXT_TYPES),
      strategy: z.string().trim().max(500).nullable().optional(),
      hypothesis: z.string().max(10_000).nullable().optional(),
      exitIntent: z
        .object({
          target: money.nullable().optional(),
          stop: money.nullable().optional(),
          time: z.iso.datetime({ offset: true }).nullable().optional(),
        })
        .strict()
        .nullable()
        .optional(),
      feelingsThen: z.array(feelingSchema).max(12).optional(),
      feelingsNow: z.array(feelingSchema).max(12).optional(),
      notes: z.string().max(20_000).nullable().optional(),
    })
    .strict(),
  /** The context of a fill (null when none) and its checks. */
  'context-get': z.object({ fillId: z.uuid() }).strict(),
  /** Removes the context of a fill and its checks; `not-found` when there is none. */
  'context-delete': z.object({ fillId: z.uuid() }).strict(),
  /** Checks, by account or fill; `isOpenOnly` keeps failed checks not yet acknowledged. */
  'checks-list': z
    .object({
      account: z.string().min(1).optional(),
      fillId: z.uuid().optional(),
      isOpenOnly: z.boolean().optional(),
    })
    .strict()
    .optional(),
  /** Records what the trader did about a check; `not-found` when the check is unknown. */
  'check-acknowledge': z.object({ checkId: z.uuid(), action: z.enum(TRADER_ACTIONS) }).strict(),
  /** The trader's rules. */
  'rules-get': z.object({}).strict().optional(),
  /** Replaces the trader's rules: one per code; codes left out are removed. */
  'rules-save': z
    .object({
      rules: z
        .array(
          z
            .object({
              ruleCode: z.enum(RULE_CODES),
              isEnabled: z.boolean().default(true),
              parameters: z.record(z.string(), z.unknown()).default({}),
              description: z.string().max(2000).nullable().default(null),
            })
            .strict(),
        )
        .max(50),
    })
    .strict()
    .refine((v) => new Set(v.rules.map((r) => r.ruleCode)).size === v.rules.length, {
      message: 'each rule code may appear once',
      path: ['rules'],
    }),
  /** The trader's risk profile. */
  'profile-get': z.object({}).strict().optional(),
  /** Updates the risk profile; fields left out keep their value, null clears one. */
  'profile-save': z
    .object({
      accountBalance: money.positive().nullable().optional(),
      /** The display zone: times, charts, calendar days and the planned-hours rule. */
      timeZone: zoneSchema.nullable().optional(),
      maxPositionSizePct: z.number().positive().max(1000).nullable().optional(),
      maxRiskPerTradePct: z.number().positive().max(100).nullable().optional(),
      maxDailyLossPct: z.number().positive().max(100).nullable().optional(),
      minRiskRewardRatio: z.number().positive().nullable().optional(),
      maxOpenPositions: z.number().int().positive().nullable().optional(),
      stopLossRequired: z.boolean().nullable().optional(),
    })
    .strict(),
  /** Journal entries, newest day first, within `[from, to]` or of one campaign. */
  'journal-list-entries': z
    .object({
      from: dateSchema.optional(),
      to: dateSchema.optional(),
      campaignId: z.uuid().optional(),
    })
    .strict()
    .optional(),
  /** Creates an entry, or replaces the one with `id` (`not-found` if it does not exist). */
  'journal-save-entry': z
    .object({
      id: z.uuid().optional(),
      date: dateSchema,
      entryType: z.enum(ENTRY_TYPES),
      content: z.string().max(50_000),
      mood: z.enum(MOODS).nullable().optional(),
      tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
      campaignId: z.uuid().nullable().optional(),
    })
    .strict(),
  /** Removes an entry; `not-found` when it does not exist. */
  'journal-delete-entry': z.object({ id: z.uuid() }).strict(),
}

/** A feeling and its intensity. */
export type FeelingDto = { feeling: Feeling; intensity: number }

/** The trader's reasoning on one fill. */
export type DecisionContextDto = {
  id: string
  fillId: string
  account: string
  symbol: string
  contextType: ContextType
  strategy: string | null
  hypothesis: string | null
  exitIntent: { target: number | null; stop: number | null; time: string | null } | null
  feelingsThen: FeelingDto[]
  feelingsNow: FeelingDto[]
  notes: string | null
  createdAt: string
  updatedAt: string
}

/** One campaign check: a rule measured against a decision, with its nudge. */
export type CheckDto = {
  id: string
  decisionContextId: string
  fillId: string
  checkType: string
  phase: 'pre_trade' | 'at_entry' | 'during' | 'at_exit' | 'post_trade' | null
  severity: 'info' | 'warn' | 'critical'
  passed: boolean
  details: Record<string, unknown>
  nudge: string | null
  acknowledged: boolean
  traderAction: TraderAction | null
  checkedAt: string
}

/** Answer of `context-save` and `context-get`. */
export type ContextWithChecks = { context: DecisionContextDto | null; checks: CheckDto[] }

/** One of the trader's rules. */
export type RuleDto = {
  id: string
  ruleCode: string
  isEnabled: boolean
  parameters: Record<string, unknown>
  description: string | null
}

/** The trader's risk profile. */
export type ProfileDto = {
  accountBalance: number | null
  timeZone: string | null
  maxPositionSizePct: number | null
  maxRiskPerTradePct: number | null
  maxDailyLossPct: number | null
  minRiskRewardRatio: number | null
  maxOpenPositions: number | null
  stopLossRequired: boolean | null
}

/** A journal entry for a day. */
export type JournalEntryDto = {
  id: string
  date: string
  entryType: string
  content: string
  mood: string | null
  tags: string[]
  campaignId: string | null
  createdAt: string
  updatedAt: string
}

/** Results of one slice of closed campaigns: the domain's own shape. */
export type BreakdownRowDto = BreakdownRow

/** Totals of one currency in `JournalStatsDto.byCurrency`; money in that currency. */
export type CurrencyStatsDto = CurrencyStats

/**
 * Answer of `journal-stats`. Counts cover every campaign; money and ratios cover closed ones.
 * Ratios are null when undefined (no losers, fewer than two days, …). Every figure the domain
 * computes over closed campaigns (`JournalStats`) is written there once; this adds what the
 * journal knows around it.
 *
 * Money is never summed across currencies. Every figure from `campaigns` to `equity` covers one
 * currency, named by `currency`: the one asked for, else the one with the most closed campaigns
 * (ties: the first code alphabetically). `currency` is null only when there is no campaign.
 * `currencies` and `byCurrency` cover every currency of the account (or of all accounts),
 * whichever one the headline is in: `byCurrency` has one row per currency, most closed
 * campaigns first, then by code, each equal to the headline figures asked in that currency.
 */
export type JournalStatsDto = JournalStats & {
  /** ISO code of every amount below (but `byCurrency`); null when there is no campaign. */
  currency: string | null
  campaigns: number
  open: number
  /** Campaigns closing quantity whose opening predates the data: left out of P&L. */
  openingUnknown: number
  /** Realised P&L of open campaigns so far (not in the figures above). */
  openRealisedPnl: number
  /** Costs of opening-unknown campaigns (not in `fees`). */
  openingUnknownFees: number
  /** Every currency with a campaign, alphabetically. */
  currencies: string[]
  byCurrency: CurrencyStatsDto[]
}

type In<K extends keyof typeof journalInputs> = InputOf<typeof journalInputs, K>

export type JournalHandlers = {
  'journal-stats': (input: In<'journal-stats'>) => Promise<JournalStatsDto>
  'context-save': (input: In<'context-save'>) => Promise<ContextWithChecks>
  'context-get': (input: In<'context-get'>) => Promise<ContextWithChecks>
  'context-delete': (input: In<'context-delete'>) => Promise<{ deleted: true }>
  'checks-list': (input: In<'checks-list'>) => Promise<CheckDto[]>
  'check-acknowledge': (input: In<'check-acknowledge'>) => Promise<CheckDto>
  'rules-get': (input: In<'rules-get'>) => Promise<RuleDto[]>
  'rules-save': (input: In<'rules-save'>) => Promise<RuleDto[]>
  'profile-get': (input: In<'profile-get'>) => Promise<ProfileDto>
  'profile-save': (input: In<'profile-save'>) => Promise<ProfileDto>
  'journal-list-entries': (input: In<'journal-list-entries'>) => Promise<JournalEntryDto[]>
  'journal-save-entry': (input: In<'journal-save-entry'>) => Promise<JournalEntryDto>
  'journal-delete-entry': (input: In<'journal-delete-entry'>) => Promise<{ deleted: true }>
}
