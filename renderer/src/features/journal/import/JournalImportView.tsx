import { FillsTable } from '../fills/FillsTable'
import { ImportWizard } from './ImportWizard'

/**
 * The Journal's import area: the wizard above the stored fills. The Journal page mounts it at
 * `#/journal/import`.
 */
export function JournalImportView() {
  return (
    <div className="page-grid" data-testid="journal-import">
      <div className="span-2">
        <ImportWizard />
      </div>
      <div className="span-2">
        <FillsTable />
      </div>
    </div>
  )
}
