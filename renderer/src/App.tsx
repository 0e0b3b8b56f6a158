import { ErrorBoundary } from './components/ErrorBoundary'
import { Shell } from './features/shell/Shell'

/** The root: one error boundary around the whole shell, another around each page. */
export function App() {
  return (
    <ErrorBoundary>
      <Shell />
    </ErrorBoundary>
  )
}
