import { useEffect, type ChangeEvent } from 'react'
import type { BarRowDto, SeriesCoverage } from '../../../../electron/core/contract/index'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { EmptyState } from '../../components/EmptyState'
import { ErrorView } from '../../components/ErrorView'
import { Field } from '../../components/Field'
import { MarketIcon } from '../../components/icons'
import { PageHeader } from '../../components/PageHeader'
import { Table, type Column } from '../../components/Table'
import { formatNumber } from '../../lib/format'
import { useMarketStore } from '../../stores/market-store'
import type { PageProps } from '../routes'
import { CandleChart } from './CandleChart'

const TIMEFRAMES = ['1Min', '5Min', '15Min', '30Min', '1Hour', '4Hour', '1Day', '1Week', '1Month']

const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '—')
const stamp = (iso: string): string =>
  iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ')

const previewColumns: Column<BarRowDto>[] = [
  { key: 'line', header: 'Line', render: (r) => r.line, align: 'right', width: 60 },
  { key: 'time', header: 'Time (UTC)', render: (r) => stamp(r.time) },
  {
    key: 'open',
    header: 'Open',
    render: (r) => formatNumber(r.open, { digits: 4 }),
    align: 'right',
  },
  {
    key: 'high',
    header: 'High',
    render: (r) => formatNumber(r.high, { digits: 4 }),
    align: 'right',
  },
  { key: 'low', header: 'Low', render: (r) => formatNumber(r.low, { digits: 4 }), align: 'right' },
  {
    key: 'close',
    header: 'Close',
    render: (r) => formatNumber(r.close, { digits: 4 }),
    align: 'right',
  },
  { key: 'volume', header: 'Volume', render: (r) => formatNumber(r.volume), align: 'right' },
]

