import { Component, type ErrorInfo, type ReactNode } from 'react'
import { ErrorView } from './ErrorView'

type State = { error: Error | null }

/**
 * Catches a render error in its subtree and shows it instead of a blank window. `resetKey`
 * clears the error when it changes (the shell passes the route, so navigating away recovers).
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null })
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('[edgebook] render failed', error, info.componentStack)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <div className="page-pad">
        <ErrorView
          error={{
            code: 'internal',
            message: error.message,
            ...(error.stack ? { details: { stack: error.stack } } : {}),
          }}
          onRetry={() => this.setState({ error: null })}
        />
      </div>
    )
  }
}
