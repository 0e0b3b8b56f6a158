import type { WireError } from '../../../electron/core/contract/index'
import { errorHint, errorTitle } from '../lib/errors'
import { Button } from './Button'

/** A readable `{ ok: false }` answer: code, message, field issues and details. */
export function ErrorView({
  error,
  onRetry,
  compact,
}: {
  error: WireError
  onRetry?: () => void
  compact?: boolean
}) {
  const { stack, ...details } = error.details ?? {}
  const hasDetails = Object.keys(details).length > 0
  return (
    <div
      className={compact ? 'error-view error-compact' : 'error-view'}
      role="alert"
      data-testid="error-view"
    >
      <div className="error-head">
        <span className="error-title">{errorTitle(error.code)}</span>
        <code className="error-code">{error.code}</code>
      </div>
      <p className="error-message">{error.message}</p>
      {errorHint(error.code) !== null && <p className="error-hint">{errorHint(error.code)}</p>}
      {error.issues && error.issues.length > 0 && (
        <ul className="error-issues">
          {error.issues.map((issue, i) => (
            <li key={i}>
              <code>{issue.path.length > 0 ? issue.path.join('.') : '(input)'}</code>
              <span>{issue.message}</span>
            </li>
          ))}
        </ul>
      )}
      {(hasDetails || typeof stack === 'string') && (
        <details className="error-details">
          <summary>Details</summary>
          <pre>
            {JSON.stringify(details, null, 2)}
            {typeof stack === 'string' ? `\n\n${stack}` : ''}
          </pre>
        </details>
      )}
      {onRetry && (
        <div className="error-actions">
          <Button size="sm" onClick={onRetry}>
            Try again
          </Button>
        </div>
      )}
    </div>
  )
}
