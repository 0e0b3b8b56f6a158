import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, useState } from 'react'
import type { FillDto, FillSort } from '../../../../../electron/core/contract/index'
import { Card } from '../../../components/Card'
import { ErrorView } from '../../../components/ErrorView'
import { formatMoney, formatNumber } from '../../../lib/format'
import { FILLS_PAGE_SIZE, useImportStore, type FillsOrder } from '../../../stores/import-store'
import { formatDateTime } from '../../../lib/zone'
import { useZoneStore } from '../../../stores/zone-store'
import { ImportPrompt } from '../ImportPrompt'
import '../import/import.css'
import './fills.css'

const ROW_HEIGHT = 28
const FILTER_DELAY_MS = 300

function FillRow({ fill, zone }: { fill: FillDto; zone: string }) {
  return (
    <>
      <div>{formatDateTime(fill.executedAt, zone)}</div>
      <div title={fill.account}>{fill.account}</div>
      <div title={fill.symbol}>{fill.symbol}</div>
      <div className={fill.side === 'buy' ? 'pos' : 'neg'}>{fill.side}</div>
      <div className="right">{formatNumber(fill.qty)}</div>
      <div className="right">{formatNumber(fill.price, { digits: 2 })}</div>
      <div className="right">{formatMoney(fill.fees, fill.currency)}</div>
      <div className="right">{formatNumber(fill.multiplier)}</div>
      <div>{fill.currency}</div>
      <div title={fill.externalTradeId ?? ''}>{fill.broker ?? ''}</div>
    </>
  )
}

