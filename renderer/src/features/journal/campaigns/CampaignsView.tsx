import { useEffect, useMemo, useState } from 'react'
import type { CampaignDto, CampaignRowDto } from '../../../../../electron/core/contract/index'
import { Button } from '../../../components/Button'
import { Card } from '../../../components/Card'
import { ErrorView } from '../../../components/ErrorView'
import { Table, type Column } from '../../../components/Table'
import { formatMoney, formatNumber, signClass } from '../../../lib/format'
import { navigate } from '../../../lib/router'
import {
  CAMPAIGN_PAGE_SIZE,
  useCampaignStore,
  type CampaignOrder,
} from '../../../stores/campaign-store'
import { ImportPrompt } from '../ImportPrompt'
import { formatDateTime } from '../../../lib/zone'
import { useZoneStore } from '../../../stores/zone-store'
import { formatDuration } from './campaign-format'
import './campaigns.css'

const STATUS_LABEL: Record<CampaignDto['status'], string> = {
  open: 'Open',
  closed: 'Closed',
  'opening-unknown': 'Opening unknown',
}

function campaignColumns(zone: string): Column<CampaignRowDto>[] {
  return [
    { key: 'opened', header: 'Opened', render: (c) => formatDateTime(c.openedAt, zone) },
    { key: 'account', header: 'Account', render: (c) => c.account },
    { key: 'symbol', header: 'Symbol', render: (c) => <strong>{c.symbol}</strong> },
    {
      key: 'side',
      header: 'Side',
      render: (c) => <span className={`badge side-${c.side}`}>{c.side}</span>,
    },
    {
      key: 'status',
      header: 'Status',
      render: (c) => (
        <span className={`badge status-${c.status}`} title={statusHint(c)}>
          {STATUS_LABEL[c.status]}
        </span>
      ),
    },
    { key: 'qty', header: 'Qty', align: 'right', render: (c) => formatNumber(c.qty) },
    {
      key: 'entry',
      header: 'Avg entry',
      align: 'right',
      render: (c) => formatNumber(c.avgEntryPrice, { digits: 2 }),
    },
    {
      key: 'exit',
      header: 'Avg exit',
      align: 'right',
      render: (c) => formatNumber(c.avgExitPrice, { digits: 2 }),
    },
    {
      key: 'fees',
      header: 'Fees',
      align: 'right',
      render: (c) => formatMoney(c.fees, c.currency),
    },
    {
      key: 'net',
      header: 'Net P&L',
      align: 'right',
      render: (c) => (
        <span className={signClass(c.netPnl)}>
          {formatMoney(c.netPnl, c.currency, { isSigned: true })}
        </span>
      ),
    },
    {
      key: 'r',
      header: 'R',
      align: 'right',
      render: (c) => formatNumber(c.rMultiple, { digits: 2, isSigned: true }),
    },
    { key: 'held', header: 'Held', align: 'right', render: (c) => formatDuration(c.holdingMs) },
  ]
}

function statusHint(c: CampaignRowDto): string {
  if (c.status === 'opening-unknown') {
    return 'Closes a position opened before the imported data; no entry price, so no P&L.'
  }
  if (c.status === 'open') return `Still open: ${c.openQty} unrealised`
  return 'Flat to flat'
}

const ORDERS: { label: string; order: CampaignOrder }[] = [
  { label: 'Newest first', order: { sort: 'opened', direction: 'desc' } },
  { label: 'Oldest first', order: { sort: 'opened', direction: 'asc' } },
  { label: 'Recently closed', order: { sort: 'closed', direction: 'desc' } },
  { label: 'Best net P&L', order: { sort: 'net', direction: 'desc' } },
  { label: 'Worst net P&L', order: { sort: 'net', direction: 'asc' } },
  { label: 'Symbol A–Z', order: { sort: 'symbol', direction: 'asc' } },
]

const FILTER_DELAY_MS = 300

