import type { CheckDto, TraderAction } from '../../../../../electron/core/contract/index'
import { Button } from '../../../components/Button'
import '../campaigns/campaigns.css'

const CHECK_LABEL: Record<string, string> = {
  max_position_size_pct: 'Position size',
  max_risk_per_trade_pct: 'Risk per trade',
  stop_required: 'Stop required',
  max_daily_loss: 'Daily loss limit',
  max_trades_per_day: 'Trades per day',
  revenge_reentry: 'Re-entry after a loss',
  adding_to_loser: 'Adding to a loser',
  planned_hours: 'Planned hours',
}

const ACTION_LABEL: Record<TraderAction, string> = {
  proceeded: 'Proceeded anyway',
  modified: 'Modified the trade',
  cancelled: 'Cancelled',
}

/** Checks of one decision: failed ones first, each with its nudge and the trader's answer. */
export function ChecksList({
  checks,
  onAcknowledge,
}: {
  checks: readonly CheckDto[]
  onAcknowledge: (checkId: string, action: TraderAction) => void
}) {
  if (checks.length === 0) {
    return <p className="muted">No rule applies to this decision.</p>
  }
  const ordered = [...checks].sort((a, b) => Number(a.passed) - Number(b.passed))
  return (
    <ul className="checks" data-testid="checks">
      {ordered.map((c) => (
        <li
          key={c.id}
          className={`check ${c.passed ? 'check-passed' : `check-${c.severity}`}`}
          data-testid={c.passed ? 'check-passed' : 'nudge'}
        >
          <div className="check-body">
            <div className="check-head">
              <strong>{CHECK_LABEL[c.checkType] ?? c.checkType}</strong>
              <span className="badge">{c.passed ? 'passed' : c.severity}</span>
              {c.phase && <span>{c.phase.replace('_', ' ')}</span>}
            </div>
            <div>{c.nudge}</div>
            {c.acknowledged && c.traderAction && (
              <div className="muted" data-testid="check-action">
                You answered: {ACTION_LABEL[c.traderAction]}
              </div>
            )}
          </div>
          {!c.passed && !c.acknowledged && (
            <div className="check-actions">
              {(Object.keys(ACTION_LABEL) as TraderAction[]).map((action) => (
                <Button key={action} size="sm" onClick={() => onAcknowledge(c.id, action)}>
                  {ACTION_LABEL[action]}
                </Button>
              ))}
            </div>
          )}
        </li>
      ))}
    </ul>
  )
}
