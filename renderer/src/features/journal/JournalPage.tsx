import { EmptyState } from '../../components/EmptyState'
import { JournalIcon } from '../../components/icons'
import { PageHeader } from '../../components/PageHeader'
import type { PageProps } from '../routes'

/** Journal: imported fills grouped into campaigns, with notes. */
export function JournalPage(_props: PageProps) {
  return (
    <div className="page">
      <PageHeader title="Journal" subtitle="Fills from your broker, grouped into campaigns" />
      <EmptyState icon={<JournalIcon />} title="No fills yet">
        Import a broker export to start your journal. From a terminal:{' '}
        <code>npx edgebook fills import FILE</code>
      </EmptyState>
    </div>
  )
}
