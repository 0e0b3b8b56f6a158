// `journal-stats` on a journal of one currency and of two: the headline never adds money of two
// currencies, and each row of `byCurrency` is what the statistics of that currency alone say.
import { resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CampaignRowDto, JournalStatsDto } from '../../../electron/core/contract/index'
import { parseArgs } from '../../../electron/cli/args'
import type { CommandContext } from '../../../electron/cli/command'
import { journalCommands } from '../../../electron/cli/commands/journal'
import { openTestCore, type TestCore } from '../../support/core'
import { resetJournal } from '../../support/journal'

const samples = resolve(import.meta.dirname, '../../fixtures/broker-samples')

// A broker export with a currency column: three round trips in USD, two in SEK, one in each
// closing on another day, commission per fill.
const TWO_CURRENCIES = [
  'Account,Symbol,Side,Qty,Price,Time,Commission,Currency',
  'gen,AAPL,BUY,10,100,2025-01-06 15:00:00,1,USD',
  'gen,AAPL,SELL,10,105,2025-01-06 16:00:00,1,USD',
  'gen,MSFT,BUY,5,200,2025-01-07 15:00:00,1,USD',
  'gen,MSFT,SELL,5,190,2025-01-07 16:00:00,1,USD',
  'gen,NVDA,BUY,2,500,2025-01-08 15:00:00,0,USD',
  'gen,NVDA,SELL,2,520,2025-01-09 15:00:00,0,USD',
  'gen,VOLV-B,BUY,100,250,2025-01-06 09:30:00,39,SEK',
  'gen,VOLV-B,SELL,100,262.5,2025-01-07 10:00:00,39,SEK',
  'gen,ERIC-B,BUY,200,60,2025-01-08 09:30:00,19,SEK',
  'gen,ERIC-B,SELL,200,58,2025-01-08 11:00:00,19,SEK',
  '',
].join('\n')

const MAPPING = {
  columns: {
    account: 'Account',
    symbol: 'Symbol',
    side: 'Side',
    qty: 'Qty',
    price: 'Price',
    time: 'Time',
    commission: 'Commission',
    currency: 'Currency',
  },
  dateFormat: 'yyyy-MM-dd HH:mm:ss',
}

/** The fields a `byCurrency` row shares with the headline figures. */
function rowOf(s: JournalStatsDto) {
  return {
    currency: s.currency,
    campaigns: s.campaigns,
    closed: s.closed,
    wins: s.wins,
    losses: s.losses,
    grossPnl: s.grossPnl,
    fees: s.fees,
    netPnl: s.netPnl,
    winRate: s.winRate,
  }
}

/** Net P&L of the closed campaigns of one currency, summed in cents from `campaigns-list`. */
function closedNet(campaigns: CampaignRowDto[], currency: string): number {
  const cents = campaigns
    .filter((c) => c.currency === currency && c.status === 'closed')
    .reduce((sum, c) => sum + Math.round((c.netPnl ?? 0) * 100), 0)
  return cents / 100
}

