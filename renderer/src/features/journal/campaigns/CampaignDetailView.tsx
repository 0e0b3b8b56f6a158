import { useEffect, useState } from 'react'
import type {
  CampaignFillDto,
  CampaignLegDto,
  ContextType,
} from '../../../../../electron/core/contract/index'
import { Card } from '../../../components/Card'
import { ErrorView } from '../../../components/ErrorView'
import { Stat } from '../../../components/Stat'
import { Table, type Column } from '../../../components/Table'
import { formatMoney, formatNumber, signClass } from '../../../lib/format'
import { hrefFor } from '../../../lib/router'
import { useCampaignStore } from '../../../stores/campaign-store'
import { ChecksList } from '../context/ChecksList'
import { ContextEditor } from '../context/ContextEditor'
import { CampaignChart } from './CampaignChart'
import { formatDateTime } from '../../../lib/zone'
import { useZoneStore } from '../../../stores/zone-store'
import { formatDuration } from './campaign-format'
import './campaigns.css'

const SUGGESTED: Record<CampaignLegDto['role'], ContextType> = {
  open: 'entry',
  add: 'add',
  reduce: 'reduce',
  close: 'exit',
  orphan: 'exit',
}

type FillRow = CampaignFillDto & { leg: CampaignLegDto | undefined; hasContext: boolean }

/** One campaign: key figures, chart with entries and exits, fills, and the context editor. */
export function CampaignDetailView({ groupId }: { groupId: string }) {
  const { detail, bars, detailId, openDetail, saveContext, deleteContext, acknowledge } =
    useCampaignStore()
  const [selectedFill, setSelectedFill] = useState<string | null>(null)
  const zone = useZoneStore((s) => s.zone)
  const formatTime = (iso: string | null) => formatDateTime(iso, zone)

  useEffect(() => {
    if (detailId !== groupId) void openDetail(groupId)
  }, [groupId, detailId, openDetail])

  if (detail.status === 'error') {
    return <ErrorView error={detail.error} onRetry={() => void openDetail(groupId)} />
  }
  if (detail.status !== 'ready' || detailId !== groupId) {
    return <p className="muted">Loading campaign…</p>
  }
  const { campaign, fills, contexts, checks } = detail.value
  const contextByFill = new Map(contexts.map((c) => [c.fillId, c]))
  const legByFill = new Map<string, CampaignLegDto>()
  for (const leg of campaign.legs) if (!legByFill.has(leg.fillId)) legByFill.set(leg.fillId, leg)
  const rows: FillRow[] = fills.map((f) => ({
    ...f,
    leg: legByFill.get(f.id),
    hasContext: contextByFill.has(f.id),
  }))
  const activeFill = selectedFill ?? campaign.groupId
  const activeContext = contextByFill.get(activeFill) ?? null
  const activeLeg = legByFill.get(activeFill)
  const money = (v: number | null) => formatMoney(v, campaign.currency, { isSigned: true })

  const columns: Column<FillRow>[] = [
    { key: 'time', header: 'Time', render: (f) => formatTime(f.executedAt) },
    { key: 'side', header: 'Side', render: (f) => f.side },
    { key: 'qty', header: 'Qty', align: 'right', render: (f) => formatNumber(Math.abs(f.qty)) },
    { key: 'price', header: 'Price', align: 'right', render: (f) => formatNumber(f.price) },
    {
      key: 'role',
      header: 'Role',
      render: (f) => `${f.leg?.role ?? ''}${f.leg?.isSplit ? ' (split)' : ''}`,
    },
    {
      key: 'pos',
      header: 'Position after',
      align: 'right',
      render: (f) => formatNumber(f.leg?.positionAfter),
    },
    {
      key: 'fees',
      header: 'Fees',
      align: 'right',
      render: (f) => formatMoney(f.leg?.fees ?? f.fees, f.currency),
    },
    {
      key: 'ctx',
      header: 'Context',
      render: (f) => (f.hasContext ? <span className="badge badge-accent">noted</span> : ''),
    },
  ]

  return (
    <div className="page-grid" data-testid="campaign-detail">
      <div className="span-2">
        <a href={hrefFor('journal', 'campaigns')}>← All campaigns</a>
      </div>
      <div className="span-2 stat-row">
        <Stat
          label="Symbol"
          value={`${campaign.symbol} · ${campaign.side}`}
          hint={campaign.account}
        />
        <Stat
          label="Net P&L"
          value={money(campaign.netPnl)}
          tone={signClass(campaign.netPnl) as 'pos' | 'neg' | ''}
          hint={
            campaign.status === 'opening-unknown'
              ? 'Entry predates the data: no P&L'
              : `gross ${money(campaign.grossPnl)} · fees ${formatMoney(campaign.fees, campaign.currency)}`
          }
          testId="campaign-net"
        />
        <Stat
          label="Quantity"
          value={formatNumber(campaign.qty)}
          hint={`max ${campaign.maxPosition}`}
        />
        <Stat
          label="Entry → exit"
          value={`${formatNumber(campaign.avgEntryPrice, { digits: 2 })} → ${formatNumber(campaign.avgExitPrice, { digits: 2 })}`}
        />
        <Stat
          label="R-multiple"
          value={formatNumber(campaign.rMultiple, { digits: 2, isSigned: true })}
          hint={campaign.stop === null ? 'set a stop to measure R' : `stop ${campaign.stop}`}
        />
        <Stat
          label="Held"
          value={formatDuration(campaign.holdingMs)}
          hint={`${formatTime(campaign.openedAt)} → ${formatTime(campaign.closedAt)}`}
        />
      </div>
      <Card title="Chart" className="span-2">
        {bars.status === 'ready' && bars.value ? (
          <CampaignChart campaign={campaign} bars={bars.value} zone={zone} />
        ) : (
          <p className="muted">
            {bars.status === 'loading'
              ? 'Looking for bars…'
              : `No stored bars for ${campaign.symbol}: import bars in Market data to see entries and exits on a chart.`}
          </p>
        )}
      </Card>
      <Card title={`Fills (${fills.length})`} className="span-2">
        <Table
          columns={columns}
          rows={rows}
          rowKey={(f) => f.id}
          onRowClick={(f) => setSelectedFill(f.id)}
          selectedKey={activeFill}
          caption="Fills of the campaign"
          testId="campaign-fills"
        />
      </Card>
      <Card title="Decision context" testId="context-card">
        <ContextEditor
          key={`${activeFill}:${activeContext?.updatedAt ?? 'new'}`}
          fillId={activeFill}
          suggestedType={activeLeg ? SUGGESTED[activeLeg.role] : 'entry'}
          context={activeContext}
          onSave={saveContext}
          onDelete={() => deleteContext(activeFill)}
        />
      </Card>
      <Card title="Checks and nudges" testId="checks-card">
        {activeContext ? (
          <ChecksList
            checks={checks.filter((c) => c.fillId === activeFill)}
            onAcknowledge={(checkId, action) => void acknowledge(checkId, action)}
          />
        ) : (
          <p className="muted">Save a decision context to run your rules on this fill.</p>
        )}
      </Card>
    </div>
  )
}
