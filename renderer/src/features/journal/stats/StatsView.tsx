import { useEffect } from 'react'
import type { BreakdownRowDto, JournalStatsDto } from '../../../../../electron/core/contract/index'
import { Card } from '../../../components/Card'
import { ErrorView } from '../../../components/ErrorView'
import { Stat } from '../../../components/Stat'
import { Table, type Column } from '../../../components/Table'
import { formatMoney, formatNumber, formatPct, signClass } from '../../../lib/format'
import { useStatsStore } from '../../../stores/stats-store'
import { CalendarHeatmap } from './CalendarHeatmap'
import { EquityChart } from './EquityChart'
import './stats.css'

function tone(value: number | null): 'pos' | 'neg' | '' {
  return signClass(value) as 'pos' | 'neg' | ''
}

function breakdownColumns(currency: string, label: string): Column<BreakdownRowDto>[] {
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

const BREAKDOWNS: { key: keyof JournalStatsDto['breakdowns']; title: string; label: string }[] = [
  { key: 'bySymbol', title: 'By symbol', label: 'Symbol' },
  { key: 'byStrategy', title: 'By strategy', label: 'Strategy' },
  { key: 'byWeekday', title: 'By weekday (entry)', label: 'Weekday' },
  { key: 'byHour', title: 'By hour (entry)', label: 'Hour' },
  { key: 'byTag', title: 'By tag', label: 'Tag' },
]

/** The statistics dashboard: key figures, equity curve, daily calendar and breakdowns. */
export function StatsView() {
  const { stats, account, currency, load, setFilter } = useStatsStore()
  useEffect(() => {
    void load()
  }, [load])

  if (stats.status === 'error') return <ErrorView error={stats.error} onRetry={() => void load()} />
  if (stats.status !== 'ready') return <p className="muted">Computing statistics…</p>
  const s = stats.value
  const cur = currency ?? (s.currencies.length === 1 ? (s.currencies[0] ?? 'USD') : 'USD')
  const money = (v: number | null, signed = true) => formatMoney(v, cur, { isSigned: signed })

  return (
    <div className="page-grid" data-testid="stats">
      <div className="span-2 stats-filters">
        <input
          aria-label="Account"
          placeholder="All accounts"
          defaultValue={account ?? ''}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setFilter({ account: e.currentTarget.value.trim() || null })
          }}
        />
        {s.currencies.length > 1 && (
          <select
            aria-label="Currency"
            value={currency ?? ''}
            onChange={(e) => setFilter({ currency: e.target.value || null })}
          >
            <option value="">All currencies (summed as is)</option>
            {s.currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
        <span className="muted">
          {s.campaigns} campaigns: {s.closed} closed, {s.open} open
          {s.openingUnknown > 0
            ? `, ${s.openingUnknown} with an opening before the data (not in P&L)`
            : ''}
        </span>
      </div>
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
        <EquityChart equity={s.equity} />
      </Card>
      <Card title="Daily P&L" className="span-2" testId="calendar">
        <CalendarHeatmap calendar={s.calendar} currency={cur} />
      </Card>
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
