import { EmptyState } from '../../components/EmptyState'
import { MarketIcon } from '../../components/icons'
import { PageHeader } from '../../components/PageHeader'
import type { PageProps } from '../routes'

/** Market data: OHLCV series stored locally for backtests and charts. */
export function MarketPage(_props: PageProps) {
  return (
    <div className="page">
      <PageHeader title="Market data" subtitle="Price series stored on this machine" />
      <EmptyState icon={<MarketIcon />} title="No price series yet">
        Import OHLCV bars from a CSV file to chart them and run backtests.
      </EmptyState>
    </div>
  )
}
