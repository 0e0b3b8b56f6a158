import { useEffect, useRef, useState, type DragEvent } from 'react'
import type {
  ImportFormat,
  ImportPreview,
  ImportSummary,
  PreviewFill,
} from '../../../../../electron/core/contract/index'
import { Button } from '../../../components/Button'
import { Card } from '../../../components/Card'
import { ErrorView } from '../../../components/ErrorView'
import { Stat } from '../../../components/Stat'
import { Table, type Column } from '../../../components/Table'
import { formatMoney, formatNumber } from '../../../lib/format'
import { useImportStore } from '../../../stores/import-store'
import { MappingEditor } from './MappingEditor'
import { RecentImports } from './RecentImports'
import { utcText } from './time-text'
import './import.css'

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Zurich',
  'Asia/Tokyo',
  'Asia/Hong_Kong',
  'Asia/Kolkata',
  'Australia/Sydney',
  'UTC',
]

const previewColumns: Column<PreviewFill>[] = [
  { key: 'line', header: 'Line', render: (f) => f.line, align: 'right', width: 56 },
  { key: 'time', header: 'Executed (UTC)', render: (f) => utcText(f.executedAt) },
  { key: 'account', header: 'Account', render: (f) => f.account },
  { key: 'symbol', header: 'Symbol', render: (f) => f.symbol },
  { key: 'side', header: 'Side', render: (f) => f.side },
  { key: 'qty', header: 'Qty', render: (f) => formatNumber(f.qty), align: 'right' },
  {
    key: 'price',
    header: 'Price',
    render: (f) => formatNumber(f.price, { digits: 2 }),
    align: 'right',
  },
  { key: 'mult', header: '×', render: (f) => formatNumber(f.multiplier), align: 'right' },
  {
    key: 'costs',
    header: 'Comm. + fees',
    render: (f) => formatMoney(f.commission + f.fees, f.currency),
    align: 'right',
  },
  { key: 'oc', header: 'O/C', render: (f) => f.openClose ?? '' },
]

function FilePicker() {
  const pickFile = useImportStore((s) => s.pickFile)
  const input = useRef<HTMLInputElement>(null)
  const [isOver, setIsOver] = useState(false)
  const take = (file: File | undefined) => {
    if (!file) return
    void file.arrayBuffer().then((bytes) => pickFile(file.name, bytes))
  }
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault()
    setIsOver(false)
    take(e.dataTransfer.files[0])
  }
  return (
    <div
      className={isOver ? 'import-drop is-over' : 'import-drop'}
      onDragOver={(e) => {
        e.preventDefault()
        setIsOver(true)
      }}
      onDragLeave={() => setIsOver(false)}
      onDrop={onDrop}
      data-testid="import-drop"
    >
      <div>Drop a broker export here (CSV or Flex XML)</div>
      <Button variant="primary" onClick={() => input.current?.click()}>
        Choose file…
      </Button>
      <input
        ref={input}
        type="file"
        accept=".csv,.txt,.xml,text/csv,application/xml"
        hidden
        data-testid="import-file"
        onChange={(e) => take(e.target.files?.[0])}
      />
      <div className="small">
        thinkorswim, NinjaTrader 8, Tradovate, tastytrade, Interactive Brokers, or any CSV with a
        column mapping
      </div>
    </div>
  )
}

