import { useEffect } from 'react'
import { PageHeader } from '../../components/PageHeader'
import { Tabs } from '../../components/Tabs'
import { useBacktestStore, type BacktestTab } from '../../stores/backtest-store'
import type { PageProps } from '../routes'
import { BatchView } from './BatchView'
import { HistoryView } from './HistoryView'
import { OptimiseView } from './OptimiseView'
import { RunView } from './RunView'

const TABS: { id: BacktestTab; label: string }[] = [
  { id: 'run', label: 'Run' },
  { id: 'batch', label: 'Grid' },
  { id: 'optimise', label: 'Optimise' },
  { id: 'history', label: 'Stored runs' },
]

/** Backtests: one strategy over one series, grids of variants, stored runs and comparisons. */
export function BacktestsPage(_props: PageProps) {
  const tab = useBacktestStore((s) => s.tab)
  const setTab = useBacktestStore((s) => s.setTab)
  useEffect(() => {
    void useBacktestStore.getState().load()
    return useBacktestStore.getState().watch()
  }, [])
  return (
    <div className="page">
      <PageHeader
        title="Backtests"
        subtitle="Reference semantics: the same numbers as backtesting.py 0.6.6"
      />
      <Tabs tabs={TABS} value={tab} onChange={setTab} label="Backtest views" />
      {tab === 'run' && <RunView />}
      {tab === 'batch' && <BatchView />}
      {tab === 'optimise' && <OptimiseView />}
      {tab === 'history' && <HistoryView />}
    </div>
  )
}
