import { useEffect, useMemo, useState } from 'react'
import type { CampaignDto } from '../../../../../electron/core/contract/index'
import { Button } from '../../../components/Button'
import { Card } from '../../../components/Card'
import { ErrorView } from '../../../components/ErrorView'
import { Table, type Column } from '../../../components/Table'
import { formatMoney, formatNumber, signClass } from '../../../lib/format'
import { navigate } from '../../../lib/router'
import { useCampaignStore } from '../../../stores/campaign-store'
import { ImportPrompt } from '../ImportPrompt'
import { formatDateTime } from '../../../lib/zone'
import { useZoneStore } from '../../../stores/zone-store'
import { formatDuration, netByCurrency } from './campaign-format'
import './campaigns.css'

const PAGE = 500

const STATUS_LABEL: Record<CampaignDto['status'], string> = {
  open: 'Open',
  closed: 'Closed',
  'opening-unknown': 'Opening unknown',
}

function campaignColumns(zone: string): Column<CampaignDto>[] {
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

function statusHint(c: CampaignDto): string {
  if (c.status === 'opening-unknown') {
    return 'Closes a position opened before the imported data; no entry price, so no P&L.'
  }
  if (c.status === 'open') return `Still open: ${c.openQty} unrealised`
  return 'Flat to flat'
}

/** Every campaign (FIFO round trip) with its P&L; a row opens the campaign. */
export function CampaignsView() {
  const { list, account, status, loadList, setFilter, rebuild } = useCampaignStore()
  const zone = useZoneStore((s) => s.zone)
  const columns = useMemo(() => campaignColumns(zone), [zone])
  // Refetch on every visit: an import elsewhere may have changed the campaigns.
  useEffect(() => {
    void loadList()
  }, [loadList])

  const rows = useMemo(() => (list.status === 'ready' ? list.value : []), [list])
  // Newest first, a page at a time: a plain table of tens of thousands of rows would stall.
  const [shown, setShown] = useState(PAGE)
  const visible = useMemo(() => rows.slice(-shown).reverse(), [rows, shown])
  const accounts = useMemo(() => [...new Set(rows.map((c) => c.account))].sort(), [rows])
  const totals = useMemo(() => netByCurrency(rows), [rows])

  return (
    <Card
      title={`Campaigns${list.status === 'ready' ? ` (${rows.length})` : ''}`}
      testId="campaigns-list"
      actions={
        <div className="campaigns-filters">
          <select
            aria-label="Account"
            value={account ?? ''}
            onChange={(e) => setFilter({ account: e.target.value || null })}
          >
            <option value="">All accounts</option>
            {accounts.map((a) => (
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
          <span className="campaigns-net" data-testid="campaigns-net" title="Net P&L per currency">
            {totals.length === 0 ? (
              <span className="num">{formatMoney(0, 'USD', { isSigned: true })}</span>
            ) : (
              totals.map((t) => (
                <span
                  key={t.currency}
                  className={`num ${signClass(t.net)}`}
                  data-testid="campaigns-net-currency"
                  data-currency={t.currency}
                >
                  {formatMoney(t.net, t.currency, { isSigned: true })}
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
      ) : list.status === 'ready' && rows.length === 0 && !account && !status ? (
        <ImportPrompt title="No campaigns yet" testId="campaigns-empty" />
      ) : (
        <Table
          columns={columns}
          rows={visible}
          rowKey={(c) => c.groupId}
          onRowClick={(c) => navigate('journal', 'campaigns', c.groupId)}
          empty={list.status === 'loading' ? 'Loading…' : 'No campaigns match these filters.'}
          caption="Campaigns"
          testId="campaigns-table"
        />
      )}
      {rows.length > visible.length && (
        <div className="campaigns-more">
          <Button size="sm" onClick={() => setShown(shown + PAGE)}>
            Show {Math.min(PAGE, rows.length - visible.length)} older
          </Button>
          <span className="muted">
            {visible.length} of {rows.length}
          </span>
        </div>
      )}
    </Card>
  )
}
