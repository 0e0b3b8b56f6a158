import { EmptyState } from '../../components/EmptyState'
import { ProbeIcon } from '../../components/icons'
import { PageHeader } from '../../components/PageHeader'
import type { PageProps } from '../routes'

/** Probes: a catalogue of strategies over many symbols. Not built yet, and it says so. */
export function ProbesPage(_props: PageProps) {
  return (
    <div className="page">
      <PageHeader title="Probes" subtitle="A catalogue of strategies across many symbols" />
      <EmptyState icon={<ProbeIcon />} title="Probes are not available yet">
        This version of Edgebook cannot run probes. They will rank a catalogue of named strategies
        over a symbol list and a period; until then, test one strategy at a time under Backtests.
      </EmptyState>
    </div>
  )
}