/** Campaigns (FIFO round trips) with their P&L, a page at a time; a row opens the campaign. */
export function CampaignsView() {
  const { list, account, status, symbol, order, offset } = useCampaignStore()
  const { loadList, setFilter, setOrder, setOffset, rebuild } = useCampaignStore()
  const zone = useZoneStore((s) => s.zone)
  const columns = useMemo(() => campaignColumns(zone), [zone])
  // Refetch on every visit: an import elsewhere may have changed the campaigns.
  useEffect(() => {
    void loadList()
  }, [loadList])

  // The symbol filter applies as the trader types, once typing pauses.
  const [symbolText, setSymbolText] = useState(symbol)
  useEffect(() => {
    if (symbolText === symbol) return
    const timer = setTimeout(() => setFilter({ symbol: symbolText }), FILTER_DELAY_MS)
    return () => clearTimeout(timer)
  }, [symbolText, symbol, setFilter])

  const page = list.status === 'ready' ? list.value : null
  const rows = page?.rows ?? []
  const total = page?.total ?? 0
  const orderIndex = ORDERS.findIndex(
    (o) => o.order.sort === order.sort && o.order.direction === order.direction,
  )
  const isFiltered = Boolean(account || status || symbol.trim())

  return (
    <Card
      title={`Campaigns${page ? ` (${total.toLocaleString('en-US')})` : ''}`}
      testId="campaigns-list"
      actions={
        <div className="campaigns-filters">
          <select
            aria-label="Account"
            value={account ?? ''}
            onChange={(e) => setFilter({ account: e.target.value || null })}
          >
            <option value="">All accounts</option>
            {(page?.accounts ?? (account ? [account] : [])).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
          <select
            aria-label="Status"
            value={status ?? ''}
            onChange={(e) =>
              setFilter({ status: (e.target.value || null) as CampaignDto['status'] | null })
            }
          >
            <option value="">Any status</option>
            <option value="closed">Closed</option>
            <option value="open">Open</option>
            <option value="opening-unknown">Opening unknown</option>
          </select>
          <input
            type="search"
            aria-label="Filter campaigns by symbol"
            placeholder="Symbol"
            value={symbolText}
            onChange={(e) => setSymbolText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') setFilter({ symbol: symbolText })
            }}
          />
          <select
            aria-label="Order"
            value={String(Math.max(0, orderIndex))}
            onChange={(e) => setOrder(ORDERS[Number(e.target.value)]?.order ?? order)}
          >
            {ORDERS.map((o, i) => (
              <option key={o.label} value={String(i)}>
                {o.label}
              </option>
            ))}
          </select>
          <span className="campaigns-net" data-testid="campaigns-net" title="Net P&L per currency">
            {(page?.totals.length ?? 0) === 0 ? (
              <span className="num">{formatMoney(0, 'USD', { isSigned: true })}</span>
            ) : (
              page?.totals.map((t) => (
                <span
                  key={t.currency}
                  className={`num ${signClass(t.netPnl)}`}
                  data-testid="campaigns-net-currency"
                  data-currency={t.currency}
                >
                  {formatMoney(t.netPnl, t.currency, { isSigned: true })}
                </span>
              ))
            )}
          </span>
          <Button size="sm" onClick={() => void rebuild()}>
            Rebuild
          </Button>
        </div>
      }
    >
      {list.status === 'error' ? (
        <ErrorView error={list.error} onRetry={() => void loadList()} />
      ) : page && total === 0 && !isFiltered ? (
        <ImportPrompt title="No campaigns yet" testId="campaigns-empty" />
      ) : (
        <Table
          columns={columns}
          rows={rows}
          rowKey={(c) => c.groupId}
          onRowClick={(c) => navigate('journal', 'campaigns', c.groupId)}
          empty={list.status === 'loading' ? 'Loading…' : 'No campaigns match these filters.'}
          caption="Campaigns"
          testId="campaigns-table"
        />
      )}
      {total > CAMPAIGN_PAGE_SIZE && (
        <div className="campaigns-more" data-testid="campaigns-pager">
          <Button
            size="sm"
            disabled={offset === 0}
            onClick={() => setOffset(offset - CAMPAIGN_PAGE_SIZE)}
          >
            Previous
          </Button>
          <span className="muted">
            {(offset + 1).toLocaleString('en-US')}–
            {Math.min(offset + rows.length, total).toLocaleString('en-US')} of{' '}
            {total.toLocaleString('en-US')}
          </span>
          <Button
            size="sm"
            disabled={offset + CAMPAIGN_PAGE_SIZE >= total}
            onClick={() => setOffset(offset + CAMPAIGN_PAGE_SIZE)}
          >
            Next
          </Button>
        </div>
      )}
    </Card>
  )
}