function PreviewFacts({ preview }: { preview: ImportPreview }) {
  return (
    <>
      <div className="import-facts" data-testid="import-facts">
        <span className="import-chip" data-testid="import-detected">
          {preview.format ?? 'format not recognised'}
        </span>
        <span className="import-chip">
          {preview.zone
            ? `times read in ${preview.zone}`
            : preview.errors.length > 0
              ? `default zone ${preview.defaultZone}`
              : 'times carry their own offset'}
        </span>
        <span className="import-chip" data-testid="import-total">
          {preview.isPartial
            ? `first ${preview.total} fills shown; the import reads and checks the whole file`
            : `${preview.total} fills`}
        </span>
        {preview.skipped.map((s) => (
          <span className="import-chip" key={s.reason}>
            {s.count} {s.reason} skipped
          </span>
        ))}
        {preview.statedTotals
          .filter((t) => t.symbol === null)
          .map((t) => (
            <span className="import-chip" key={`${t.label}-${t.line}`}>
              file states {t.label} {formatMoney(t.amount, t.currency)}
            </span>
          ))}
      </div>
      {preview.alreadyInJournal > 0 && (
        <p
          role="status"
          data-testid="import-already"
          style={{
            borderLeft: '3px solid var(--warn)',
            paddingLeft: 8,
            color: 'var(--warn)',
          }}
        >
          {preview.isPartial
            ? `${preview.alreadyInJournal} of the first ${preview.total} fills are already in the journal (imported before, or from an overlapping report); the import counts the whole file.`
            : preview.alreadyInJournal === preview.total
              ? `All ${preview.total} fills of this file are already in the journal (imported before, or from an overlapping report); importing adds nothing.`
              : `${preview.alreadyInJournal} of ${preview.total} fills are already in the journal (imported before, or from an overlapping report); importing adds only the other ${preview.total - preview.alreadyInJournal}.`}
        </p>
      )}
      {preview.errors.length > 0 && (
        <ul className="import-list import-errors" data-testid="import-errors">
          {preview.errors.map((e, i) => (
            <li key={i}>
              <code>
                {e.file}:{e.line}
              </code>{' '}
              <strong>{e.field}</strong> — {e.message}
            </li>
          ))}
        </ul>
      )}
      {preview.warnings.length > 0 && (
        <ul className="import-list" data-testid="import-warnings">
          {preview.warnings.slice(0, 20).map((w, i) => (
            <li key={i}>
              <code>line {w.line}</code> {w.message}
            </li>
          ))}
          {preview.warnings.length > 20 && <li>… {preview.warnings.length - 20} more</li>}
        </ul>
      )}
    </>
  )
}

function PreviewStep() {
  const {
    file,
    broker,
    tz,
    account,
    formats,
    preview,
    mapping,
    setBroker,
    setTz,
    setAccount,
    runImport,
    reset,
  } = useImportStore()
  const [tzDraft, setTzDraft] = useState(tz)
  const [accountDraft, setAccountDraft] = useState(account)
  const formatList = formats.status === 'ready' ? formats.value : []
  const value = preview.status === 'ready' ? preview.value : null
  const needsMapping = value !== null && (value.format === null || value.format === 'generic')
  const canImport = value !== null && value.errors.length === 0 && value.total > 0
  return (
    <Card
      title={file ? `Preview: ${file.name}` : 'Preview'}
      actions={
        <Button size="sm" variant="ghost" onClick={reset} data-testid="import-restart">
          Choose another file
        </Button>
      }
      testId="import-preview"
    >
      <div className="import-options">
        <label>
          Format
          <select
            value={mapping ? 'generic' : broker}
            data-testid="import-broker"
            onChange={(e) => void setBroker(e.target.value as ImportFormat | 'auto')}
          >
            <option value="auto">
              Detect automatically{value?.detected ? ` (${value.detected})` : ''}
            </option>
            {formatList.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Time zone of the file
          <input
            list="import-zones"
            value={tzDraft}
            placeholder={value ? `${value.defaultZone} (default)` : 'default'}
            data-testid="import-tz"
            onChange={(e) => setTzDraft(e.target.value)}
            onBlur={() => void setTz(tzDraft)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void setTz(tzDraft)
            }}
          />
          <datalist id="import-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
        <label>
          Account
          <input
            value={accountDraft}
            placeholder="as named in the file"
            data-testid="import-account"
            onChange={(e) => setAccountDraft(e.target.value)}
            onBlur={() => void setAccount(accountDraft)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void setAccount(accountDraft)
            }}
          />
        </label>
      </div>
      {preview.status === 'loading' && <p className="muted">Reading the file…</p>}
      {preview.status === 'error' && <ErrorView error={preview.error} compact />}
      {value && (
        <>
          <PreviewFacts preview={value} />
          {(needsMapping || mapping) && <MappingEditor head={value.head} />}
          <div className="import-preview-scroll">
            <Table
              columns={previewColumns}
              rows={value.fills}
              rowKey={(f) => `${f.line}-${f.executedAt}-${f.symbol}`}
              empty="No fills to show"
              caption="First fills of the file"
              testId="import-preview-table"
            />
          </div>
          <div className="import-actions">
            <Button
              variant="primary"
              disabled={!canImport}
              onClick={() => void runImport()}
              data-testid="import-run"
            >
              {value.isPartial ? 'Import the whole file' : `Import ${value.total} fills`}
            </Button>
            {!canImport && value.errors.length > 0 && (
              <span className="muted small">Fix the errors above; nothing has been written.</span>
            )}
          </div>
        </>
      )}
    </Card>
  )
}

