import { Button } from '../../components/Button'
import { useBacktestStore } from '../../stores/backtest-store'
import { familyLabel } from './family-labels'

/**
 * Which probe-catalogue family the picked strategy behaves like: its returns against every
 * catalogue entry's on the stored series, with each family's score as a bar.
 */
export function StrategyFamily() {
  const strategy = useBacktestStore((s) => s.form.strategy)
  const family = useBacktestStore((s) => s.family)
  const { detectFamily } = useBacktestStore.getState()
  const isCurrent = family.strategy === strategy
  const saved = useBacktestStore((s) =>
    s.strategies.status === 'ready'
      ? s.strategies.value.user.find((u) => `user:${u.id}` === strategy)
      : undefined,
  )
  return (
    <div className="stack" data-testid="bt-family">
      <div className="row">
        <Button
          size="sm"
          onClick={() => void detectFamily()}
          disabled={!strategy || (isCurrent && family.status === 'loading')}
          data-testid="bt-family-detect"
        >
          {isCurrent && family.status === 'loading'
            ? 'Comparing with the catalogue…'
            : 'What does it behave like?'}
        </Button>
        {isCurrent && family.status === 'ready' && (
          <span data-testid="bt-family-answer">
            Behaves like{' '}
            <strong>{family.value.family ? familyLabel(family.value.family) : 'no family'}</strong>{' '}
            <span className="muted">
              (correlation {family.value.score.toFixed(2)} on {family.value.samples} series,
              closest: {family.value.matches[0]?.name ?? '—'})
            </span>
          </span>
        )}
        {!isCurrent && saved?.impliedFamily && (
          <span className="muted" data-testid="bt-family-stored">
            Last found to behave like {familyLabel(saved.impliedFamily)}
          </span>
        )}
        {isCurrent && family.status === 'error' && (
          <span className="neg" role="alert">
            {family.error.message}
          </span>
        )}
      </div>
      {isCurrent && family.status === 'ready' && (
        <ul className="family-bars" aria-label="Families by correlation">
          {family.value.families.map((f) => (
            <li key={f.family}>
              <span className="family-name">{familyLabel(f.family)}</span>
              <span
                className="family-bar"
                style={{ width: `${Math.max(0, Math.min(1, f.score)) * 100}%` }}
                aria-hidden
              />
              <span className="muted">{f.score.toFixed(2)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
