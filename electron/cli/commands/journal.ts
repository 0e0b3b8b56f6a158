import type { CampaignDto, CampaignPage } from '../../core/contract/campaigns'
import type { RawIn } from '../../core/contract/index'
import type { CheckDto, JournalEntryDto, JournalStatsDto } from '../../core/contract/journal'
import { intOpt, opt, opts, requireOpt, UsageError } from '../args'
import type { Command } from '../command'

type SaveEntry = RawIn<'journal-save-entry'>

function money(value: number | null): string {
  if (value === null) return '—'
  const sign = value < 0 ? '-' : ''
  return `${sign}${Math.abs(value).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`
}

function ratio(value: number | null, digits = 2): string {
  return value === null ? '—' : value.toFixed(digits)
}

function pct(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`
}

type CampaignLine = Pick<
  CampaignDto,
  'openedAt' | 'account' | 'symbol' | 'side' | 'status' | 'qty' | 'netPnl'
>

function campaignLines(list: readonly CampaignLine[]): string[] {
  const rows = list.map((c) =>
    [
      c.openedAt.slice(0, 16).replace('T', ' '),
      c.account,
      c.symbol,
      c.side,
      c.status,
      String(c.qty),
      money(c.netPnl).padStart(12),
    ].join('  '),
  )
  return [`opened            account  symbol  side  status  qty  net`, ...rows]
}

function campaignsText(page: CampaignPage): string {
  if (page.total === 0) return 'No campaigns.'
  const shown =
    page.rows.length === 0
      ? `none of ${page.total} on this page (offset ${page.offset})`
      : `${page.offset + 1}–${page.offset + page.rows.length} of ${page.total}`
  const net = page.totals.map((t) => `${t.currency} ${money(t.netPnl)}`).join(', ')
  return [
    ...campaignLines(page.rows),
    `campaigns ${shown}; net P&L of all ${page.total}: ${net}`,
  ].join('\n')
}

const CAMPAIGN_SORTS = ['opened', 'closed', 'symbol', 'net'] as const

function statsText(s: JournalStatsDto): string {
  if (s.currency === null) return 'No campaigns.'
  const others =
    s.byCurrency.length > 1
      ? [
          '',
          `by currency (figures above are in ${s.currency} only; pass --currency CODE for another)`,
          ...s.byCurrency.map(
            (r) =>
              `  ${r.currency.padEnd(4)} ${String(r.campaigns).padStart(5)} campaigns, ${String(r.closed).padStart(5)} closed, ${r.wins} W / ${r.losses} L (${pct(r.winRate)}), net ${money(r.netPnl)}`,
          ),
        ]
      : []
  return [
    `currency         ${s.currency}`,
    `campaigns        ${s.campaigns} (closed ${s.closed}, open ${s.open}, opening unknown ${s.openingUnknown})`,
    `wins / losses    ${s.wins} / ${s.losses} (win rate ${pct(s.winRate)})`,
    `gross P&L        ${money(s.grossPnl)}`,
    `fees             ${money(s.fees)}`,
    `net P&L          ${money(s.netPnl)}`,
    `profit factor    ${ratio(s.profitFactor)}`,
    `expectancy       ${money(s.expectancy)}`,
    `avg win / loss   ${money(s.avgWin)} / ${money(s.avgLoss)} (payoff ${ratio(s.payoffRatio)})`,
    `largest win/loss ${money(s.largestWin)} / ${money(s.largestLoss)}`,
    `streaks          ${s.maxConsecutiveWins} wins, ${s.maxConsecutiveLosses} losses`,
    `max drawdown     ${money(s.maxDrawdown)}`,
    `Sharpe (daily)   ${ratio(s.sharpeDaily)}`,
    ...others,
  ].join('\n')
}

function checksText(list: CheckDto[]): string {
  if (list.length === 0) return 'No checks.'
  return list
    .map(
      (c) =>
        `${c.passed ? 'pass' : c.severity.toUpperCase()}  ${c.checkType}  ${c.nudge ?? ''}${c.acknowledged ? ` [${c.traderAction ?? 'acknowledged'}]` : ''}`,
    )
    .join('\n')
}

function entriesText(list: JournalEntryDto[]): string {
  if (list.length === 0) return 'No journal entries.'
  return list
    .map((e) => `${e.date}  ${e.entryType}${e.mood ? ` (${e.mood})` : ''}  ${e.content}`)
    .join('\n')
}

/** `campaigns`, `stats`, `checks` and `journal …`: the journal read from the command line. */
export const journalCommands: Command[] = [
  {
    path: ['campaigns'],
    usage:
      'edgebook [--data-dir DIR] campaigns [--account NAME] [--status open|closed|opening-unknown] [--symbol TEXT] [--sort opened|closed|symbol|net] [--desc] [--offset N] [--limit N] [--json]',
    summary: 'FIFO campaigns (round trips) with P&L',
    needsCore: true,
    async run(ctx) {
      const status = opt(ctx.args, 'status')
      if (status !== undefined && !['open', 'closed', 'opening-unknown'].includes(status)) {
        throw new UsageError('--status must be open, closed or opening-unknown')
      }
      const sort = opt(ctx.args, 'sort') ?? 'opened'
      if (!(CAMPAIGN_SORTS as readonly string[]).includes(sort)) {
        throw new UsageError(`--sort must be one of ${CAMPAIGN_SORTS.join(', ')}`)
      }
      const account = opt(ctx.args, 'account')
      const symbol = opt(ctx.args, 'symbol')
      const offset = intOpt(ctx.args, 'offset')
      const limit = intOpt(ctx.args, 'limit')
      const page = await ctx.call('campaigns-list', {
        ...(account ? { account } : {}),
        ...(status ? { status: status as CampaignDto['status'] } : {}),
        ...(symbol ? { symbol } : {}),
        sort: sort as (typeof CAMPAIGN_SORTS)[number],
        direction: ctx.args.flags.has('desc') ? 'desc' : 'asc',
        ...(offset !== undefined ? { offset } : {}),
        ...(limit !== undefined ? { limit } : {}),
      })
      ctx.print(page, campaignsText)
    },
  },
  {
    path: ['campaigns', 'rebuild'],
    usage: 'edgebook [--data-dir DIR] campaigns rebuild [--account NAME]… [--symbol SYM]… [--json]',
    summary: 'Regroup fills into campaigns and store the grouping',
    needsCore: true,
    async run(ctx) {
      const accounts = opts(ctx.args, 'account')
      const symbols = opts(ctx.args, 'symbol')
      const result = await ctx.call('campaigns-rebuild', {
        ...(accounts.length > 0 ? { accounts } : {}),
        ...(symbols.length > 0 ? { symbols } : {}),
      })
      ctx.print(
        result,
        (r) =>
          `Rebuilt ${r.campaigns} campaigns over ${r.series} series from ${r.fills} fills in ${r.durationMs} ms.`,
      )
    },
  },
  {
    path: ['campaigns', 'show'],
    usage: 'edgebook [--data-dir DIR] campaigns show GROUP_ID [--json]',
    summary: 'One campaign with its fills, decision contexts and checks',
    needsCore: true,
    async run(ctx) {
      const groupId = ctx.args.positionals[0]
      if (!groupId) throw new UsageError('campaigns show needs a GROUP_ID')
      const detail = await ctx.call('campaigns-get', { groupId })
      ctx.print(detail, (d) =>
        [
          ...campaignLines([d.campaign]),
          '',
          ...d.fills.map(
            (f) =>
              `${f.executedAt}  ${f.side.padEnd(4)}  ${Math.abs(f.qty)} @ ${f.price}  fees ${money(f.fees)}`,
          ),
          '',
          checksText(d.checks),
        ].join('\n'),
      )
    },
  },
  {
    path: ['stats'],
    usage: 'edgebook [--data-dir DIR] stats [--account NAME] [--currency CUR] [--tz ZONE] [--json]',
    summary:
      'Win rate, profit factor, drawdown, Sharpe and breakdowns of closed campaigns, in one currency',
    needsCore: true,
    async run(ctx) {
      const account = opt(ctx.args, 'account')
      const timeZone = opt(ctx.args, 'tz')
      const currency = opt(ctx.args, 'currency')
      const stats = await ctx.call('journal-stats', {
        ...(account ? { account } : {}),
        ...(currency ? { currency } : {}),
        ...(timeZone ? { timeZone } : {}),
      })
      ctx.print(stats, statsText)
    },
  },
  {
    path: ['checks'],
    usage: 'edgebook [--data-dir DIR] checks [open] [--account NAME] [--json]',
    summary: 'Rule checks and nudges on decision contexts (`open`: failed, unacknowledged)',
    needsCore: true,
    async run(ctx) {
      const account = opt(ctx.args, 'account')
      const list = await ctx.call('checks-list', {
        ...(account ? { account } : {}),
        ...(ctx.args.positionals[0] === 'open' ? { isOpenOnly: true } : {}),
      })
      ctx.print(list, checksText)
    },
  },
  {
    path: ['journal', 'entries'],
    usage:
      'edgebook [--data-dir DIR] journal entries [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]',
    summary: 'Journal entries per day',
    needsCore: true,
    async run(ctx) {
      const from = opt(ctx.args, 'from')
      const to = opt(ctx.args, 'to')
      const list = await ctx.call('journal-list-entries', {
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      })
      ctx.print(list, entriesText)
    },
  },
  {
    path: ['journal', 'add'],
    usage:
      'edgebook [--data-dir DIR] journal add --date YYYY-MM-DD --type TYPE --content TEXT [--mood M] [--tag T]… [--campaign GROUP_ID] [--json]',
    summary: 'Write a journal entry',
    needsCore: true,
    async run(ctx) {
      const mood = opt(ctx.args, 'mood')
      const campaignId = opt(ctx.args, 'campaign')
      const entry = await ctx.call('journal-save-entry', {
        date: requireOpt(ctx.args, 'date'),
        // The channel's schema rejects unknown types and moods with a clear message.
        entryType: requireOpt(ctx.args, 'type') as SaveEntry['entryType'],
        content: requireOpt(ctx.args, 'content'),
        ...(mood ? { mood: mood as SaveEntry['mood'] } : {}),
        tags: opts(ctx.args, 'tag'),
        ...(campaignId ? { campaignId } : {}),
      })
      ctx.print(entry, (e) => `Saved ${e.entryType} entry for ${e.date} (${e.id}).`)
    },
  },
]
