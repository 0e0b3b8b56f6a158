import { EmptyState } from '../../components/EmptyState'
import { SyncIcon } from '../../components/icons'
import { PageHeader } from '../../components/PageHeader'
import type { PageProps } from '../routes'

/** Sync to a shared PostgreSQL server. Not built yet, and it says so. */
export function SyncPage(_props: PageProps) {
  return (
    <div className="page">
      <PageHeader title="Sync" subtitle="Share your journal with a PostgreSQL server" />
      <EmptyState icon={<SyncIcon />} title="Sync is not available yet">
        This version of Edgebook keeps everything on this machine. Sync to a PostgreSQL server you
        run will come in a later version; your data stays local until then.
      </EmptyState>
    </div>
  )
}