function ImportCard() {
  const { file, symbol, timeframe, tz, preview, isImporting, lastImport, importError } =
    useMarketStore()
  const { pickFile, setField, importFile } = useMarketStore.getState()
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const picked = e.target.files?.[0]
    // Cleared so picking the same file again (after an import released it) uploads it again.
    e.target.value = ''
    if (picked) void pickFile(picked)
  }
  const previewValue = preview.status === 'ready' ? preview.value : null
  const canImport = previewValue?.isValid === true && symbol.trim() !== '' && !isImporting
  return (
    <Card title="Import bars" className="span-2" testId="bars-import">
      <div className="stack">
        <div className="row">
          <Field label="File (CSV or Parquet)">
            <input
              type="file"
              accept=".csv,.txt,.tsv,.parquet,.pq"
              onChange={onFile}
              data-testid="bars-file"
            />
          </Field>
          <Field label="Symbol">
            <input
              value={symbol}
              onChange={(e) => setField('symbol', e.target.value)}
              data-testid="bars-symbol"
            />
          </Field>
          <Field label="Timeframe">
            <select
              value={timeframe}
              onChange={(e) => setField('timeframe', e.target.value)}
              data-testid="bars-timeframe"
            >
              {TIMEFRAMES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </Field>
          <Field label="Zone of naive times" hint="IANA name; empty = UTC">
            <input value={tz} placeholder="UTC" onChange={(e) => setField('tz', e.target.value)} />
          </Field>
        </div>
        {preview.status === 'loading' && <p className="muted">Reading {file?.name}…</p>}
        {preview.status === 'error' && <ErrorView error={preview.error} compact />}
        {previewValue && !previewValue.isValid && (
          <div className="stack" data-testid="bars-preview-issues">
            <p className="neg">{previewValue.message}</p>
            <ul>
              {previewValue.issues.slice(0, 10).map((i) => (
                <li key={`${i.line}-${i.field}`}>
                  line {i.line}, {i.field}: {i.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {previewValue?.isValid && previewValue.layout && (
          <div className="stack" data-testid="bars-preview">
            <p className="muted">
              {formatNumber(previewValue.total)} bars, {day(previewValue.first)} …{' '}
              {day(previewValue.last)} · time column “{previewValue.layout.timeColumn}” (
              {previewValue.layout.timeKind}){previewValue.layout.volume ? '' : ' · no volume'}
              {previewValue.layout.ignored.length > 0
                ? ` · ignored: ${previewValue.layout.ignored.join(', ')}`
                : ''}
            </p>
            {previewValue.warnings.map((w) => (
              <p key={w} className="muted">
                {w}
              </p>
            ))}
            <Table
              columns={previewColumns}
              rows={previewValue.rows}
              rowKey={(r) => String(r.line)}
              caption="Preview"
            />
          </div>
        )}
        <div className="row">
          <Button
            variant="primary"
            disabled={!canImport}
            onClick={() => void importFile()}
            data-testid="bars-import-button"
          >
            {isImporting ? 'Importing…' : 'Import'}
          </Button>
          {lastImport && (
            <span data-testid="bars-import-result">
              {lastImport.symbol} {lastImport.timeframe}: {formatNumber(lastImport.rows)} bars,{' '}
              {formatNumber(lastImport.inserted)} new, {formatNumber(lastImport.duplicates)} already
              stored
            </span>
          )}
        </div>
        {importError && <ErrorView error={importError} />}
      </div>
    </Card>
  )
}

function CoverageCard() {
  const coverage = useMarketStore((s) => s.coverage)
  const { showChart, deleteSeries, loadCoverage } = useMarketStore.getState()
  const columns: Column<SeriesCoverage>[] = [
    { key: 'symbol', header: 'Symbol', render: (c) => <strong>{c.symbol}</strong> },
    { key: 'tf', header: 'Timeframe', render: (c) => c.timeframe },
    { key: 'bars', header: 'Bars', render: (c) => formatNumber(c.bars), align: 'right' },
    { key: 'first', header: 'First', render: (c) => day(c.first) },
    { key: 'last', header: 'Last', render: (c) => day(c.last) },
    {
      key: 'gaps',
      header: 'Gaps (≥2 bars)',
      render: (c) => (
        <span
          title={c.gaps
            .map((g) => `${day(g.after)} → ${day(g.before)}: ${g.missing} missing`)
            .join('\n')}
        >
          {c.gapCount === 0 ? 'none' : `${c.gapCount} (${formatNumber(c.missingBars)} bars)`}
        </span>
      ),
      align: 'right',
    },
    {
      key: 'sync',
      header: 'Last import',
      render: (c) => (c.lastSyncAt ? c.lastSyncAt.slice(0, 16).replace('T', ' ') : '—'),
    },
    {
      key: 'actions',
      header: '',
      render: (c) => (
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Delete ${c.symbol} ${c.timeframe}`}
          onClick={(e) => {
            e.stopPropagation()
            void deleteSeries(c.symbol, c.timeframe)
          }}
        >
          Delete
        </Button>
      ),
      align: 'right',
    },
  ]
  return (
    // Full width: every column, the Delete button last, fits a 1440 px window.
    <Card title="Stored series" className="span-2" testId="bars-coverage">
      {coverage.status === 'error' && (
        <ErrorView error={coverage.error} onRetry={() => void loadCoverage()} />
      )}
      {coverage.status === 'ready' && coverage.value.length === 0 && (
        <EmptyState icon={<MarketIcon />} title="No price series yet">
          Import OHLCV bars from a CSV or Parquet file to chart them and run backtests.
        </EmptyState>
      )}
      {coverage.status === 'ready' && coverage.value.length > 0 && (
        <Table
          columns={columns}
          rows={coverage.value}
          rowKey={(c) => `${c.symbol}/${c.timeframe}`}
          onRowClick={(c) => void showChart(c.symbol, c.timeframe)}
          caption="Stored series"
          testId="coverage-table"
        />
      )}
    </Card>
  )
}

function ChartCard() {
  const chart = useMarketStore((s) => s.chart)
  if (!chart) return null
  return (
    <Card title={`${chart.symbol} · ${chart.timeframe}`} className="span-2" testId="bars-chart">
      {chart.bars.status === 'loading' && <p className="muted">Loading bars…</p>}
      {chart.bars.status === 'error' && <ErrorView error={chart.bars.error} />}
      {chart.bars.status === 'ready' && (
        <CandleChart bars={chart.bars.value} height={420} testId="candles" />
      )}
    </Card>
  )
}

/** Market data: import bars with a preview, the stored series and their gaps, and a chart. */
export function MarketPage(_props: PageProps) {
  useEffect(() => {
    void useMarketStore.getState().loadCoverage()
    return useMarketStore.getState().watch()
  }, [])
  return (
    <div className="page">
      <PageHeader title="Market data" subtitle="Price series stored on this machine" />
      <div className="page-grid">
        <CoverageCard />
        <ImportCard />
        <ChartCard />
      </div>
    </div>
  )
}
