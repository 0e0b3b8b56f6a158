import { useEffect, useState } from 'react'
import type {
  ProfileDto,
  RawIn,
  RuleDto,
  WireError,
} from '../../../../../electron/core/contract/index'
import { Button } from '../../../components/Button'
import { Card } from '../../../components/Card'
import { ErrorView } from '../../../components/ErrorView'
import { Field } from '../../../components/Field'
import { useJournalStore } from '../../../stores/journal-store'
import '../campaigns/campaigns.css'

type RuleCode = RawIn<'rules-save'>['rules'][number]['ruleCode']

/** The rule switches with their one or two parameters, as a trader thinks of them. */
const RULES: { code: RuleCode; label: string; params: { key: string; label: string }[] }[] = [
  { code: 'stop_required', label: 'Every entry needs a stop', params: [] },
  {
    code: 'max_trades_per_day',
    label: 'Max trades per day',
    params: [{ key: 'max', label: 'trades' }],
  },
  {
    code: 'max_daily_loss',
    label: 'Stop after a daily loss of',
    params: [{ key: 'amount', label: 'money' }],
  },
  {
    code: 'revenge_reentry',
    label: 'No re-entry within N minutes of a loss',
    params: [{ key: 'minutes', label: 'minutes' }],
  },
  { code: 'adding_to_loser', label: 'Never add to a loser', params: [] },
  {
    code: 'planned_hours',
    label: 'Trade only in planned hours',
    params: [
      { key: 'start', label: 'from (HH:MM)' },
      { key: 'end', label: 'to (HH:MM)' },
    ],
  },
]

type Draft = Record<string, { isEnabled: boolean; params: Record<string, string> }>

function toDraft(rules: readonly RuleDto[]): Draft {
  const draft: Draft = {}
  for (const r of RULES) {
    const stored = rules.find((x) => x.ruleCode === r.code)
    draft[r.code] = {
      isEnabled: stored?.isEnabled ?? false,
      params: Object.fromEntries(
        r.params.map((p) => {
          const value = stored?.parameters[p.key]
          return [
            p.key,
            typeof value === 'number' || typeof value === 'string' ? String(value) : '',
          ]
        }),
      ),
    }
  }
  return draft
}

function paramValue(key: string, text: string): string | number {
  return key === 'start' || key === 'end' ? text : Number(text)
}

/** The trader's risk profile and rules: what the checks hold each decision against. */
export function RulesPanel() {
  const { rules, profile, loadRules } = useJournalStore()
  useEffect(() => {
    void loadRules()
  }, [loadRules])
  if (rules.status === 'error') return <ErrorView error={rules.error} />
  if (profile.status === 'error') return <ErrorView error={profile.error} />
  if (rules.status !== 'ready' || profile.status !== 'ready') {
    return <p className="muted">Loading rules…</p>
  }
  return <RulesForm rules={rules.value} profile={profile.value} />
}

function RulesForm({ rules, profile }: { rules: readonly RuleDto[]; profile: ProfileDto }) {
  const { saveRules, saveProfile } = useJournalStore()
  const [draft, setDraft] = useState<Draft>(() => toDraft(rules))
  const [balance, setBalance] = useState(profile.accountBalance?.toString() ?? '')
  const [riskPct, setRiskPct] = useState(profile.maxRiskPerTradePct?.toString() ?? '')
  const [sizePct, setSizePct] = useState(profile.maxPositionSizePct?.toString() ?? '')
  const [error, setError] = useState<WireError | null>(null)
  const [saved, setSaved] = useState(false)

  const save = async () => {
    setSaved(false)
    const num = (t: string) => (t.trim() === '' ? null : Number(t))
    const profileError = await saveProfile({
      accountBalance: num(balance),
      maxRiskPerTradePct: num(riskPct),
      maxPositionSizePct: num(sizePct),
    })
    if (profileError) return setError(profileError)
    const list = RULES.filter((r) => draft[r.code]?.isEnabled).map((r) => ({
      ruleCode: r.code,
      isEnabled: true,
      parameters: Object.fromEntries(
        r.params
          .filter((p) => (draft[r.code]?.params[p.key] ?? '') !== '')
          .map((p) => [p.key, paramValue(p.key, draft[r.code]?.params[p.key] ?? '')]),
      ),
    }))
    const rulesError = await saveRules(list)
    setError(rulesError)
    setSaved(rulesError === null)
  }

  return (
    <Card
      title="Rules and risk profile"
      testId="rules-panel"
      actions={
        <Button variant="primary" size="sm" onClick={() => void save()} data-testid="rules-save">
          Save rules
        </Button>
      }
    >
      <div className="context-form">
        <Field label="Account balance">
          <input inputMode="decimal" value={balance} onChange={(e) => setBalance(e.target.value)} />
        </Field>
        <Field label="Max risk per trade %">
          <input inputMode="decimal" value={riskPct} onChange={(e) => setRiskPct(e.target.value)} />
        </Field>
        <Field label="Max position size %">
          <input inputMode="decimal" value={sizePct} onChange={(e) => setSizePct(e.target.value)} />
        </Field>
        {RULES.map((r) => {
          const state = draft[r.code] ?? { isEnabled: false, params: {} }
          return (
            <div key={r.code} className="span-all rule-row">
              <label>
                <input
                  type="checkbox"
                  checked={state.isEnabled}
                  data-testid={`rule-${r.code}`}
                  onChange={(e) =>
                    setDraft({ ...draft, [r.code]: { ...state, isEnabled: e.target.checked } })
                  }
                />{' '}
                {r.label}
              </label>
              {r.params.map((p) => (
                <input
                  key={p.key}
                  aria-label={`${r.label}: ${p.label}`}
                  placeholder={p.label}
                  value={state.params[p.key] ?? ''}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      [r.code]: { ...state, params: { ...state.params, [p.key]: e.target.value } },
                    })
                  }
                />
              ))}
            </div>
          )
        })}
      </div>
      {error && <ErrorView error={error} compact />}
      {saved && <p className="muted">Saved. New checks run when you save a decision context.</p>}
    </Card>
  )
}