/** A column header that orders the whole stored set by its column (again: the other way). */
function SortHeader({
  column,
  label,
  order,
  onSort,
  isRight = false,
}: {
  column: FillSort
  label: string
  order: FillsOrder
  onSort: (order: FillsOrder) => void
  isRight?: boolean
}) {
  const isActive = order.sort === column
  const next: FillsOrder = isActive
    ? { sort: column, direction: order.direction === 'asc' ? 'desc' : 'asc' }
    : // Time starts newest first, as the journal opens; any other column starts ascending.
      { sort: column, direction: column === 'time' ? 'desc' : 'asc' }
  return (
    <div
      role="columnheader"
      className={isRight ? 'right' : undefined}
      aria-sort={isActive ? (order.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
      data-testid={`fills-sort-${column}`}
    >
      {/* A button: Enter and Space sort from the keyboard, and the header keeps its role. */}
      <button
        type="button"
        className={isActive ? 'vgrid-sort is-active' : 'vgrid-sort'}
        title={`Sort by ${label}, ${next.direction === 'asc' ? 'ascending' : 'descending'}`}
        onClick={() => onSort(next)}
      >
        {label}
        <span aria-hidden="true" className="vgrid-sort-mark">
          {isActive ? (order.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </div>
  )
}

/**
 * Every stored fill, newest first unless a header orders it otherwise, in a virtualised grid:
 * only the rows in view are in the DOM and pages of rows are fetched as they scroll in, so 100k
 * fills scroll as smoothly as 100. A header sorts the whole stored set in the core, not the rows
 * fetched so far.
 */
export function FillsTable({
  height = 520,
  hasImportPrompt = false,
}: {
  height?: number
  /** An empty journal shows a button to the import (not needed under the import wizard). */
  hasImportPrompt?: boolean
}) {
  const {
    fillsTotal,
    fillsPages,
    fillsError,
    fillsFilter,
    fillsOrder,
    ensureFillsPage,
    setFillsFilter,
    setFillsOrder,
  } = useImportStore()
  const [account, setAccount] = useState(fillsFilter.account)
  const [symbol, setSymbol] = useState(fillsFilter.symbol)
  const [broker, setBroker] = useState(fillsFilter.broker)
  const scroller = useRef<HTMLDivElement>(null)
  const zone = useZoneStore((s) => s.zone)
  const count = fillsTotal ?? 0
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's functions change every render by design; this component is not memoised
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  })
  const items = virtualizer.getVirtualItems()

  useEffect(() => {
    if (fillsTotal === null) void ensureFillsPage(0)
  }, [fillsTotal, ensureFillsPage])

  const first = items[0]?.index
  const last = items[items.length - 1]?.index
  useEffect(() => {
    if (first === undefined || last === undefined) return
    void ensureFillsPage(first)
    void ensureFillsPage(last)
  }, [first, last, ensureFillsPage])

  const applyFilter = () => setFillsFilter({ account, symbol, broker })
  // Filter as the trader types: a pause of FILTER_DELAY_MS applies what is in the boxes (Enter
  // applies at once). Each box matches its column case-insensitively anywhere in the value.
  useEffect(() => {
    if (
      account === fillsFilter.account &&
      symbol === fillsFilter.symbol &&
      broker === fillsFilter.broker
    ) {
      return
    }
    const timer = setTimeout(() => setFillsFilter({ account, symbol, broker }), FILTER_DELAY_MS)
    return () => clearTimeout(timer)
  }, [account, symbol, broker, fillsFilter, setFillsFilter])
  const isFiltered = [fillsFilter.account, fillsFilter.symbol, fillsFilter.broker].some(
    (text) => text.trim() !== '',
  )
  // Back to the top on a new order: row 1 is now another fill.
  const sortBy = (order: FillsOrder) => {
    scroller.current?.scrollTo({ top: 0 })
    setFillsOrder(order)
  }
  const head = { order: fillsOrder, onSort: sortBy }

  return (
    <Card
      title="Fills"
      actions={
        <span className="muted small" data-testid="fills-total">
          {fillsTotal === null ? 'loading…' : `${formatNumber(fillsTotal)} fills`}
        </span>
      }
      testId="fills-table"
    >
      <div className="fills-filter">
        <input
          value={account}
          placeholder="Account"
          aria-label="Filter by account"
          onChange={(e) => setAccount(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && applyFilter()}
        />
        <input
          value={symbol}
          placeholder="Symbol"
          aria-label="Filter by symbol"
          onChange={(e) => setSymbol(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && applyFilter()}
        />
        <input
          value={broker}
          placeholder="Source"
          aria-label="Filter by source"
          onChange={(e) => setBroker(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && applyFilter()}
        />
      </div>
      {fillsError && <ErrorView error={fillsError} compact />}
      {hasImportPrompt && fillsTotal === 0 && !isFiltered ? (
        <ImportPrompt title="No fills yet" testId="fills-empty" />
      ) : (
        <div className="vgrid" role="table" aria-rowcount={count} aria-label="Fills">
          <div className="vgrid-head" role="row" style={{ height: ROW_HEIGHT }}>
            <SortHeader column="time" label={`Executed (${zone})`} {...head} />
            <SortHeader column="account" label="Account" {...head} />
            <SortHeader column="symbol" label="Symbol" {...head} />
            <SortHeader column="side" label="Side" {...head} />
            <SortHeader column="qty" label="Qty" isRight {...head} />
            <SortHeader column="price" label="Price" isRight {...head} />
            <SortHeader column="fees" label="Costs" isRight {...head} />
            <div role="columnheader" className="right">
              ×
            </div>
            <div role="columnheader">Ccy</div>
            <SortHeader column="broker" label="Source" {...head} />
          </div>
          <div
            className="vgrid-body"
            ref={scroller}
            style={{ height }}
            data-testid="fills-scroller"
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const page = fillsPages[Math.floor(item.index / FILLS_PAGE_SIZE)]
                const fill = page?.[item.index % FILLS_PAGE_SIZE]
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 1}
                    className={fill?.isUndone ? 'vgrid-row is-undone' : 'vgrid-row'}
                    data-testid="fills-row"
                    style={{ top: item.start, height: ROW_HEIGHT }}
                  >
                    {fill ? <FillRow fill={fill} zone={zone} /> : <div className="muted">…</div>}
                  </div>
                )
              })}
            </div>
          </div>
        </div>
      )}
    </Card>
  )
}
