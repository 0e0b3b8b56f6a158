import { useEffect } from 'react'
import type {
  BreakdownRowDto,
  CurrencyStatsDto,
  JournalStatsDto,
} from '../../../../../electron/core/contract/index'
import { Card } from '../../../components/Card'
import { ErrorView } from '../../../components/ErrorView'
import { Stat } from '../../../components/Stat'
import { Table, type Column } from '../../../components/Table'
import { Tabs } from '../../../components/Tabs'
import { formatMoney, formatNumber, formatPct, signClass } from '../../../lib/format'
import { formatDate } from '../../../lib/zone'
import { Button } from '../../../components/Button'
import { shiftMonth } from './calendar-month'
import { useStatsStore, type StatsFilter } from '../../../stores/stats-store'
import { useZoneStore } from '../../../stores/zone-store'
import { ImportPrompt } from '../ImportPrompt'
import { MonthCalendar } from './MonthCalendar'
import { EquityChart } from './EquityChart'
import './stats.css'

function tone(value: number | null): 'pos' | 'neg' | '' {
  return signClass(value) as 'pos' | 'neg' | ''
}

function breakdownColumns(currency: string | null, label: string): Column<BreakdownRowDto>[] {
  return [
    { key: 'key', header: label, render: (r) => r.key },
    { key: 'n', header: 'Campaigns', align: 'right', render: (r) => formatNumber(r.campaigns) },
    {
      key: 'win',
      header: 'Win rate',
      align: 'right',
      render: (r) => formatPct(r.winRate, { digits: 0 }),
    },
    {
      key: 'net',
      header: 'Net P&L',
      align: 'right',
      render: (r) => (
        <span className={signClass(r.netPnl)}>
          {formatMoney(r.netPnl, currency, { isSigned: true })}
        </span>
      ),
    },
  ]
}

// Each row's money is in its own currency: the rows are side by side, never added up.
const CURRENCY_COLUMNS: Column<CurrencyStatsDto>[] = [
  { key: 'currency', header: 'Currency', render: (r) => r.currency },
  { key: 'n', header: 'Campaigns', align: 'right', render: (r) => formatNumber(r.campaigns) },
  { key: 'closed', header: 'Closed', align: 'right', render: (r) => formatNumber(r.closed) },
  {
    key: 'win',
    header: 'Win rate',
    align: 'right',
    render: (r) => formatPct(r.winRate, { digits: 0 }),
  },
  {
    key: 'net',
    header: 'Net P&L',
    align: 'right',
    render: (r) => (
      <span className={signClass(r.netPnl)}>
        {formatMoney(r.netPnl, r.currency, { isSigned: true })}
      </span>
    ),
  },
]

const BREAKDOWNS: { key: keyof JournalStatsDto['breakdowns']; title: string; label: string }[] = [
  { key: 'bySymbol', title: 'By symbol', label: 'Symbol' },
  { key: 'byStrategy', title: 'By strategy', label: 'Strategy' },
  { key: 'byWeekday', title: 'By weekday (entry)', label: 'Weekday' },
  { key: 'byHour', title: 'By hour (entry)', label: 'Hour' },
  { key: 'byTag', title: 'By tag', label: 'Tag' },
]

/**
 * The range of closing days the statistics count: two date inputs (in the display zone) and
 * quick picks. Statistics of a range count only campaigns closed on those days.
 */