function ImportingStep() {
  const progress = useImportStore((s) => s.progress)
  const cancelImport = useImportStore((s) => s.cancelImport)
  const pct = progress && progress.total > 0 ? (100 * progress.done) / progress.total : 0
  return (
    <Card title="Importing…" testId="import-running">
      <div className="import-progress" aria-label="Import progress">
        <div style={{ width: `${pct}%` }} />
      </div>
      <p className="muted small">{progress?.message ?? 'Writing fills in one transaction'}</p>
      <div className="import-actions">
        <Button
          variant="danger"
          disabled={!progress}
          onClick={() => void cancelImport()}
          data-testid="import-cancel"
        >
          Cancel
        </Button>
      </div>
    </Card>
  )
}

function SummaryView({ summary }: { summary: ImportSummary }) {
  const undo = useImportStore((s) => s.undo)
  const reset = useImportStore((s) => s.reset)
  const [undone, setUndone] = useState(false)
  return (
    <Card title={`Imported ${summary.fileName}`} testId="import-summary">
      <div className="stat-row">
        <Stat label="Fills added" value={summary.fills} testId="import-added" />
        <Stat label="Already stored" value={summary.duplicates} testId="import-duplicates" />
        <Stat
          label="Rows skipped"
          value={summary.skipped.reduce((s, x) => s + x.count, 0)}
          hint={summary.skipped.map((s) => `${s.count} ${s.reason}`).join(', ') || undefined}
        />
        <Stat label="Warnings" value={summary.warnings.length} />
      </div>
      <dl className="kv">
        <dt>Format</dt>
        <dd>{summary.format}</dd>
        <dt>Accounts</dt>
        <dd>{summary.accounts.join(', ')}</dd>
        <dt>Times read in</dt>
        <dd>{summary.zone ?? 'offsets in the file'}</dd>
        <dt>Batch</dt>
        <dd>
          <code>{summary.batchId}</code>
        </dd>
        {summary.statedTotals
          .filter((t) => t.symbol === null)
          .map((t) => (
            <div key={`${t.label}-${t.line}`} style={{ display: 'contents' }}>
              <dt>File states {t.label}</dt>
              <dd className="num">{formatMoney(t.amount, t.currency)}</dd>
            </div>
          ))}
      </dl>
      {summary.warnings.length > 0 && (
        <ul className="import-list" data-testid="import-summary-warnings">
          {summary.warnings.slice(0, 50).map((w, i) => (
            <li key={i}>
              <code>line {w.line}</code> {w.message}
            </li>
          ))}
        </ul>
      )}
      <div className="import-actions">
        <Button variant="primary" onClick={reset} data-testid="import-another">
          Import another file
        </Button>
        <Button
          variant="danger"
          disabled={undone || summary.fills === 0}
          onClick={() => void undo(summary.batchId).then((err) => setUndone(err === null))}
          data-testid="import-undo"
        >
          {undone ? 'Undone' : 'Undo this import'}
        </Button>
      </div>
    </Card>
  )
}

/**
 * The import wizard: pick a file, check the detected format, zone and first fills, import, then
 * read the summary. Bad files show their errors with line numbers and write nothing.
 */
export function ImportWizard() {
  const { step, summary, loadFormats, loadBatches } = useImportStore()
  useEffect(() => {
    void loadFormats()
    void loadBatches()
  }, [loadFormats, loadBatches])
  return (
    <div className="page-grid" data-testid="import-wizard">
      <div className="span-2">
        {step === 'pick' && <FilePicker />}
        {step === 'preview' && <PreviewStep />}
        {step === 'importing' && <ImportingStep />}
        {step === 'done' && summary.status === 'ready' && <SummaryView summary={summary.value} />}
        {step === 'done' && summary.status === 'error' && (
          <Card
            title={
              summary.error.code === 'cancelled'
                ? 'Import cancelled — nothing was written'
                : 'Import failed — nothing was written'
            }
            testId="import-failed"
          >
            <ErrorView error={summary.error} />
            <ImportErrorList details={summary.error.details} />
            <div className="import-actions">
              <Button onClick={() => useImportStore.getState().reset()}>Choose another file</Button>
            </div>
          </Card>
        )}
      </div>
      <div className="span-2">
        <RecentImports />
      </div>
    </div>
  )
}

function ImportErrorList({ details }: { details: Record<string, unknown> | undefined }) {
  const errors = Array.isArray(details?.errors)
    ? (details.errors as { file: string; line: number; field: string; message: string }[])
    : []
  if (errors.length === 0) return null
  return (
    <ul className="import-list import-errors" data-testid="import-errors">
      {errors.map((e, i) => (
        <li key={i}>
          <code>
            {e.file}:{e.line}
          </code>{' '}
          <strong>{e.field}</strong> — {e.message}
        </li>
      ))}
    </ul>
  )
}
