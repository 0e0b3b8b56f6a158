import { useState } from 'react'
import type { ImportMapping } from '../../../../../electron/core/contract/index'
import { Button } from '../../../components/Button'
import { useImportStore } from '../../../stores/import-store'

type ColumnKey = keyof ImportMapping['columns']

const FIELDS: { key: ColumnKey; label: string; isRequired?: boolean }[] = [
  { key: 'symbol', label: 'Symbol', isRequired: true },
  { key: 'side', label: 'Side (omit if qty is signed)' },
  { key: 'qty', label: 'Quantity', isRequired: true },
  { key: 'price', label: 'Price', isRequired: true },
  { key: 'time', label: 'Date / time', isRequired: true },
  { key: 'timeOfDay', label: 'Time (if separate)' },
  { key: 'account', label: 'Account' },
  { key: 'commission', label: 'Commission' },
  { key: 'fees', label: 'Fees' },
  { key: 'executionId', label: 'Execution id' },
  { key: 'multiplier', label: 'Multiplier' },
  { key: 'currency', label: 'Currency' },
]

/**
 * Maps the columns of a file no importer knows (its first row is the header) and saves the
 * mapping under a broker name for next time.
 */
export function MappingEditor({ head }: { head: string[][] }) {
  const { mapping, mappingNames, setMapping, saveMapping, loadMapping } = useImportStore()
  const header = (head[0] ?? []).map((h) => h.trim()).filter((h) => h !== '')
  const [draft, setDraft] = useState<Partial<Record<ColumnKey, string>>>(
    () => mapping?.columns ?? {},
  )
  const [dateFormat, setDateFormat] = useState(mapping?.dateFormat ?? 'yyyy-MM-dd HH:mm:ss')
  const [name, setName] = useState('')
  const [message, setMessage] = useState('')
  const isComplete = FIELDS.every((f) => !f.isRequired || draft[f.key])

  const apply = () => {
    const columns: Record<string, string> = {}
    for (const f of FIELDS) {
      const value = draft[f.key]
      if (value) columns[f.key] = value
    }
    void setMapping({ columns: columns as ImportMapping['columns'], dateFormat })
  }

  return (
    <div data-testid="mapping-editor">
      <p className="muted small">
        No importer recognises this file. Map its columns (dates use patterns like{' '}
        <code>M/d/yyyy h:mm:ss a</code> or <code>iso</code>).
        {mappingNames.length > 0 && ' Or load a saved mapping:'}
      </p>
      {mappingNames.length > 0 && (
        <div className="import-actions">
          {mappingNames.map((n) => (
            <Button key={n} size="sm" onClick={() => void loadMapping(n)}>
              {n}
            </Button>
          ))}
        </div>
      )}
      <div className="mapping-grid">
        {FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            {f.isRequired ? ' *' : ''}
            <select
              value={draft[f.key] ?? ''}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value || undefined })}
            >
              <option value="">—</option>
              {header.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label>
          Date format *
          <input value={dateFormat} onChange={(e) => setDateFormat(e.target.value)} />
        </label>
      </div>
      <div className="import-actions">
        <Button disabled={!isComplete} onClick={apply}>
          Apply mapping
        </Button>
        <input
          value={name}
          placeholder="Broker name"
          aria-label="Broker name for the mapping"
          onChange={(e) => setName(e.target.value)}
        />
        <Button
          disabled={!mapping || name.trim() === ''}
          onClick={() =>
            void saveMapping(name.trim()).then((err) =>
              setMessage(err ? err.message : `Saved as ${name.trim()}`),
            )
          }
        >
          Save mapping
        </Button>
        {message && <span className="muted small">{message}</span>}
      </div>
    </div>
  )
}