function DateRange({
  from,
  to,
  zone,
  onChange,
}: {
  from: string | null
  to: string | null
  zone: string
  onChange: (filter: StatsFilter) => void
}) {
  // Quick picks read today's date (in the zone) when clicked, never during render.
  const pick = (range: (today: string) => { from: string; to: string }) => () =>
    onChange(range(formatDate(Date.now(), zone)))
  const lastDay = (month: string) => {
    const [y, m] = month.split('-').map(Number) as [number, number]
    return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`
  }
  return (
    <div className="stats-range" role="group" aria-label="Closing dates" data-testid="stats-range">
      <label>
        <span className="muted small">From</span>
        <input
          type="date"
          aria-label="From date"
          value={from ?? ''}
          max={to ?? undefined}
          onChange={(e) => onChange({ from: e.target.value || null })}
        />
      </label>
      <label>
        <span className="muted small">to</span>
        <input
          type="date"
          aria-label="To date"
          value={to ?? ''}
          min={from ?? undefined}
          onChange={(e) => onChange({ to: e.target.value || null })}
        />
      </label>
      <Button
        size="sm"
        variant="ghost"
        onClick={pick((today) => ({ from: `${today.slice(0, 7)}-01`, to: today }))}
      >
        This month
      </Button>
      <Button
        size="sm"
        variant="ghost"
        onClick={pick((today) => {
          const month = shiftMonth(today.slice(0, 7), -1)
          return { from: `${month}-01`, to: lastDay(month) }
        })}
      >
        Last month
      </Button>
      <Button
        size="sm"
        variant="ghost"
        onClick={pick((today) => ({ from: `${today.slice(0, 4)}-01-01`, to: today }))}
      >
        This year
      </Button>
      {(from || to) && (
        <Button size="sm" variant="ghost" onClick={() => onChange({ from: null, to: null })}>
          All dates
        </Button>
      )}
    </div>
  )
}

/** The statistics page: the store's `journal-stats` answer as a dashboard. */
export function StatsView() {
  const { stats, account, from, to, isRefreshing, load, setFilter } = useStatsStore()
  useEffect(() => {
    void load()
  }, [load])

  if (stats.status === 'error') return <ErrorView error={stats.error} onRetry={() => void load()} />
  if (stats.status !== 'ready') return <p className="muted">Computing statistics…</p>
  if (stats.value.campaigns === 0 && stats.value.currencies.length === 0 && !account) {
    return <ImportPrompt title="No statistics yet" testId="stats-empty" />
  }
  return (
    <StatsDashboard
      stats={stats.value}
      account={account}
      from={from}
      to={to}
      isRefreshing={isRefreshing}
      onFilter={setFilter}
    />
  )
}

/**
 * Key figures, equity curve, daily calendar and breakdowns of one `journal-stats` answer, all in
 * its one currency; with several currencies, a switcher (`onFilter` asks again in another) and
 * the totals of each.
 */
export function StatsDashboard({
  stats: s,
  account,
  from = null,
  to = null,
  isRefreshing,
  onFilter: setFilter,
}: {
  stats: JournalStatsDto
  account: string | null
  /** The range of closing days asked for (inclusive, in the display zone); null is open. */
  from?: string | null
  to?: string | null
  isRefreshing: boolean
  onFilter: (filter: StatsFilter) => void
}) {
  // Every amount of the answer is in its one currency (null only without any campaign).
  const cur = s.currency
  const money = (v: number | null, signed = true) => formatMoney(v, cur, { isSigned: signed })
  const isMultiCurrency = s.byCurrency.length > 1
  const zone = useZoneStore((z) => z.zone)

  return (
    <div className="page-grid" data-testid="stats" aria-busy={isRefreshing}>
      <div className="span-2 stats-filters">
        <input
          aria-label="Account"
          placeholder="All accounts"
          defaultValue={account ?? ''}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setFilter({ account: e.currentTarget.value.trim() || null })
          }}
        />
        <DateRange from={from} to={to} zone={zone} onChange={setFilter} />
        {isMultiCurrency && cur !== null && (
          <div data-testid="stats-currency">
            <Tabs
              label="Currency of the statistics"
              tabs={s.byCurrency.map((r) => ({ id: r.currency, label: r.currency }))}
              value={cur}
              onChange={(code) => setFilter({ currency: code })}
            />
          </div>
        )}
        <span className="muted" data-testid="stats-scope">
          {cur !== null ? `In ${cur}: ` : ''}
          {s.campaigns} campaigns: {s.closed} closed{from || to ? ' in the dates' : ''}, {s.open}{' '}
          open
          {s.openingUnknown > 0
            ? `, ${s.openingUnknown} with an opening before the data (not in P&L)`
            : ''}
        </span>
      </div>
      {isMultiCurrency && (
        <p className="span-2 muted small" data-testid="stats-currency-note">
          Your journal holds {s.byCurrency.length} currencies. Figures below are in {cur} only:
          money of different currencies is never added up. Pick a currency above to see its
          statistics.
        </p>
      )}
      <div className="span-2 stat-row">
        <Stat
          label="Net P&L"
          value={money(s.netPnl)}
          tone={tone(s.netPnl)}
          hint={`gross ${money(s.grossPnl)} · fees ${money(s.fees, false)}`}
          testId="stat-net"
        />
        <Stat
          label="Win rate"
          value={formatPct(s.winRate, { digits: 1 })}
          hint={`${s.wins} W / ${s.losses} L / ${s.breakeven} even`}
        />
        <Stat label="Profit factor" value={formatNumber(s.profitFactor, { digits: 2 })} />
        <Stat
          label="Expectancy"
          value={money(s.expectancy)}
          tone={tone(s.expectancy)}
          hint="per campaign"
        />
        <Stat
          label="Avg win / loss"
          value={`${money(s.avgWin)} / ${money(s.avgLoss)}`}
          hint={`payoff ${formatNumber(s.payoffRatio, { digits: 2 })}`}
        />
        <Stat
          label="Largest win / loss"
          value={`${money(s.largestWin)} / ${money(s.largestLoss)}`}
        />
        <Stat
          label="Streaks"
          value={`${s.maxConsecutiveWins} W / ${s.maxConsecutiveLosses} L`}
          hint="longest"
        />
        <Stat
          label="Max drawdown"
          value={money(-s.maxDrawdown)}
          tone={s.maxDrawdown > 0 ? 'neg' : ''}
          hint="closed-campaign equity"
        />
        <Stat
          label="Sharpe (daily)"
          value={formatNumber(s.sharpeDaily, { digits: 2 })}
          hint="trading days, ×√252"
        />
      </div>
      <Card title="Equity curve" className="span-2">
        <EquityChart equity={s.equity} currency={cur} zone={zone} />
      </Card>
      <Card title="Daily P&L" className="span-2" testId="calendar">
        <MonthCalendar calendar={s.calendar} currency={cur} />
      </Card>
      {isMultiCurrency && (
        <Card title="By currency" className="span-2" testId="stats-by-currency">
          <Table
            columns={CURRENCY_COLUMNS}
            rows={s.byCurrency}
            rowKey={(r) => r.currency}
            empty="No campaigns yet."
            caption="Results per currency, each in its own currency"
          />
        </Card>
      )}
      {BREAKDOWNS.map((b) => (
        <Card key={b.key} title={b.title}>
          <Table
            columns={breakdownColumns(cur, b.label)}
            rows={s.breakdowns[b.key]}
            rowKey={(r) => r.key}
            empty="Nothing to break down yet."
            caption={b.title}
          />
        </Card>
      ))}
    </div>
  )
}
