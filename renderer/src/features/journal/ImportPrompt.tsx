import { Button } from '../../components/Button'
import { EmptyState } from '../../components/EmptyState'
import { navigate } from '../../lib/router'

/**
 * What an empty journal shows where its data would be: what is missing, how to get it, and a
 * button to the import.
 */
export function ImportPrompt({ title, testId }: { title: string; testId?: string }) {
  return (
    <EmptyState
      title={title}
      testId={testId ?? 'import-prompt'}
      action={
        <Button variant="primary" onClick={() => navigate('journal', 'import')}>
          Import fills
        </Button>
      }
    >
      <p>
        Import a statement or trade export from your broker (thinkorswim, Interactive Brokers,
        NinjaTrader, Tradovate, tastytrade, or any CSV): its fills are grouped into campaigns with
        their P&amp;L, and your statistics follow.
      </p>
    </EmptyState>
  )
}
