import { useState } from 'react'
import type { ImportBatchDto, WireError } from '../../../../../electron/core/contract/index'
import { Button } from '../../../components/Button'
import { Card } from '../../../components/Card'
import { ErrorView } from '../../../components/ErrorView'
import { Table, type Column } from '../../../components/Table'
import { formatDateTime } from '../../../lib/zone'
import { useImportStore } from '../../../stores/import-store'
import { useZoneStore } from '../../../stores/zone-store'

/** Past imports, newest first, each undoable as a whole; times in the display zone. */
export function RecentImports() {
  const batches = useImportStore((s) => s.batches)
  const undo = useImportStore((s) => s.undo)
  const zone = useZoneStore((s) => s.zone)
  const [error, setError] = useState<WireError | null>(null)
  const columns: Column<ImportBatchDto>[] = [
    { key: 'at', header: `Imported (${zone})`, render: (b) => formatDateTime(b.createdAt, zone) },
    { key: 'file', header: 'File', render: (b) => b.fileName },
    { key: 'format', header: 'Format', render: (b) => b.format },
    { key: 'account', header: 'Account', render: (b) => b.account ?? 'several' },
    { key: 'fills', header: 'Fills', render: (b) => b.insertedCount, align: 'right' },
    {
      key: 'undo',
      header: '',
      align: 'right',
      render: (b) =>
        b.undoneAt ? (
          <span className="muted small">undone</span>
        ) : b.insertedCount === 0 ? (
          <span className="muted small">nothing added</span>
        ) : (
          <Button
            size="sm"
            variant="ghost"
            data-testid={`undo-${b.id}`}
            onClick={() => void undo(b.id).then(setError)}
          >
            Undo
          </Button>
        ),
    },
  ]
  return (
    <Card title="Recent imports" testId="import-batches">
      {error && <ErrorView error={error} compact />}
      {batches.status === 'error' && <ErrorView error={batches.error} compact />}
      <Table
        columns={columns}
        rows={batches.status === 'ready' ? batches.value : []}
        rowKey={(b) => b.id}
        empty="No imports yet"
        caption="Recent imports"
      />
    </Card>
  )
}
