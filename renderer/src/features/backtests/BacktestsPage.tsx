import { EmptyState } from '../../components/EmptyState'
import { BacktestIcon } from '../../components/icons'
import { PageHeader } from '../../components/PageHeader'
import type { PageProps } from '../routes'

/** Backtests: one strategy over one series, grids and optimiser runs. */
export function BacktestsPage(_props: PageProps) {
  return (
    <div className="page">
      <PageHeader title="Backtests" subtitle="Run a strategy over your market data" />
      <EmptyState icon={<BacktestIcon />} title="No backtests yet">
        Load bars under Market data first, then run a strategy over them here.
      </EmptyState>
    </div>
  )
}