describe('journal-stats by currency', () => {
  let core: TestCore
  beforeAll(async () => {
    core = await openTestCore()
  })
  afterAll(async () => {
    await core.close()
  })
  beforeEach(async () => {
    await resetJournal(core.pg)
  })

  it('answers in the one currency of a single-currency journal, as before', async () => {
    await core.value('fills-import', {
      path: resolve(samples, 'thinkorswim-account-statement-2022-06-21.csv'),
    })
    const stats = await core.value('journal-stats', {})
    // The statement's own P/L Day for the whole account.
    expect(stats.netPnl).toBe(99)
    expect(stats.currency).toBe('USD')
    expect(stats.currencies).toEqual(['USD'])
    expect(stats.byCurrency).toEqual([rowOf(stats)])
    expect(await core.value('journal-stats', { currency: 'USD' })).toEqual(stats)
  })

  it('puts the headline in the currency with the most closed campaigns, never a mix', async () => {
    await core.value('fills-import', {
      path: resolve(samples, 'ibkr-activity-trades-multi-currency-options.csv'),
      tz: 'UTC',
    })
    await core.value('fills-import', {
      content: TWO_CURRENCIES,
      fileName: 'two-currencies.csv',
      broker: 'generic',
      mapping: MAPPING,
      tz: 'UTC',
    })
    const campaigns = await core.campaigns({})
    const closedIn = (cur: string) =>
      campaigns.filter((c) => c.currency === cur && c.status === 'closed')
    expect(closedIn('USD').length).toBeGreaterThan(closedIn('SEK').length)

    const stats = await core.value('journal-stats', {})
    expect(stats.currency).toBe('USD')
    expect(stats.currencies).toEqual(['SEK', 'USD'])
    expect(stats.closed).toBe(closedIn('USD').length)
    expect(stats.campaigns).toBe(campaigns.filter((c) => c.currency === 'USD').length)
    expect(stats.netPnl).toBe(closedNet(campaigns, 'USD'))
    const usdSymbols = new Set(closedIn('USD').map((c) => c.symbol))
    expect(stats.breakdowns.bySymbol.map((r) => r.key).every((k) => usdSymbols.has(k))).toBe(true)
    expect(stats.equity.map((p) => p.groupId).sort()).toEqual(
      closedIn('USD')
        .map((c) => c.groupId)
        .sort(),
    )
    expect(stats.calendar.reduce((n, d) => n + d.campaigns, 0)).toBe(stats.closed)

    expect(stats.byCurrency.map((r) => r.currency)).toEqual(['USD', 'SEK'])
    for (const row of stats.byCurrency) {
      const alone = await core.value('journal-stats', { currency: row.currency })
      expect(alone.currency).toBe(row.currency)
      expect(row).toEqual(rowOf(alone))
      expect(alone.byCurrency).toEqual(stats.byCurrency)
    }
  })

  it('gives SEK only when asked for SEK', async () => {
    await core.value('fills-import', {
      path: resolve(samples, 'ibkr-activity-trades-multi-currency-options.csv'),
      tz: 'UTC',
    })
    await core.value('fills-import', {
      content: TWO_CURRENCIES,
      fileName: 'two-currencies.csv',
      broker: 'generic',
      mapping: MAPPING,
      tz: 'UTC',
    })
    const campaigns = await core.campaigns({})
    const sek = campaigns.filter((c) => c.currency === 'SEK')
    const stats = await core.value('journal-stats', { currency: 'SEK' })
    expect(stats.currency).toBe('SEK')
    expect(stats.campaigns).toBe(sek.length)
    expect(stats.closed).toBe(sek.filter((c) => c.status === 'closed').length)
    expect(stats.openingUnknown).toBe(sek.filter((c) => c.status === 'opening-unknown').length)
    expect(stats.netPnl).toBe(closedNet(campaigns, 'SEK'))
    expect(stats.breakdowns.bySymbol.map((r) => r.key)).toEqual(
      [...new Set(sek.filter((c) => c.status === 'closed').map((c) => c.symbol))].sort(),
    )
    expect(stats.currencies).toEqual(['SEK', 'USD'])

    // The generic account alone: VOLV-B 100 × (262.50 − 250) − 2 × 39, ERIC-B 200 × (58 − 60)
    // − 2 × 19, and nothing of its USD trades.
    const gen = await core.value('journal-stats', { account: 'gen', currency: 'SEK' })
    expect(gen).toMatchObject({ currency: 'SEK', closed: 2, wins: 1, losses: 1, fees: 116 })
    expect(gen.netPnl).toBe(1172 - 438)
    expect(gen.breakdowns.bySymbol.map((r) => r.key)).toEqual(['ERIC-B', 'VOLV-B'])
    // Asked in lower case, the answer is the same and names the currency as the data does.
    expect(await core.value('journal-stats', { currency: 'sek' })).toEqual(stats)
  })

  /** Runs `edgebook stats ARGS` on the test core; returns what it printed, as JSON or text. */
  async function statsCommand(argv: string[]): Promise<{ json: unknown; text: string }> {
    const command = journalCommands.find((c) => c.path.join(' ') === 'stats')
    if (!command) throw new Error('no stats command')
    const args = parseArgs(['stats', ...argv])
    args.positionals.splice(0, 1)
    const printed: { json: unknown; text: string } = { json: null, text: '' }
    const ctx: CommandContext = {
      args,
      dataDir: '',
      isJson: args.flags.has('json'),
      call: (channel, input) => core.value(channel, input),
      print(value, text) {
        printed.json = JSON.parse(JSON.stringify(value)) as unknown
        printed.text = text ? text(value) : ''
      },
    }
    await command.run(ctx)
    return printed
  }

  it('prints the currency on the command line, and every currency when there are several', async () => {
    await core.value('fills-import', {
      content: TWO_CURRENCIES,
      fileName: 'two-currencies.csv',
      broker: 'generic',
      mapping: MAPPING,
      tz: 'UTC',
    })
    const all = await statsCommand(['--json'])
    const keys = [
      'campaigns',
      'closed',
      'open',
      'wins',
      'losses',
      'grossPnl',
      'fees',
      'netPnl',
      'winRate',
      'profitFactor',
      'expectancy',
      'avgWin',
      'avgLoss',
      'maxConsecutiveWins',
      'maxConsecutiveLosses',
      'maxDrawdown',
      'sharpeDaily',
      'currency',
      'byCurrency',
    ]
    expect(Object.keys(all.json as object)).toEqual(expect.arrayContaining(keys))
    expect(all.json).toEqual(await core.value('journal-stats', {}))
    expect(all.text).toMatch(/^currency +USD$/m)
    expect(all.text).toMatch(/^ +USD +3 campaigns, +3 closed/m)
    expect(all.text).toMatch(/^ +SEK +2 campaigns, +2 closed/m)
    expect(all.text).toContain('--currency')

    const sek = await statsCommand(['--account', 'gen', '--currency', 'SEK', '--json'])
    expect(sek.json).toEqual(await core.value('journal-stats', { account: 'gen', currency: 'SEK' }))
    expect(sek.text).toMatch(/^currency +SEK$/m)
    expect(sek.text).toMatch(/^net P&L +734\.00$/m)
  })

  it('answers null currency and no rows on an empty journal', async () => {
    const stats = await core.value('journal-stats', {})
    expect(stats).toMatchObject({ currency: null, campaigns: 0, currencies: [], byCurrency: [] })
    expect((await statsCommand([])).text).toBe('No campaigns.')
  })
})
